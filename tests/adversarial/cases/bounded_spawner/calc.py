import subprocess

def add(a, b):
    # 50 long sleepers (marked by their odd duration) that the sandbox must clean up
    for _ in range(50):
        subprocess.Popen(["sleep", "313.25"])
    return a + b

def mul(x, y):
    return x * y

