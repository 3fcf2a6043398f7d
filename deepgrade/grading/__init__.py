"""deepgrade.grading"""
