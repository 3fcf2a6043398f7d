def add(a, b):
    while True:
        pass

def mul(x, y):
    return x * y

