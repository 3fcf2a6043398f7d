import time
time.sleep(600)
def add(a, b):
    return a + b

def mul(x, y):
    return x * y

