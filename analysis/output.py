"""The one way files are committed: every command that writes files stages them, then moves them in.

Every writer uses :func:`staged_outputs`: ``python -m analysis build`` and ``figures``
(``data/processed/``, ``figures/``), ``export`` (``exports/`` or ``--out``), ``add`` (the
article, ``sources.csv``, the review files) and ``accept`` (``claims.csv`` and ``places.csv``
together). Use it like this::

    with staged_outputs(data_dir, review_dir) as stage:   # lock, recover, stage
        write_csv(table, stage.path(data_dir / "claims.csv"))  # write the new content there
        stage.table(places, data_dir / "places.csv")           # (a generated CSV, neutralised)
    # here every staged file has been moved in, or (on any exception) none has

Rules:

- The files of each target folder are written into a new folder ``.commit.new`` inside it
  (:meth:`Stage.path`, :meth:`Stage.folder`), so nothing is ever written outside the target
  folders (``--data DIR`` writes only inside DIR). Nothing under the targets changes until the
  ``with`` block ends without an exception.
- The commit: a journal file ``.commit.journal`` in the first target is written (the commit point), then
  every staged file is renamed into its target folder (one atomic rename each, replacing the
  file of the same name), then the staging folders and the journal are removed. Only the files
  staged change: anything else in a target folder (other files, hidden files, sub-folders) is
  left as it is, so ``--out`` may name a folder that holds other things.
- Killed before the journal exists, nothing changed; killed after it, the next command
  writing the same first target completes the commit before doing anything else, and
  :func:`analysis.load` completes an interrupted commit of the data folder before reading it
  (:func:`finish_commit`). So after any crash the files of one commit are read all old or all
  new: ``claims.csv`` and ``places.csv`` written by ``accept`` never come from different
  commits. (Readers take no lock: a reader running during the few renames of a commit, a
  matter of microseconds, is not protected.)
- One writer at a time: an exclusive ``flock`` on each target folder, held from
  before the staging to after the commit; a second writer stops with :class:`BuildError`
  ("another build or data edit is running") instead of waiting. A command that reads files
  and writes new versions of them (``accept``) reads them inside the ``with`` block.
- New files and folders get the user's umask (a build never makes ``0600`` files); an existing
  target folder keeps its own mode.
- A target folder, or the folder holding it, without write permission (mode bits) is
  refused before anything is written, and so is a build that would replace a folder by a
  file; an OS error while staging or committing comes out as :class:`BuildError`
  (``python -m analysis`` prints it as one line, no traceback).
- SIGTERM while staging ends the build like Ctrl-C, so its staging folders are removed.
- Generated CSVs are neutralised against spreadsheet formulas: see :func:`csv_safe`.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pandas as pd

# A cell starting with one of these is read as a formula by Excel/LibreOffice (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_CHARS = set("0123456789.-+eE")


class BuildError(OSError):
    """The outputs could not be written; the previous outputs are unchanged (message says why)."""


def csv_safe(value: object) -> object:
    """A cell as written to a generated CSV (OWASP advice on CSV injection).

    A text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
    leading single quote (``'=1+2``), so spreadsheets show it as text instead of running
    it as a formula; so does a text cell already starting with ``'``, which keeps the rule
    reversible (:func:`csv_unsafe`). Numbers are never changed, nor is text that is a plain
    number such as ``-3`` or ``-0.5`` (spreadsheets read it as that number, which is harmless).
    """
    if not isinstance(value, str) or not value.startswith((*FORMULA_STARTS, "'")):
        return value
    if _is_plain_number(value):
        return value
    return "'" + value


def csv_unsafe(value: str) -> str:
    """The original cell of a generated CSV: the inverse of :func:`csv_safe` for text."""
    return value[1:] if value.startswith("'") else value


def _is_plain_number(text: str) -> bool:
    if not set(text) <= _NUMBER_CHARS:
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def safe_table(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with :func:`csv_safe` applied to every text cell and column name."""
    safe = table.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].map(csv_safe)
    return safe.rename(columns=lambda c: csv_safe(c) if isinstance(c, str) else c)


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    """Write ``table`` as a generated CSV: no index, LF, UTF-8, formula-looking cells neutralised."""
    safe_table(table).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return Path(path)


def read_generated_csv(path: Path) -> pd.DataFrame:
    """A CSV written by :func:`write_csv`, every cell a string, neutralised cells restored."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table = table.rename(columns=csv_unsafe)
    for column in table.columns:
        table[column] = table[column].map(csv_unsafe)
    return table


def current_umask() -> int:
    """The process umask (read without changing it for longer than one call)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class Stage:
    """The staging folders of one build: ``folder(target)`` is where ``target``'s new content goes."""

    def __init__(self, targets: dict[Path, Path]):
        self._staged = targets  # target folder -> its staging folder
        self.written: list[Path] = []

    def folder(self, target: Path) -> Path:
        """The staging folder of target folder ``target``."""
        return self._staged[Path(target).absolute()]

    def path(self, target: Path) -> Path:
        """Where to write the new content of file ``target`` (a path inside one of the target folders)."""
        target = Path(target).absolute()
        self.written.append(target)
        return self.folder(target.parent) / target.name

    def table(self, table: pd.DataFrame, target: Path) -> None:
        """Stage ``table`` as the generated CSV file ``target`` (:func:`write_csv`)."""
        write_csv(table, self.path(target))

    def file(self, staged: Path, target_folder: Path) -> None:
        """Record a file already written into the staging folder of ``target_folder``."""
        self.written.append(Path(target_folder).absolute() / Path(staged).name)


