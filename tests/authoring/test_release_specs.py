"""The release's leak check: solution code is secret, the specification the author wrote is not."""
from __future__ import annotations

from deepgrade.authoring.release import solution_lines

SOURCE = '''
def evaluate(model, loader):
    """Call model.eval() first, then count the correct answers."""
    ### BEGIN SOLUTION
    model.eval()
    correct = sum(int(model(x).argmax() == y) for x, y in loader)
    ### END SOLUTION
'''


def test_a_line_the_docstring_states_is_not_secret_but_the_rest_is() -> None:
    secrets = solution_lines(SOURCE)
    assert "model.eval()" not in secrets  # the docstring tells the student to write it
    assert "correct = sum(int(model(x).argmax() == y) for x, y in loader)" in secrets
