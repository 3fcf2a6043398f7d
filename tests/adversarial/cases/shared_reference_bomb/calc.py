# Bypasses the sandbox's own encoder (it runs in this process) and answers with a pickle
# whose shared sub-lists expand to 2**60 nodes on the trusted side: a "billion laughs".
import pickle

import deepgrade.sandbox.inside.worker as worker

_honest = worker.encode_reply


def _bomb(reply):
    if reply.get("kind") == "value" and type(reply.get("value")) is str:
        value = ["laugh"]
        for _ in range(60):
            value = [value, value]
        return b"P" + pickle.dumps(dict(reply, value=value), protocol=4)
    if reply.get("kind") == "error":  # the same for an error's message and traceback
        text = ["x"]
        for _ in range(60):
            text = [text, text]
        return b"P" + pickle.dumps(dict(reply, message=text, traceback=[text]), protocol=4)
    return _honest(reply)


worker.encode_reply = _bomb


def add(a, b):
    return "five"


def mul(x, y):
    if isinstance(y, float):
        raise ValueError("scalars are not supported")  # its reply gets the bomb as message
    return x * y
