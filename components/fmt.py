"""One number formatter for both languages: 亿元 / yuan, %, percentage points, counts; unit words from the strings."""

from __future__ import annotations

from .i18n import pick, t


def _num(v: float, decimals: int | None = None) -> str:
    if decimals is None:
        decimals = 0 if float(v).is_integer() else len(f"{v:g}".split(".")[1]) if "." in f"{v:g}" else 0
    return f"{v:,.{decimals}f}"


def fmt_value(value: float, unit: str, lang: str, decimals: int | None = None) -> str:
    """227 enterprises -> '227 家' / '227 enterprises'; 16.8 percent -> '16.8%'; 307 亿元 -> '307 亿元' / '30.7 billion yuan'."""
    if unit in ("percent", "share"):
        return f"{_num(value, decimals)}%"
    if unit == "yi_yuan":
        return " ".join(_yuan(value, lang, decimals))
    return f"{_num(value, decimals)} {t('common.unit.' + unit, lang)}".strip()


def _yuan(value: float, lang: str, decimals: int | None = None) -> tuple[str, str]:
    """A sum held in 亿元 (10^8 yuan): Chinese keeps 亿元; English counts in billions or millions of yuan,
    which is how an English reader says it. The words are common.toml's (unit.yi_yuan, money.*)."""
    if lang == "zh":
        return _num(value, decimals), t("common.unit.yi_yuan", lang)
    yuan = value * 1e8
    if abs(yuan) >= 1e9:
        return _num(round(yuan / 1e9, 3)), t("common.money.billion", lang)
    return _num(round(yuan / 1e6, 3)), t("common.money.million", lang)


def fmt_number(value: float, unit: str, lang: str, decimals: int | None = None) -> tuple[str, str]:
    """The number and its unit apart, for KPI cards: ('227', '家')."""
    if unit in ("percent", "share"):
        return _num(value, decimals), "%"
    if unit == "yi_yuan":
        return _yuan(value, lang, decimals)
    return _num(value, decimals), t("common.unit." + unit, lang)


def fmt_date(row: dict, lang: str) -> str:
    """A milestone's date at the precision the data has: '2020年5月30日' / '30 May 2020', '2020年7月' /
    'July 2020', '2025年' / '2025'; a described date keeps its words: '2021年（春节后第二个工作日）'."""
    parts = [int(p) for p in row["date"].split("-")]
    y = parts[0]
    if row["precision"] == "described":
        return t("common.date.described", lang, y=y, text=pick(row, "date_text", lang))
    if row["precision"] == "year":
        return t("common.date.year", lang, y=y)
    month = t(f"common.month.m{parts[1]}", lang)
    if row["precision"] == "month":
        return t("common.date.month", lang, y=y, month=month)
    return t("common.date.day", lang, y=y, month=month, d=parts[2])
