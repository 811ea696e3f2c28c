"""Escaping a data string for the place it is shown: HTML, matplotlib, a terminal.

A string from the data (a title, an outlet, a place name, an actor as written) is text,
never markup, wherever it goes:

- **HTML** (the TimelineJS export, any HTML report or explorer): :func:`html_text` escapes
  ``& < > " '``, so ``<script>`` or ``onerror=`` in a cited title shows as written and runs
  nothing. Use it for every data string put into HTML, in text and in attribute values.
- **matplotlib**: the shared style (:data:`analysis.plots.style.RC`) sets
  ``text.parse_math: False``, so a ``$`` in a place name or an outlet is drawn as a dollar sign
  and ``$\\foo$`` is never parsed as mathtext (it used to stop the build). Text drawn outside
  that style goes through :func:`plain_text`.
- **A terminal**: :func:`terminal_text` (:func:`analysis.validation.printable`) writes control,
  line-separator and bidi characters as escapes, so no value can drive the terminal or forge
  a line.
"""

from __future__ import annotations

import html

from analysis.validation import printable


def html_text(value: object) -> str:
    """``value`` as HTML text: ``&``, ``<``, ``>``, ``"`` and ``'`` escaped (safe in attributes too)."""
    return html.escape(str(value), quote=True)


def plain_text(value: object) -> str:
    """``value`` as matplotlib text that is never parsed as mathtext: each ``$`` escaped (``\\$``)."""
    return str(value).replace("$", r"\$")


def terminal_text(value: object) -> str:
    """``value`` safe to print on one terminal line (see :func:`analysis.validation.printable`)."""
    return printable(str(value))
