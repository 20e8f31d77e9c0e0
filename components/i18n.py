"""Translated strings: components/strings/*.toml, each key with zh and en side by side."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

STRINGS_DIR = Path(__file__).resolve().parent / "strings"
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"


def _flatten(prefix: str, node: dict, out: dict, origin: str) -> None:
    if set(node) & set(LANGS) and all(isinstance(v, str) for v in node.values()):
        if prefix in out:
            raise ValueError(f"string key {prefix!r} defined twice ({origin})")
        out[prefix] = dict(node)
        return
    for k, v in node.items():
        if not isinstance(v, dict):
            raise ValueError(f"{origin}: {prefix}.{k} must be a table with zh and en")
        _flatten(f"{prefix}.{k}" if prefix else k, v, out, origin)


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    """Every string, keyed 'file.key' (e.g. 'common.nav.home'), read once per process."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(STRINGS_DIR.glob("*.toml")):
        with path.open("rb") as f:
            _flatten(path.stem, tomllib.load(f), out, path.name)
    return out


def t(key: str, lang: str, **fmt) -> str:
    """The string for key in lang; raises KeyError for an unknown key so tests catch it."""
    text = strings()[key][lang]
    return text.format(**fmt) if fmt else text


def pick(row, field: str, lang: str) -> str:
    """A data row's field in the language: row['label_zh'] or row['label_en']."""
    return row[f"{field}_{lang}"]
