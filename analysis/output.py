"""All-or-nothing output: every generated file is staged beside its target folder, then moved in.

Rules (``python -m analysis build``, ``figures`` and ``export`` follow them):

- A build writes the files of each target folder (``data/processed/``, ``figures/``,
  ``exports/`` or a folder given with ``--out``) into a new folder ``.<name>.new`` beside it.
  Nothing under the targets changes until everything is written.
- The commit: a journal file ``.<first target>.swap`` is written (the commit point), then
  every staged file is renamed into its target folder (one atomic rename each, replacing the
  file of the same name), then the staging folders and the journal are removed. Only the files
  the build writes change: anything else in a target folder (other files, hidden files,
  sub-folders) is left as it is, so ``--out`` may name a folder that holds other things.
- A build killed before the journal exists leaves the old outputs; one killed after it is
  completed by the next build, which first finishes (or undoes) any interrupted commit and
  removes stray temp folders. So after any crash and the next start, the files a build writes
  are all old or all new.
- One build at a time: an exclusive ``flock`` on each target's parent folder; a second build
  stops with an error instead of waiting.
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

    def table(self, table: pd.DataFrame, target: Path) -> None:
        """Stage ``table`` as the CSV file ``target`` (a path inside one of the target folders)."""
        target = Path(target).absolute()
        write_csv(table, self.folder(target.parent) / target.name)
        self.written.append(target)

    def file(self, staged: Path, target_folder: Path) -> None:
        """Record a file already written into the staging folder of ``target_folder``."""
        self.written.append(Path(target_folder).absolute() / Path(staged).name)


def _staged_name(target: Path, kind: str) -> Path:
    return target.parent / f".{target.name}.{kind}"


def _journal(targets: list[Path]) -> Path:
    return _staged_name(targets[0], "swap")


@contextmanager
def staged_outputs(*target_folders: Path) -> Iterator[Stage]:
    """Lock, recover, stage ``target_folders``; on success move every staged file in, else change nothing.

    Any exception (including KeyboardInterrupt/SystemExit) removes the staging folders and
    re-raises; an ``OSError`` comes out as :class:`BuildError` naming the path.
    """
    targets = [Path(t).absolute() for t in target_folders]
    with ExitStack() as stack:
        for parent in sorted({t.parent for t in targets}):
            parent.mkdir(parents=True, exist_ok=True)
            stack.enter_context(_locked(parent))
        recover(targets)
        _refuse_read_only(targets)
        staged = {t: _staged_name(t, "new") for t in targets}
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
                errno.EBUSY, f"another build is running (it holds the lock on {folder})"
            ) from exc
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _refuse_read_only(targets: list[Path]) -> None:
    for folder in [t for t in targets if t.exists()] + sorted({t.parent for t in targets}):
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
        new = _staged_name(target, "new")
        if not new.exists():
            continue
        if not target.exists():
            os.mkdir(target, 0o777 & ~current_umask())
        for path in sorted(new.iterdir()):
            _rename(path, target / path.name)
        _fsync_dir(target)
        new.rmdir()
    for parent in sorted({t.parent for t in targets}):
        _fsync_dir(parent)
    journal.unlink()
    for target in targets:  # left by builds of version 0.2.0, which swapped whole folders
        shutil.rmtree(_staged_name(target, "old"), ignore_errors=True)


def _rename(source: Path, target: Path) -> None:
    """One atomic rename (a single function, so tests can fail or kill the build at each step)."""
    os.rename(source, target)


#: Hidden temp files that older builds could leave in ``figures/`` (``.<figure stem>-<random>.<suffix>``).
LEGACY_TEMP_FILES = ".fig[0-9][0-9]-*"


def recover(targets: list[Path]) -> None:
    """Finish an interrupted commit of ``targets`` (journal present) or undo an unfinished stage.

    Also removes stray temp files left by older builds (:data:`LEGACY_TEMP_FILES`; nothing
    else in the target folders is touched). Call with the build lock held.
    """
    targets = [Path(t).absolute() for t in targets]
    journal = _journal(targets)
    if journal.exists():
        recorded = [Path(p) for p in json.loads(journal.read_text(encoding="utf-8"))]
        _roll_forward(recorded, journal)
    _staged_name(targets[0], "swap.tmp").unlink(missing_ok=True)
    _remove_staged(targets)
    for target in targets:
        shutil.rmtree(_staged_name(target, "old"), ignore_errors=True)
        if target.is_dir():
            for stray in target.glob(LEGACY_TEMP_FILES):
                if stray.is_file():
                    stray.unlink()


def _remove_staged(targets: list[Path]) -> None:
    for target in targets:
        shutil.rmtree(_staged_name(target, "new"), ignore_errors=True)
