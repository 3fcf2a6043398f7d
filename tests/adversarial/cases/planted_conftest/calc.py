def add(a, b):
    return 0


def mul(x, y):
    return x
