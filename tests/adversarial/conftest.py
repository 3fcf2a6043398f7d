# The graders and the attack submissions are data for grade_submission, never tests of
# this suite (cases/planted_conftest/conftest.py would otherwise hook into this very run).
collect_ignore = ["assignment", "cases"]
