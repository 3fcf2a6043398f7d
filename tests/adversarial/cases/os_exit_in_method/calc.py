import os
def add(a, b):
    return a + b


def mul(x, y):
    os._exit(3)
