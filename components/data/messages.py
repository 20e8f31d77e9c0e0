"""Problems in the data, located (file, line, column, Excel cell) and worded in either language."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from ..i18n import DEFAULT_LANG, strings, t

# Labels shown beside codes in "one of ..." messages, where the strings have them.
_CODE_LABELS = {"topic": "common.topic", "kind": "common.kind", "status": "common.status",
                "unit": "validation.unit_name", "confidence": "common.confidence"}



@dataclass(frozen=True)
class Both:
    """A message parameter that differs by language (a list of codes with their Chinese names)."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, located so a person can find and fix it.

    `code` names the message (components/strings/validation.toml: expected.<code>, fix.<code>), `params`
    fill it in, `cell` is the Excel column letter. `text(lang)` is the message; str() is the English one.
    """

    file: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    code: str = ""
    params: tuple[tuple[str, object], ...] = ()
    cell: str | None = None
    fix_code: str | None = None  # a more specific fix than the code's own (e.g. "227家" -> 227)

    def _fmt(self, lang: str) -> dict:
        out = {"file": self.file, "line": self.line, "column": self.column, "value": self.value, "cell": self.cell}
        out.update({k: (v.get(lang) if isinstance(v, Both) else v) for k, v in self.params})
        return out

    def expected_text(self, lang: str = DEFAULT_LANG) -> str:
        return t(f"validation.expected.{self.code}", lang, **self._fmt(lang))

    def fix_text(self, lang: str = DEFAULT_LANG) -> str:
        key = f"validation.fix.{self.fix_code or self.code}"
        return t(key, lang, **self._fmt(lang)) if key in strings() else ""

    @property
    def expected(self) -> str:
        """What was expected, in English (kept for callers written before messages had two languages)."""
        return self.expected_text("en")

    def where(self, lang: str = DEFAULT_LANG) -> str:
        if self.line is not None and self.column is not None:
            key = "line_column_cell" if self.cell else "line_column"
        elif self.line is not None:
            key = "line"
        elif self.column is not None:
            key = "column_cell" if self.cell else "column"
        else:
            key = "file"
        return t(f"validation.where.{key}", lang, **self._fmt(lang))

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The whole message: where, what was found, what was expected, how to fix it."""
        out = self.where(lang)
        if self.value is not None:
            out += t("validation.form.found", lang, value=_shown(self.value))
            out += t("validation.form.expected", lang, expected=self.expected_text(lang))
        else:
            out += t("validation.form.expected_only", lang, expected=self.expected_text(lang))
        fix = self.fix_text(lang)
        out += t("validation.form.fix", lang, fix=fix) if fix else t("validation.form.end", lang)
        return out

    def __str__(self) -> str:
        return self.text("en")


def _shown(value: str) -> str:
    """A found value as a person can read it: control characters escaped, long values cut."""
    text = value.encode("unicode_escape").decode("ascii") if any(unicodedata.category(c)[0] == "C" for c in value) else value
    return text if len(text) <= 80 else text[:77] + "…"


class DataError(Exception):
    """A data file could not be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def files(self) -> list[str]:
        return sorted({p.file for p in self.problems})

    def text(self, lang: str = DEFAULT_LANG) -> str:
        return "\n".join(p.text(lang) for p in self.problems)


def _both(key_zh: Callable[[str], str]) -> Both:
    return Both(key_zh("zh"), key_zh("en"))


def choices(codes: Iterable[str], column: str | None = None, optional: bool = False) -> Both:
    """'reported（原文报道）、derived（推算）' / 'reported, derived': codes, with their names in Chinese."""
    codes = list(codes)
    prefix = _CODE_LABELS.get(column or "")

    def render(lang: str) -> str:
        parts = []
        for c in codes:
            key = f"{prefix}.{c}" if prefix else ""
            parts.append(f"{c}（{t(key, 'zh')}）" if lang == "zh" and key in strings() else c)
        text = t("validation.form.list_sep", lang).join(parts)
        return text + (t("validation.form.or_empty", lang) if optional else "")

    return _both(render)


def excel_column(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the letter Excel shows above a column."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out



def rows(df):
    """A table's rows as objects with attribute access (itertuples would rename the '_line' column)."""
    for rec in df.to_dict("records"):  # not frames.records: the reader edits a table in place while it checks it
        yield SimpleNamespace(**rec)


def located(table, df, line: int | None, column: str | None, value, code: str, fix_code: str | None = None,
            **params) -> Problem:
    """A problem at a cell of a parsed table: its file, line, column and Excel letter."""
    cell = df.attrs.get("letters", {}).get(column) if column else None
    return Problem(table.file, line, column, None if value is None else str(value), code, tuple(params.items()),
                   cell, fix_code)
