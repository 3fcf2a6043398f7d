"""Runs inside the sandbox: the zygote process and the processes it forks for each sandbox (outer,
init, worker), with student code in the same process. Trusts nothing from the student and is
trusted by nothing: it never imports ``deepgrade.sandbox.client`` (tests/test_layers.py)."""
