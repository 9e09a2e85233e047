"""Giving freed memory back to the system during a long tagging run.

A memory zone frees the words a chunk added, but glibc's allocator keeps the freed blocks
scattered through its heap, and the next chunk's words rarely fit the same holes: a
worker's peak kept creeping up, note after note, although nothing lasting grew.
`malloc_trim` returns the free pages to the system, as Dask's workers do for the same
reason. Elsewhere (macOS, musl) there is no such call and this does nothing.
"""

import ctypes
import ctypes.util
from functools import cache


@cache
def _malloc_trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def give_back() -> bool:
    """Return freed heap pages to the system; False where the C library cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
