def add(a, b):
    return a + b


def mul(x, y):
    hog = []
    for _ in range(40):  # at most 1 GiB, far past the case's 128 MB limit
        hog.append(b"\x01" * (25 * 1024 * 1024))  # touched pages: real resident memory
    return x * y
