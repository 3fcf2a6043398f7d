"""The grade run: collect -> units -> cache -> grading pool -> store -> records -> reports."""
