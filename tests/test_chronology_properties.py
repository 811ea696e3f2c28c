"""Property-based tests of reconciliation (hypothesis): the result is the intersection of the
claims' windows when they overlap, their span when they do not, and row order never matters.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.chronology import reconcile

PLACES = pd.DataFrame({"place_id": ["a", "b"], "name": ["A", "B"], "country": ["IRQ", "SYR"]})
DAY0 = date(2014, 1, 1)


@st.composite
def claim_sets(draw):
    n = draw(st.integers(1, 12))
    rows = []
    for i in range(n):
        start = draw(st.integers(0, 1460))
        length = draw(st.integers(0, 120))
        rows.append(
            {
                "claim_id": f"c{i}",
                "source_id": draw(st.sampled_from(["s1", "s2", "s3"])),
                "place_id": draw(st.sampled_from(["a", "b"])),
                "event": draw(st.sampled_from(["seized", "retaken"])),
                "episode": draw(st.integers(1, 2)),
                "actor": draw(st.sampled_from(["", "x", "y"])),
                "date_earliest": DAY0 + timedelta(days=start),
                "date_latest": DAY0 + timedelta(days=start + length),
                "precision": "range",
            }
        )
    return pd.DataFrame(rows)


@settings(deadline=None)
@given(claim_sets())
def test_window_is_the_intersection_or_the_span(claims):
    events = reconcile(claims, PLACES)
    events[["date_earliest", "date_latest"]] = events[["date_earliest", "date_latest"]].apply(
        lambda c: c.dt.date
    )
    for _, e in events.iterrows():
        group = claims[
            (claims["place_id"] == e["place_id"])
            & (claims["event"] == e["event"])
            & (claims["episode"] == e["episode"])
        ]
        lo, hi = max(group["date_earliest"]), min(group["date_latest"])
        assert e["date_earliest"] <= e["date_latest"]
        if lo <= hi:  # never narrower than the intersection, never wider
            assert (e["date_earliest"], e["date_latest"]) == (lo, hi) and e["agreement"] != "conflict"
        else:  # never wider than the span
            assert (e["date_earliest"], e["date_latest"]) == (
                min(group["date_earliest"]),
                max(group["date_latest"]),
            )
            assert e["agreement"] == "conflict"
        assert e["n_claims"] == len(group) and e["n_sources"] == group["source_id"].nunique()
    assert events["n_claims"].sum() == len(claims)  # nothing dropped


@settings(deadline=None)
@given(claim_sets(), st.randoms(use_true_random=False))
def test_row_order_never_changes_the_output(claims, rnd):
    shuffled = claims.sample(frac=1.0, random_state=rnd.randint(0, 2**31 - 1)).reset_index(drop=True)
    pd.testing.assert_frame_equal(reconcile(claims, PLACES), reconcile(shuffled, PLACES))
