"""analysis.memo.LastResult: reuse for equal inputs, recompute after any change."""

from __future__ import annotations

import numpy as np

from analysis.memo import LastResult, equal_arrays


def test_the_last_result_is_reused_for_equal_arrays_and_recomputed_after_an_edit():
    calls = []
    last: LastResult[int] = LastResult()

    def compute(value: int) -> int:
        calls.append(value)
        return value

    ids = np.array(["mosul", "raqqa"], dtype=object)
    assert last.get([ids], lambda: compute(1)) == 1
    assert last.get([np.array(["mosul", "raqqa"], dtype=object)], lambda: compute(2)) == 1  # equal copy
    ids[1] = "rawa"  # edited in place: no longer what the result was made from
    assert last.get([ids], lambda: compute(3)) == 3
    assert last.get([ids, ids], lambda: compute(4)) == 4  # another number of inputs
    assert calls == [1, 3, 4]


def test_equal_arrays_treats_missing_values_as_equal_and_types_as_different():
    assert equal_arrays(
        np.array(["a", None, np.nan], dtype=object), np.array(["a", None, np.nan], dtype=object)
    )
    assert not equal_arrays(np.array(["a", None], dtype=object), np.array(["a", "b"], dtype=object))
    assert not equal_arrays(np.array([1, 2]), np.array([1.0, 2.0]))
    assert not equal_arrays(np.array([1, 2]), np.array([1, 2, 3]))
