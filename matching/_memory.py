"""Freed memory kept for reuse while the engine solves, instead of given back to the system array by array.

glibc's malloc serves every block of more than 128 KiB (a threshold that rises, as such blocks are freed,
to at most 32 MiB) with a fresh ``mmap`` and returns it with ``munmap`` when it is freed, and it trims the
heap's top as soon as 128 KiB there are free. The solver works with arrays of millions of pairs, each a
temporary: every one was mapped afresh, and the kernel zeroed and faulted in every page of it again. On
the wide county (4.5 million pairs) that was half of the process's CPU time (system time 2.5-2.9 s of
5.6 s, about 100,000 page faults). While :func:`reused_memory` is active, blocks come from the heap and
freed ones are reused; afterwards the thresholds go back to glibc's starting values and the free memory is
returned to the system (``malloc_trim``), so a long-lived portal process keeps nothing of it. Elsewhere than
glibc this does nothing.
"""
from __future__ import annotations

import ctypes
import threading
from contextlib import contextmanager

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's <malloc.h>
#: Blocks below this come from the heap while solving; the heap's free top is kept up to it as well.
SOLVING_THRESHOLD = 1 << 30
#: glibc's starting values of both thresholds (128 KiB).
GLIBC_DEFAULT = 128 * 1024

_lock = threading.Lock()
_active = 0


def _libc():
    """The C library if it has glibc's ``mallopt`` and ``malloc_trim``, else None."""
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt, libc.malloc_trim  # noqa: B018 (glibc only)
    except (OSError, AttributeError):
        return None
    libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    libc.malloc_trim.argtypes = [ctypes.c_size_t]
    return libc


_LIBC = _libc()


@contextmanager
def reused_memory():
    """Within the block, large arrays are allocated from the heap and reused once freed (glibc only).

    Nested or concurrent uses share one setting; the last to leave restores glibc's starting thresholds
    and returns the free memory to the system.
    """
    global _active
    if _LIBC is None:
        yield
        return
    with _lock:
        _active += 1
        if _active == 1:
            _LIBC.mallopt(M_MMAP_THRESHOLD, SOLVING_THRESHOLD)
            _LIBC.mallopt(M_TRIM_THRESHOLD, SOLVING_THRESHOLD)
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                _LIBC.mallopt(M_MMAP_THRESHOLD, GLIBC_DEFAULT)
                _LIBC.mallopt(M_TRIM_THRESHOLD, GLIBC_DEFAULT)
                _LIBC.malloc_trim(0)
