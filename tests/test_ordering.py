"""The fast integer sorts agree with numpy's stable ones, whether or not the keys fit in one int64."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ordering import groups, stable_order

# small values (one combined int64 sort) and huge ones (the np.lexsort / argsort fallback)
VALUES = st.one_of(st.integers(-5, 5), st.integers(-(2**62), 2**62))


@settings(deadline=None)
@given(st.lists(st.tuples(VALUES, st.integers(0, 3), st.integers(-2, 2)), max_size=40))
def test_stable_order_is_numpys_lexsort(rows):
    keys = [np.array([row[i] for row in rows], dtype=np.int64) for i in range(3)]
    np.testing.assert_array_equal(stable_order(*keys), np.lexsort(keys[::-1]))


@settings(deadline=None)
@given(st.lists(VALUES, max_size=40))
def test_groups_are_numpys_unique(values):
    key = np.array(values, dtype=np.int64)
    group, first = groups(key)
    _, expected_first, expected_group = np.unique(key, return_index=True, return_inverse=True)
    np.testing.assert_array_equal(group, expected_group.ravel())
    np.testing.assert_array_equal(first, expected_first)


def test_ties_keep_row_order_by_hand():
    # rows 0..4 by (a, b): (1,0) rows 1 and 3 tie and keep their order; then (1,1) row 0; (2,0) rows 2, 4
    a, b = np.array([1, 1, 2, 1, 2]), np.array([1, 0, 0, 0, 0])
    assert list(stable_order(a, b)) == [1, 3, 0, 2, 4]
    assert [list(x) for x in groups(a * 2 + b)] == [[1, 0, 2, 0, 2], [1, 0, 2]]
