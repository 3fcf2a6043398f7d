"""Which defined name a missing one is a misspelling of: a close spelling only."""
from deepgrade.submission.names import case_variant, close_spelling, definitions


def test_close_spelling_is_case_or_a_typed_letter_or_two():
    assert close_spelling("Fourcal", ["FourCal", "MoreFourCal"]) == "FourCal"
    assert close_spelling("MoreFourcal", ["FourCal", "Parent"]) is None        # not a spelling of it
    assert close_spelling("build_datasets", ["build_dataset"]) == "build_dataset"
    assert close_spelling("iterations_per_epoch", ["iteration_per_epocs"]) == "iteration_per_epocs"
    assert close_spelling("dot", ["add", "mul"]) is None
    assert close_spelling("Child", ["Chlid"]) == "Chlid"
    assert case_variant("Fourcal", ["Fourcal"]) is None


def test_definitions_leave_out_imports_and_private_helpers():
    source = "import torch\nfrom torch import nn as _nn\nX = 1\n\nclass A:\n    pass\n\ndef _h():\n    pass\n\ndef f():\n    pass\n"
    assert definitions(source) == ["X", "A", "f"]
    assert definitions("def broken(:\n") == []
