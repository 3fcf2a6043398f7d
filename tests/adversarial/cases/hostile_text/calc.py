# Terminal escapes, HTML and bytes that are not UTF-8 in the output; an exception message
# holding a lone surrogate (bytes decoded with surrogateescape), which no UTF-8 file or
# SQLite column can hold.
import os
import sys

print("\x1b[2J\x1b[32mALL TESTS PASSED 6/6\x1b[0m <script>alert(1)</script>")
sys.stdout.flush()
os.write(1, b"\xff\xfe not utf-8 \xc3\n")


def add(a, b):
    raise ValueError(b"<b>bad \xff byte</b>".decode("utf-8", "surrogateescape"))


def mul(x, y):
    return x * y
