import os

for target in ("../escaped_by_student.txt", "../../escaped_by_student.txt",
               "/tmp/deepgrade_adversarial_escape.txt"):
    try:
        with open(target, "w") as handle:
            handle.write("escaped")
    except OSError:
        pass

def add(a, b):
    return a + b

def mul(x, y):
    return x * y

