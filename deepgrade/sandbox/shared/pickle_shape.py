"""Trusted side: the shape of a reply's pickle, checked before anything unpickles it.

Unpickling hashes dict keys and set members as it builds them, in C, with no time limit and
no recursion guard. Two crafted pickles of a few hundred bytes to a megabyte therefore stop
the grader, whatever whitelist of globals the unpickler uses:

- back references (memo GET, DUP) to a tuple built 60 times from two copies of the one
  before it: hashing it as a set member visits 2**60 nodes;
- a dict key nested a million tuples deep: hashing it recurses in C until the stack runs
  out (a segfault of the grading process).

So replies are written without a memo (``TreePickler``: each object in full, once per
occurrence), and here a reply may hold no back reference at all and nothing nested deeper
than ``MAX_DEPTH``. What passes is a tree of bounded depth: hashing and walking it cost at
most its size.
"""
from __future__ import annotations

import pickle
import pickletools
import types

MAX_DEPTH = 200  # to_plain stops at 100 containers; the reply dict and tensor rebuilds add a few

_BACK_REFERENCES = frozenset({"MEMOIZE", "PUT", "BINPUT", "LONG_BINPUT", "GET", "BINGET",
                              "LONG_BINGET", "DUP"})
# Opcodes that add to the container below their arguments (its depth is not their count).
_EXTENDS = frozenset({"APPEND", "APPENDS", "SETITEM", "SETITEMS", "ADDITEMS", "BUILD"})
_MARK = -1  # a mark on the shadow stack; real entries are depths >= 0


class TreePickler(pickle.Pickler):
    """A pickler without memo (pickle's "fast" mode): no object is referred to twice."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fast = True


# torch.save(pickle_module=...) needs a module-like object with a Pickler and a __name__.
TREE_PICKLE_MODULE = types.ModuleType("deepgrade_tree_pickle")
TREE_PICKLE_MODULE.Pickler = TreePickler  # type: ignore[attr-defined]


def _rule(opcode: pickletools.OpcodeInfo) -> tuple[bool, int | None, int, tuple[int, ...], bool]:
    """(back reference?, slots below a mark or None, slots popped, marks pushed, extends?)."""
    before, after = opcode.stack_before, opcode.stack_after
    mark = before.index(pickletools.markobject) if pickletools.markobject in before else None
    pushes = tuple(_MARK if item is pickletools.markobject else 0 for item in after)
    return (opcode.name in _BACK_REFERENCES, mark, len(before), pushes, opcode.name in _EXTENDS)


_RULES = {opcode.name: _rule(opcode) for opcode in pickletools.opcodes}


def check_tree(data: bytes) -> None:
    """Raise ValueError unless ``data`` is a pickle of a tree no deeper than MAX_DEPTH."""
    stack: list[int] = []
    rules = _RULES
    for opcode, _, _ in pickletools.genops(data):  # genops itself refuses malformed opcodes
        backref, mark, count, pushes, extends = rules[opcode.name]
        if backref:
            raise ValueError(f"back reference ({opcode.name}) in a reply")
        popped: list[int] = []
        if mark is not None:
            while stack and stack[-1] != _MARK:
                popped.append(stack.pop())
            if not stack:
                raise ValueError("unbalanced mark")
            stack.pop()
            count = mark
        if len(stack) < count:
            raise ValueError("stack underflow")
        if count:
            bases = stack[-count:]
            del stack[-count:]
        else:
            bases = []
        if extends:  # [container, items...] or [container, mark, items...]
            depth = max(bases[0], 1 + max(bases[1:] + popped, default=-1))
        elif bases or popped:
            depth = 1 + max(bases + popped)
        else:
            depth = 0
        if depth > MAX_DEPTH:
            raise ValueError(f"reply nested deeper than {MAX_DEPTH}")
        for push in pushes:
            stack.append(_MARK if push == _MARK else depth)
