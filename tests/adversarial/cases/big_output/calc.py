import sys
for _ in range(50):
    sys.stdout.write("x" * (1024 * 1024))
def add(a, b):
    return a + b

def mul(x, y):
    return x * y

