"""A wall-clock budget for trusted code in this process, by SIGALRM.

Only for code we run ourselves (graders, the unisolated in-process backend): student code in
the sandbox is bounded by the parent, which a signal handler inside that code could not be.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator


@contextmanager
def raise_after(seconds: float, make_error: Callable[[], BaseException]) -> Iterator[None]:
    """Raise ``make_error()`` in this thread after ``seconds``; main thread only (elsewhere,
    and for ``seconds <= 0``, no budget). A nested use replaces the outer alarm while it runs."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise make_error()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
