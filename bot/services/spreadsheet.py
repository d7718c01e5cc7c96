"""CSV cells that no spreadsheet runs as formulas, whichever separator it splits on.

A spreadsheet evaluates a cell that starts with ``=``, ``+``, ``-`` or ``@`` (OWASP "CSV
injection"). Python's ``csv`` quotes a field only when it holds the writer's own delimiter, so
``ok;=1+1;`` is written as it is, and a spreadsheet that splits on ``;`` (Excel in many European
locales) reads a cell ``=1+1``. Every place in a field where a cell could begin (its start, and
after any common separator or quote: , ; tab | newline ") that is followed by such a character
(after optional spaces) gets a ``'``, the spreadsheets' own "this is text" mark. A leading tab or
carriage return counts as a trigger too.
"""

from __future__ import annotations

import re

_CELL_START = re.compile(r"""(^|[,;\t|\r\n"])([ \u00a0]*)(?=[=+\-@\uff1d\uff0b\uff0d\uff20])""")
_LEADING_CONTROL = re.compile(r"^(?=[\t\r])")


def safe_cell(value: object) -> str:
    """``value`` as CSV cell text that no spreadsheet reads as a formula, on any separator."""
    text = "" if value is None else str(value)
    text = _CELL_START.sub(r"\1\2'", text)
    return _LEADING_CONTROL.sub("'", text)
