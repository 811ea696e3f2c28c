"""Time reconcile + the pace functions on synthetic claim sets of 12,500 .. 100,000 rows.

The project's target (benchmarks/README.md): 100,000 claims (600x the corpus) in under 10 s
of CPU, growing linearly. A benchmark, not a test: run it on demand.

Run: ``.venv/bin/python benchmarks/bench_pace.py [--sizes 12500 25000 ...] [--repeat 3]``.

Claims are generated with numpy (not timed): n_rows/4 synthetic places (cities, towns,
villages, and a few regions, split between Iraq and Syria), each with up to three episodes
of IS control; every claim names one (place, event, episode) and gives a window (0-90 days
either side of the event's true day, so claims about one event agree), from one of five
sources, with milestone, tier, source group, origin and actor family as ``analysis.load``
gives them. One war_declared_over claim ends the campaign. Timed (best of ``--repeat``):
``reconcile`` then ``occupation_spans``, ``recaptures``, ``gaps``, ``cumulative``,
``per_quarter`` and ``uncertainty_summary`` with a fixed 40 draws (its cost is events x draws;
the real data use 4000 draws on 19 events). Reported: wall seconds per step, and the process's
CPU time (user + system) over all steps of the same run, with the load average, since the
machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis import pace, uncertainty
from analysis.chronology import reconcile

SIZES = (12_500, 25_000, 50_000, 100_000)
DRAWS = 40
EPOCH = np.datetime64("1970-01-01", "D")
START = np.datetime64("2014-01-01", "D")


def synthetic_places(n_places: int, rng: np.random.Generator) -> pd.DataFrame:
    """The gazetteer: ids p0..p{n-1}; 95% towns (city/town/village), 5% regions."""
    ids = pd.Series(np.arange(n_places)).astype(str)
    kind = rng.choice(np.array(["city", "town", "village", "region"]), n_places, p=[0.2, 0.5, 0.25, 0.05])
    return pd.DataFrame(
        {
            "place_id": "p" + ids,
            "name": "Place " + ids,
            "country": rng.choice(np.array(["IRQ", "SYR"]), n_places),
            "kind": kind,
        }
    )


def synthetic_claims(
    n_rows: int, seed: int = 0, all_columns: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n_rows`` claims (plus one war_declared_over claim) and their places, all vectorised.

    With ``all_columns`` the claims also carry the optional columns, as ``analysis.load`` gives
    them (:func:`with_optional_columns`); without, reconcile uses their defaults.
    """
    rng = np.random.default_rng(seed)
    n_places = max(1, n_rows // 4)
    places = synthetic_places(n_places, rng)
    place = rng.integers(0, n_places, n_rows)
    episode = rng.integers(1, 4, n_rows)
    retaken = rng.random(n_rows) < 0.6
    first_day = rng.integers(0, 300, n_places)  # each place's first seizure, days after START
    # Episode e of a place: seized at first + 400 (e-1), retaken 200 days later.
    true_day = first_day[place] + 400 * (episode - 1) + 200 * retaken
    lo = START + (true_day - rng.choice([0, 0, 15, 45, 90], n_rows))
    hi = START + (true_day + rng.choice([0, 0, 15, 45, 90], n_rows))
    claims = pd.DataFrame(
        {
            "claim_id": "c" + pd.Series(np.arange(n_rows)).astype(str),
            "source_id": rng.choice(np.array(["s1", "s2", "s3", "s4", "s5"]), n_rows),
            "place_id": "p" + pd.Series(place).astype(str),  # one string per row, as a CSV load gives
            "event": np.where(retaken, "retaken", "seized"),
            "episode": episode,
            "actor": rng.choice(np.array(["", "IS", "Iraqi forces", "SDF", "Syrian army"]), n_rows),
            "date_earliest": pd.to_datetime(lo).date,
            "date_latest": pd.to_datetime(hi).date,
            "precision": np.where(lo == hi, "day", "range"),
        }
    )
    end = pd.Timestamp(START + 1500).date()
    war_over = {
        "claim_id": "c-war-over",
        "source_id": "s1",
        "place_id": "iraq",
        "event": "war_declared_over",
        "episode": 1,
        "actor": "",
        "date_earliest": end,
        "date_latest": end,
        "precision": "day",
    }
    claims = pd.concat([claims, pd.DataFrame([war_over])], ignore_index=True)
    if all_columns:
        claims = with_optional_columns(claims, rng)
    country = pd.DataFrame([{"place_id": "iraq", "name": "Iraq", "country": "IRQ", "kind": "country"}])
    return claims, pd.concat([places, country], ignore_index=True)


def with_optional_columns(claims: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """``milestone`` (80% control, then declared, cleared), ``tier`` (s1, s2 quoted; the others
    cited), ``source_group`` (s5 wikipedia, the others news), ``origin`` (s4 copies s3's story)
    and ``actor_family`` (a quarter each: unknown and three families)."""
    n, source = len(claims), claims["source_id"].to_numpy(dtype=object)
    return claims.assign(
        milestone=rng.choice(np.array(["control"] * 8 + ["declared", "cleared"]), n),
        tier=np.where(np.isin(source, ["s1", "s2"]), "quoted", "cited"),
        source_group=np.where(source == "s5", "wikipedia", "news"),
        origin=np.where(source == "s4", "s3", source),
        actor_family=rng.choice(np.array(["unknown", "sdf", "islamic-state", "iraqi-government"]), n),
    )


def pipeline(claims: pd.DataFrame, places: pd.DataFrame) -> dict[str, float]:
    """Run reconcile and every pace function once; seconds per step."""
    times: dict[str, float] = {}

    def step(name: str, fn: Callable[[], object]) -> object:
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        times[name] = time.perf_counter() - t0
        times["cpu"] = times.get("cpu", 0.0) + time.process_time() - c0
        return out

    chronology = step("reconcile", lambda: reconcile(claims, places))
    step("occupation_spans", lambda: pace.occupation_spans(chronology, places))
    rec = step("recaptures", lambda: pace.recaptures(chronology, places))
    step("gaps", lambda: pace.gaps(rec))
    step("cumulative", lambda: pace.cumulative(rec))
    step("per_quarter", lambda: pace.per_quarter(rec))
    step("uncertainty", lambda: uncertainty.uncertainty_summary(chronology, places, n_draws=DRAWS))
    times["events"] = len(chronology)
    return times


NOT_STEPS = ("events", "cpu")


def machine() -> str:
    """One line naming the machine and the library versions."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"pandas {pd.__version__}, numpy {np.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per size")
    args = parser.parse_args()
    print(machine(), f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    pipeline(*synthetic_claims(1_000))  # warm-up: imports, caches
    rows = []
    for n in args.sizes:
        data = synthetic_claims(n, all_columns=True)
        runs = [pipeline(*data) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: sum(v for k, v in r.items() if k not in NOT_STEPS))
        total = sum(v for k, v in best.items() if k not in NOT_STEPS)
        rows.append(
            {
                "rows": n,
                "events": int(best["events"]),
                "reconcile_s": best["reconcile"],
                "pace_s": total - best["reconcile"],
                "of_which_uncertainty_s": best["uncertainty"],
                "seconds": total,
                "cpu_s": best["cpu"],
                "s_per_M_rows": total / n * 1e6,
                "cpu_s_per_M_rows": best["cpu"] / n * 1e6,
            }
        )
        steps = ", ".join(f"{k} {v:.3f}" for k, v in best.items() if k not in NOT_STEPS)
        print(f"{n:>9,} rows (best of {args.repeat}, seconds): {steps}", flush=True)
    table = pd.DataFrame(rows)
    row_ratio = table["rows"] / table["rows"].shift()
    table["growth"] = table["seconds"] / table["seconds"].shift() / row_ratio
    table["cpu_growth"] = table["cpu_s"] / table["cpu_s"].shift() / row_ratio
    number = "{:.3f}".format
    print()
    print(
        table.to_string(
            index=False,
            na_rep="",
            formatters={
                "rows": "{:,}".format,
                "events": "{:,}".format,
                "reconcile_s": number,
                "pace_s": number,
                "of_which_uncertainty_s": number,
                "seconds": number,
                "cpu_s": number,
                "s_per_M_rows": "{:.2f}".format,
                "cpu_s_per_M_rows": "{:.2f}".format,
                "growth": "{:.2f}".format,
                "cpu_growth": "{:.2f}".format,
            },
        )
    )
    print(
        "\ngrowth = (time ratio) / (row ratio) against the previous size: 1.00 is linear; "
        "below 1, fixed costs still dominate. cpu_s: process CPU time (user + system) of the same run;"
        f" load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}."
    )


if __name__ == "__main__":
    main()
