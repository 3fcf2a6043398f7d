"""A submission's files turned into code units the sandbox runs."""
