"""Sorting and grouping rows by integer keys, fast: one sort of int64 numbers where they fit.

``np.lexsort`` and ``np.unique(..., return_inverse=True)`` sort indices with a stable
mergesort; when the keys (and the row position) fit together in one int64 number, sorting
those numbers gives the same order several times faster. Keys are int64 arrays of equal
length; the first key sorts first.
"""

from __future__ import annotations

import numpy as np

LIMIT = 2**62  # combined numbers stay below this (int64, with room to spare)


def stable_order(*keys: np.ndarray) -> np.ndarray:
    """The rows' order by ``keys`` (first key first), ties in row order: ``np.lexsort(keys[::-1])``."""
    n = len(keys[0])
    if not n:
        return np.zeros(0, dtype=np.int64)
    combined, size = _combined(keys)
    if combined is not None and size * n < LIMIT:
        return np.sort(combined * n + np.arange(n)) % n
    return np.lexsort(keys[::-1])


def groups(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's group (0..n-1, in ``key`` order) and each group's first row, as ``np.unique``'s
    ``return_inverse`` and ``return_index``."""
    n = len(key)
    low = int(key.min()) if n else 0
    if n and (int(key.max()) - low + 1) * n < LIMIT:
        key, row = np.divmod(np.sort((key - low) * n + np.arange(n)), n)
    else:
        row = np.argsort(key, kind="stable")
        key = key[row]
    new = np.r_[True, key[1:] != key[:-1]] if n else np.zeros(0, dtype=bool)
    group = np.empty(n, dtype=np.int64)
    group[row] = np.cumsum(new) - 1
    return group, row[new]


def _combined(keys: tuple[np.ndarray, ...]) -> tuple[np.ndarray | None, int]:
    """The keys as one int64 number per row and the numbers' bound, or None when they would not fit."""
    combined, size = np.zeros(len(keys[0]), dtype=np.int64), 1
    for key in keys:
        low = int(key.min())
        width = int(key.max()) - low + 1
        if size * width >= LIMIT:
            return None, size
        combined, size = combined * width + (key - low), size * width
    return combined, size
