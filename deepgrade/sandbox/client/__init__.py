"""The trusted side, in the grader's process: starts the zygote, forks and drives sandboxes,
reads their replies through a whitelist decoder, watches their memory and time."""
