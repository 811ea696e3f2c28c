"""Reuse the last result of a costly function when it is asked again for equal inputs.

A :class:`LastResult` keeps one result with copies of the arrays it was computed from. Asked
again with arrays equal to those element by element (same number of arrays, same lengths,
same values; missing values equal each other), it returns the kept result instead of
computing it anew. Exact, unlike a cache keyed on object identity: a table edited in place
no longer equals the kept copies, so its result is computed afresh. Meant for inputs that
come back again and again in one run (the same gazetteer for every article, the same
chronology for every pace function), where comparing costs far less than computing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")


class LastResult(Generic[T]):
    """The last result of one computation and the input arrays it was made from."""

    def __init__(self) -> None:
        self._inputs: list[np.ndarray] | None = None
        self._result: T | None = None

    def get(self, inputs: Sequence[np.ndarray], compute: Callable[[], T]) -> T:
        """The kept result when ``inputs`` equal the kept ones, else ``compute()`` (then kept)."""
        kept = self._inputs
        if kept is not None and len(kept) == len(inputs) and all(map(equal_arrays, kept, inputs)):
            return self._result  # type: ignore[return-value]
        result = compute()
        self._inputs, self._result = [np.array(a, copy=True) for a in inputs], result
        return result


def equal_arrays(a: np.ndarray, b: np.ndarray) -> bool:
    """Same dtype and length, and equal element by element, missing values (None, NaN) included.

    Object arrays holding the very same objects are equal without looking at them (their bytes
    are the objects' addresses; a kept copy holds references, so an address is not reused
    while it is kept).
    """
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.tobytes() == b.tobytes():
        return True
    return bool(((a == b) | (pd.isna(a) & pd.isna(b))).all())
