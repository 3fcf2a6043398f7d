"""The untrusted side (forked from a torch-loaded zygote) and its trusted client."""
