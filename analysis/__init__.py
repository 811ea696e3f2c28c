"""Campaign Chronology: an evidence-anchored chronology of the 2014-2017 campaign against
the Islamic State's territorial rule in Iraq and Syria, and measures of its pace.

Start here: ``import analysis; data = analysis.load()`` gives every table of ``data/``
(:class:`analysis.dataset.Dataset`). Data flows one way: sources -> claims (+ places) ->
date windows -> chronology -> pace -> findings -> figures. See the README's "Code" section.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.dataset import Dataset, load

try:
    __version__ = version("campaign-chronology")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["Dataset", "load", "__version__"]


def __getattr__(name: str):
    """``analysis.load`` and ``analysis.Dataset``, imported on first use (keeps ``import analysis`` light)."""
    if name in ("Dataset", "load"):
        from analysis import dataset

        return getattr(dataset, name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
