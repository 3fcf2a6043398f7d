"""deepgrade: autograded assignments for a weekly deep-learning study course."""

__version__ = "0.1.0"