STAGING = ".commit.new"  # the staging folder inside each target folder
JOURNAL = ".commit.journal"  # the journal, inside the first target folder


def _staged_name(target: Path) -> Path:
    return target / STAGING


def _journal(targets: list[Path]) -> Path:
    return targets[0] / JOURNAL


@contextmanager
def staged_outputs(*target_folders: Path) -> Iterator[Stage]:
    """Lock, recover, stage ``target_folders``; on success move every staged file in, else change nothing.

    Any exception (including KeyboardInterrupt/SystemExit) removes the staging folders and
    re-raises; an ``OSError`` comes out as :class:`BuildError` naming the path.
    """
    targets = [Path(t).absolute() for t in target_folders]
    with ExitStack() as stack:
        _refuse_read_only(targets)
        for target in sorted(set(targets)):
            _make_folder(target)
            stack.enter_context(_locked(target))
        recover(targets)
        staged = {t: _staged_name(t) for t in targets}
        stack.enter_context(_sigterm_as_exit())
        try:
            mask = current_umask()
            for folder in staged.values():
                os.mkdir(folder, 0o777)
                os.chmod(folder, 0o777 & ~mask)  # mkdir honours the umask; chmod makes it explicit
            stage = Stage(staged)
            yield stage
            for target, folder in staged.items():
                _refuse_folder_clash(target, folder)
                for path in folder.iterdir():
                    os.chmod(path, 0o666 & ~mask)
                _fsync_tree(folder)
        except OSError as exc:
            _remove_staged(targets)
            raise BuildError(
                exc.errno, f"could not stage the outputs: {exc}; previous outputs unchanged"
            ) from exc
        except BaseException:
            _remove_staged(targets)
            raise
        swap(targets)


@contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """While staging, SIGTERM raises SystemExit (so the staging folders are removed), unless
    the program already handles SIGTERM or this is not the main thread."""
    if threading.current_thread() is not threading.main_thread() or (
        signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def exit_on_sigterm(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, exit_on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildError(
                errno.EBUSY, f"another build or data edit is running (it holds the lock on {folder})"
            ) from exc
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _make_folder(target: Path) -> None:
    """Create ``target`` (and missing parents) with the user's umask; BuildError if it cannot be."""
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(exc.errno, f"could not create {target}: {exc}; nothing was written") from exc


def _refuse_read_only(targets: list[Path]) -> None:
    """A target folder (or, for one not made yet, its nearest existing parent) that is read-only."""
    existing = {t if t.exists() else next(p for p in t.parents if p.exists()) for t in targets}
    for folder in sorted(existing):
        mode = folder.stat().st_mode
        if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(folder, os.W_OK):
            raise BuildError(
                errno.EACCES,
                f"{folder} is read-only (mode {stat.filemode(mode)}); nothing was written. "
                "Make it writable to rebuild.",
            )


def _refuse_folder_clash(target: Path, staged: Path) -> None:
    """A staged file whose name is a folder (or anything but a file) in ``target`` would not commit: refuse it now."""
    for path in staged.iterdir():
        existing = target / path.name
        if existing.exists() and not existing.is_file():
            raise BuildError(
                errno.EISDIR,
                f"{existing} is a folder, not a file: the build would write a file there; move it away",
            )


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def swap(targets: list[Path]) -> None:
    """Commit: journal, then every staged file renamed into its target folder, then clean up."""
    journal = _journal(targets)
    tmp = journal.with_name(journal.name + ".tmp")
    try:
        tmp.write_text(json.dumps([str(t) for t in targets]), encoding="utf-8")
        _rename(tmp, journal)  # the commit point
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _remove_staged(targets)
        raise BuildError(
            exc.errno, f"could not commit the outputs: {exc}; previous outputs unchanged"
        ) from exc
    try:
        _roll_forward(targets, journal)
    except OSError as exc:
        raise BuildError(
            exc.errno, f"the commit of the outputs was interrupted ({exc}); the next build completes it"
        ) from exc


def _roll_forward(targets: list[Path], journal: Path) -> None:
    """Finish a committed build: move every staged file in; safe to repeat after a crash at any step."""
    for target in targets:
        new = _staged_name(target)
        if not new.exists():
            continue
        for path in sorted(new.iterdir()):
            _rename(path, target / path.name)
        new.rmdir()
        _fsync_dir(target)
    journal.unlink()


def _rename(source: Path, target: Path) -> None:
    """One atomic rename (a single function, so tests can fail or kill the build at each step)."""
    os.rename(source, target)


def recover(targets: list[Path]) -> None:
    """Finish an interrupted commit of ``targets`` (journal present) or undo an unfinished stage.

    Nothing else in the target folders is touched. Call with the lock held.
    """
    targets = [Path(t).absolute() for t in targets]
    journal = _journal(targets)
    if journal.exists():
        recorded = [Path(p) for p in json.loads(journal.read_text(encoding="utf-8"))]
        _roll_forward(recorded, journal)
    journal.with_name(JOURNAL + ".tmp").unlink(missing_ok=True)
    _remove_staged(targets)


def finish_commit(target: Path) -> None:
    """Complete an interrupted commit whose first target was ``target`` (a no-op when none is)."""
    target = Path(target).absolute()
    if _journal([target]).exists():
        with _locked(target):
            recover([target])


def _remove_staged(targets: list[Path]) -> None:
    for target in targets:
        shutil.rmtree(_staged_name(target), ignore_errors=True)
