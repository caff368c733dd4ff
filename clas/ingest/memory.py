"""Memory during a large import: repeated cell values kept once, and freed memory handed back to the system.

A 290,000-row import frees hundreds of megabytes of short-lived buffers: calamine's grids and the cells of
a slice (glibc's heap), the text columns pandas keeps in Arrow (Arrow's own allocator, mimalloc). Both keep
freed pages for reuse rather than returning them, so the resident size only grows. Measured on the bench's
wide register: 150 MB of the 270 MB held after reading were freed glibc memory, and 120 MB of the
process's 480 MB before writing were freed Arrow memory. Returning them between the stages keeps the import's
peak that much lower. Elsewhere than glibc the first part does nothing.

Python's cyclic collector is paused during an import: the rows of a large sheet are hundreds of thousands of
lists, and every few hundred allocations the collector walked all of them again (0,4 s of a 6,7 s import of
the bench's 200,000-row register; copying that register's rows alone took 0,49 s with it, 0,06 s without).
An import makes almost no reference cycles: the few it leaves are collected once, between its stages.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import gc

import pyarrow as pa


@functools.cache
def _libc_function(name: str):
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return getattr(libc, name)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to tune this way
        return None


_M_MMAP_THRESHOLD, _M_ARENA_MAX = -3, -8  # glibc's mallopt parameters
MMAP_FROM = 16 << 20


def tune_malloc() -> None:
    """glibc's allocator set for large imports (process-wide, and the same at every call).

    - Blocks of 16 MB and more always mapped apart, and unmapped when freed. By default glibc raises that
      threshold to the largest block freed so far (up to 32 MB): after the first large frame of an import,
      the next ones came from the heap, where a few small blocks left between them kept their pages. The
      wide register's peak varied from 558 to 618 MB from one run to the next; with the threshold fixed,
      539 to 572.
    - At most two arenas: one for the main thread, one shared by the threads that parse xlsx slices
      (clas/ingest/xlsx_chunks.py). With an arena each, what calamine allocated there stayed with the
      process after the read (35 MB more at the wide register's peak). glibc fixes that limit the first
      time it needs it; threads only contend for malloc where they run outside the interpreter's lock.

    Elsewhere than glibc it does nothing."""
    mallopt = _libc_function("mallopt")
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, MMAP_FROM)
        mallopt(_M_ARENA_MAX, 2)


def give_back() -> None:
    """Return the free pages of both allocators to the system (milliseconds); call it after freeing much."""
    pa.default_memory_pool().release_unused()
    trim = _libc_function("malloc_trim")
    if trim is not None:
        trim(0)


@contextlib.contextmanager
def collector_paused():
    """No automatic cyclic collection inside the block (process-wide, so for seconds at most: one import);
    the collector is back as it was after, even when the block raises."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def shared_rows(rows, shared: dict):
    """Each row as a list whose values are the first equal value met (kept in `shared`, which the caller
    may carry across slices of one sheet)."""
    get = shared.setdefault
    for row in rows:
        if bool in map(type, row):
            # bool is left alone: True == 1 == 1.0 share a dictionary key, and a « 1 » must not come back as
            # True (nor a ticked box as 1). Never a key, a bool cannot be handed back for a number either.
            yield [v if v.__class__ is bool else get(v, v) for v in row]
        else:
            yield list(map(get, row, row))  # the common row, shared at C speed
