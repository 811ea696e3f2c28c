"""Adding a source end to end on a copy of data/: add -> edit the review -> accept -> fig05.

The article is written for this test (own sentences). Expected windows are computed by
hand: published Saturday 2017-11-04, so "on Friday" is 2017-11-03.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.__main__ import main
from analysis.figures import REGISTRY, build_all
from analysis.review import review_files
from analysis.validation import DataError

ARTICLE = (
    "AL-QAIM, Iraq — Iraqi troops and tribal fighters recaptured the border town of al-Qaim "
    "from Islamic State on Friday, the military said.\n"
    "\n"
    "The army entered the town of Husaybah, next to the frontier, the previous day.\n"
    "\n"
    "Officials said the Syrian army was expected to retake Boukamal within days.\n"
)
SOURCE = "testwire-alqaim"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "alqaim.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _add(article: Path, data: Path, *extra: str) -> int:
    return main(
        ["add", str(article), "--outlet", "Test Wire", "--published", "2017-11-04",
         "--title", "Iraqi troops retake al-Qaim", "--source-id", SOURCE, "--data", str(data), *extra]
    )  # fmt: skip


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write(table: pd.DataFrame, path: Path) -> None:
    table.to_csv(path, index=False, lineterminator="\n")


@pytest.mark.slow
def test_add_review_accept_then_fig05_shows_the_source(
    article: Path, data_copy: Path, tmp_path: Path
) -> None:
    assert _add(article, data_copy) == 0
    stored = sorted((data_copy / "raw" / "articles").glob("*.txt"))
    assert len(stored) == 4 and stored[-1].read_bytes() == article.read_bytes()
    review, places_review = review_files(data_copy, SOURCE)
    proposals = _read(review)
    # the machine: al-Qaim retaken on Friday; Husaybah (not in the gazetteer) the day before;
    # the hedged Boukamal sentence is not proposed
    assert list(zip(proposals["place"], proposals["event"], proposals["date_earliest"], strict=True)) == [
        ("Al-Qaim", "retaken", "2017-11-03"),
        ("Husaybah", "retaken", "2017-11-02"),
    ]
    assert (proposals["decision"] == "").all()
    # the person: accepts al-Qaim, edits the Husaybah actor (an edit counts as accepting); its
    # family is already Iraqi: GeoNames places Husaybah in Iraq, so "the army" is Iraq's
    proposals.loc[0, "decision"] = "accept"
    assert proposals.loc[1, "actor_family"] == "iraqi-government"
    proposals.loc[1, "actor"] = "army"
    _write(proposals, review)
    places = _read(places_review)
    assert list(places["spelling"]) == ["Husaybah"]
    assert places.loc[0, "country"] == "IRQ"  # GeoNames lists Husaybah as a name of Al Qa'im, Iraq
    places.loc[0, "decision"] = "accept"
    _write(places, places_review)

    assert main(["accept", SOURCE, "--data", str(data_copy)]) == 0
    claims = _read(data_copy / "claims.csv")
    new = claims[claims["source_id"] == SOURCE]
    assert list(new["place_id"]) == ["al-qaim", "husaybah"]
    assert list(new["actor_family"]) == ["iraqi-government", "iraqi-government"]
    assert "husaybah" in set(_read(data_copy / "places.csv")["place_id"])
    assert main(["check", "--data", str(data_copy)]) == 0

    fig05 = [spec for spec in REGISTRY if spec.figure_id == "fig05"]
    build_all(data_copy, tmp_path / "figures", registry=tuple(fig05))
    coverage = _read(tmp_path / "figures" / "fig05-source-coverage.csv").set_index("event_id")
    assert coverage.loc["al-qaim:retaken:1", SOURCE] == "1"
    assert coverage.loc["husaybah:retaken:1", SOURCE] == "1"


@pytest.mark.slow  # proposes a new place: loads the GeoNames city table (seconds)
def test_a_bad_edit_names_the_review_line_and_changes_no_data_file(
    article: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add(article, data_copy) == 0
    review, _ = review_files(data_copy, SOURCE)
    proposals = _read(review)
    proposals.loc[0, "decision"] = "accept"
    proposals.loc[0, "event"] = "captured"
    _write(proposals, review)
    before = {name: (data_copy / name).read_bytes() for name in ("claims.csv", "places.csv", "sources.csv")}
    assert main(["accept", SOURCE, "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{SOURCE}.csv:2: event: unknown value 'captured'" in err
    assert {name: (data_copy / name).read_bytes() for name in before} == before


@pytest.mark.slow  # proposes a new place: loads the GeoNames city table (seconds)
def test_an_unconfirmed_new_place_is_refused(article: Path, data_copy: Path) -> None:
    assert _add(article, data_copy) == 0
    review, _ = review_files(data_copy, SOURCE)
    proposals = _read(review)
    proposals["decision"] = "accept"
    _write(proposals, review)
    with pytest.raises(DataError, match=rf"{SOURCE}\.csv:3: place_id: 'Husaybah' is not in the gazetteer"):
        from analysis.review import accept

        accept(SOURCE, data_copy)


@pytest.mark.slow  # proposes a new place: loads the GeoNames city table (seconds)
def test_add_refuses_a_duplicate_text_an_existing_id_and_non_utf8(
    article: Path, data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = next((data_copy / "raw" / "articles").glob("*.txt"))
    assert main(["add", str(seed), "--outlet", "X", "--published", "2017-11-20", "--title", "t",
                 "--data", str(data_copy)]) == 1  # fmt: skip
    assert "already in the corpus as source" in capsys.readouterr().err
    assert (
        _add(
            article,
            data_copy,
        )
        == 0
    )
    other = tmp_path / "other.txt"
    other.write_text("Another text.\n", encoding="utf-8")
    assert _add(other, data_copy) == 1
    assert f"source id '{SOURCE}' exists already" in capsys.readouterr().err
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 in Mosul.\n".encode("latin-1"))
    assert main(["add", str(latin1), "--outlet", "X", "--published", "2017-11-20", "--title", "t",
                 "--data", str(data_copy)]) == 1  # fmt: skip
    assert "latin1.txt:1: -: not valid UTF-8" in capsys.readouterr().err
    assert len(list((data_copy / "raw" / "articles").glob("*.txt"))) == 4


def test_propose_changes_nothing_and_writes_the_interface_columns(
    article: Path, data_copy: Path, tmp_path: Path
) -> None:
    before = sorted(p.name for p in data_copy.rglob("*"))
    out = tmp_path / "proposals.csv"
    assert (
        main(["propose", str(article), "--published", "2017-11-04", "--data", str(data_copy), "-o", str(out)])
        == 0
    )
    assert sorted(p.name for p in data_copy.rglob("*")) == before
    table = _read(out)
    for column in ("place_id", "place", "event", "episode", "actor", "actor_family", "date_text",
                   "date_earliest", "date_latest", "precision", "quote", "confidence", "reason"):  # fmt: skip
        assert column in table.columns
    assert list(table["place"]) == ["Al-Qaim", "Husaybah"]


def test_propose_on_a_folder_reads_every_article_with_a_progress_bar(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Iraqi forces recaptured Rawa on Friday.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Islamic State seized Mosul in June 2014.\n", encoding="utf-8")
    out = tmp_path / "proposals.csv"
    assert (
        main(["propose", f"{folder}/", "--published", "2017-11-04", "--data", str(data_copy), "-o", str(out)])
        == 0
    )
    assert "2/2" in capsys.readouterr().err  # tqdm's counter
    table = _read(out)
    assert list(zip(table["article"], table["place_id"], table["event"], strict=True)) == [
        ("a.txt", "rawa", "retaken"),
        ("b.txt", "mosul", "seized"),
    ]


def test_propose_on_an_empty_folder_is_a_clear_error(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["propose", str(tmp_path), "--published", "2017-11-04", "--data", str(data_copy)]) == 1
    assert "no *.txt articles in this folder" in capsys.readouterr().err


def test_nothing_proposed_or_nothing_accepted_changes_no_data_file(data_copy: Path, tmp_path: Path) -> None:
    quiet = tmp_path / "quiet.txt"
    quiet.write_text("Aid agencies said the roads out of Mosul were crowded.\n", encoding="utf-8")
    assert main(["add", str(quiet), "--outlet", "X", "--published", "2017-11-20", "--title", "t",
                 "--source-id", "quiet", "--data", str(data_copy)]) == 0  # fmt: skip
    before = {name: (data_copy / name).read_bytes() for name in ("claims.csv", "places.csv")}
    review, _ = review_files(data_copy, "quiet")
    assert len(_read(review)) == 0
    assert main(["accept", "quiet", "--data", str(data_copy)]) == 0
    assert {name: (data_copy / name).read_bytes() for name in before} == before


def test_align_episodes_takes_the_one_overlapping_event_of_the_chronology() -> None:
    from datetime import date

    from analysis.review import align_episodes

    chronology = pd.DataFrame(
        {
            "event_id": ["palmyra:retaken:1", "palmyra:retaken:2"],
            "place_id": ["palmyra", "palmyra"],
            "event": ["retaken", "retaken"],
            "episode": [1, 2],
            "date_earliest": [date(2016, 3, 1), date(2017, 3, 1)],
            "date_latest": [date(2016, 3, 31), date(2017, 3, 31)],
        }
    )
    proposals = pd.DataFrame(
        {
            "place_id": ["palmyra", "palmyra", "palmyra"],
            "event": ["retaken", "retaken", "retaken"],
            "episode": [1, 1, 1],
            "date_earliest": ["2017-03-02", "2014-01-01", ""],
            "date_latest": ["2017-03-02", "2017-03-03", ""],
            "reason": ["", "", ""],
        }
    )
    aligned = align_episodes(proposals, chronology)
    # March 2, 2017 lies in episode 2's window only; the undated row overlaps both (kept); no date: kept
    assert list(aligned["episode"]) == [2, 1, 1]
    assert "palmyra:retaken:2" in aligned.loc[0, "reason"]


def test_review_files_are_safe_in_spreadsheets_and_quotes_stay_verbatim(
    data_copy: Path, tmp_path: Path
) -> None:
    bullet = tmp_path / "factbox.txt"
    bullet.write_text("Factbox\n\n- Rawa: Iraqi forces recaptured the town on Friday.\n", encoding="utf-8")
    assert main(["add", str(bullet), "--outlet", "X", "--published", "2017-11-18", "--title", "Factbox",
                 "--source-id", "factbox", "--data", str(data_copy)]) == 0  # fmt: skip
    review, _ = review_files(data_copy, "factbox")
    raw = _read(review)
    assert list(raw["quote"]) == ["'- Rawa: Iraqi forces recaptured the town on Friday."]  # not a formula
    raw["decision"] = "accept"
    _write(raw, review)
    assert main(["accept", "factbox", "--data", str(data_copy)]) == 0
    claims = _read(data_copy / "claims.csv")
    assert list(claims.loc[claims["source_id"] == "factbox", "quote"]) == [
        "- Rawa: Iraqi forces recaptured the town on Friday."
    ]


@pytest.mark.slow  # proposes a new place: loads the GeoNames city table (seconds)
def test_add_records_the_outlet_as_stated_by_the_person_adding_it(article: Path, data_copy: Path) -> None:
    """The text never names "Test Wire": the person adding it stated it (not inferred from house style)."""
    assert _add(article, data_copy) == 0
    row = _read(data_copy / "sources.csv").set_index("source_id").loc[SOURCE]
    assert row["outlet_status"] == "stated"
    assert row["outlet_basis"].startswith("Stated by the person who added the source")


@pytest.mark.slow  # proposes a new place: loads the GeoNames city table (seconds)
def test_a_review_file_saved_by_a_spreadsheet_is_accepted(article: Path, data_copy: Path) -> None:
    """Saved with a byte-order mark and CRLF line ends (as spreadsheets do), the review files are accepted."""
    assert _add(article, data_copy) == 0
    review, places_review = review_files(data_copy, SOURCE)
    proposals = _read(review)
    proposals["decision"] = "accept"
    places = _read(places_review)
    places["decision"] = "accept"
    for table, path in ((proposals, review), (places, places_review)):
        path.write_bytes(b"\xef\xbb\xbf" + table.to_csv(index=False, lineterminator="\r\n").encode("utf-8"))
    assert main(["accept", SOURCE, "--data", str(data_copy)]) == 0
    claims = _read(data_copy / "claims.csv")
    new = claims[claims["source_id"] == SOURCE]
    assert list(new["place_id"]) == ["al-qaim", "husaybah"]
    assert not any("\r" in quote for quote in new["quote"])
    assert main(["check", "--data", str(data_copy)]) == 0


def test_a_part_of_a_town_is_accepted_with_milestone_partial_and_a_bad_one_is_named(
    tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "east.txt"
    text.write_text("Iraqi forces retook eastern Mosul on Friday, the military said.\n", encoding="utf-8")
    assert _add(text, data_copy) == 0
    review, _ = review_files(data_copy, SOURCE)
    proposals = _read(review)
    assert list(zip(proposals["place_id"], proposals["milestone"], strict=True)) == [("mosul", "partial")]
    proposals.loc[0, "decision"] = "accept"
    proposals.loc[0, "milestone"] = "most"
    _write(proposals, review)
    assert main(["accept", SOURCE, "--data", str(data_copy)]) == 1
    assert f"{SOURCE}.csv:2: milestone: unknown value 'most'" in capsys.readouterr().err
    proposals.loc[0, "milestone"] = "partial"
    _write(proposals, review)
    assert main(["accept", SOURCE, "--data", str(data_copy)]) == 0
    claims = _read(data_copy / "claims.csv")
    assert list(claims.loc[claims["source_id"] == SOURCE, "milestone"]) == ["partial"]


def test_a_review_file_written_before_the_milestone_column_is_still_accepted(
    tmp_path: Path, data_copy: Path
) -> None:
    from analysis.review import _EDITABLE, fingerprint

    text = tmp_path / "two.txt"
    text.write_text(
        "Iraqi forces retook Rawa on Friday. Iraqi forces retook Mosul on Friday.\n", encoding="utf-8"
    )
    assert _add(text, data_copy) == 0
    review, _ = review_files(data_copy, SOURCE)
    rows = _read(review)
    assert list(rows["place_id"]) == ["rawa", "mosul"]
    # as 0.3.0 wrote it: no milestone column, fingerprints over the other editable cells
    old_editable = tuple(c for c in _EDITABLE if c != "milestone")
    rows = rows.drop(columns="milestone")
    rows["fingerprint"] = [fingerprint(r, old_editable) for _, r in rows.iterrows()]
    rows.loc[0, "decision"] = "accept"  # Rawa accepted, Mosul left undecided and unedited
    _write(rows, review)
    assert main(["accept", SOURCE, "--data", str(data_copy)]) == 0
    claims = _read(data_copy / "claims.csv")
    new = claims[claims["source_id"] == SOURCE]
    assert list(zip(new["place_id"], new["milestone"], strict=True)) == [("rawa", "control")]
