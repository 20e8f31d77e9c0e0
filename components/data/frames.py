"""A table's rows as dicts, worked out once per table object.

DataFrame.to_dict("records") walks every cell; the content builders ask it of the same few tables hundreds of times
a page (every series, every plan), which was most of the time a page took to build. The store hands out the same
DataFrame objects until a file changes, and nothing changes a table in place once it is read (the reader does while
it checks one, so messages.rows does not use this), so the records are kept beside the table (components/kept.py),
with its length and columns in the key; callers get their own list of their own dicts.
"""

from __future__ import annotations

import pandas as pd

from ..kept import Kept

_kept: Kept[tuple[dict, ...]] = Kept(128)


def records(rows) -> list[dict]:
    """The rows as a list of new dicts (a DataFrame's records, or copies of the dicts given)."""
    if rows is None:
        return []
    if isinstance(rows, pd.DataFrame):
        kept = _kept.get(rows, (len(rows), tuple(rows.columns)), lambda: tuple(rows.to_dict("records")))
        return [dict(r) for r in kept]
    return [dict(r) for r in rows]
