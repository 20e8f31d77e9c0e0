"""What changed in the CSV files against the last commit, one line per edited cell, added or removed row."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

from ..i18n import DEFAULT_LANG, t
from .messages import DataError
from .periods import period_label
from .schema import TABLES, Table, data_dir, decode, decode_bytes


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None


def _csv_rows(text: str) -> tuple[list[str], list[list[str]]]:
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in r)]
    return ([h.strip() for h in rows[0]], rows[1:]) if rows else ([], [])


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return float(a.replace(",", "")) == float(b.replace(",", ""))
    except ValueError:
        return False


def changes_since_commit(folder: Path | None = None, lang: str = DEFAULT_LANG) -> list[str] | None:
    """Each edit to the CSV files against git HEAD, one line each ('indicators.csv：inn_x 的 value：227 -> 228');
    None when the folder is not in a git checkout."""
    folder = (folder or data_dir()).resolve()
    top = _git(["rev-parse", "--show-toplevel"], folder if folder.is_dir() else folder.parent)
    if top is None or top.returncode != 0:
        return None
    root = Path(top.stdout.decode().strip())
    out: list[str] = []
    for table in TABLES.values():
        path = folder / table.file
        if not path.exists():
            continue
        try:
            rel = path.resolve().relative_to(root).as_posix()
        except ValueError:
            continue
        old = _git(["show", f"HEAD:{rel}"], root)
        if old is None or old.returncode != 0:
            out.append(t("validation.cli.new_file", lang, file=table.file))
            continue
        try:
            old_h, old_rows = _csv_rows(decode_bytes(old.stdout, table.file))
            new_h, new_rows = _csv_rows(decode(path, table.file))
        except (DataError, csv.Error, IndexError):
            out.append(t("validation.cli.unreadable", lang, file=table.file))
            continue
        out += _diff_table(table, old_h, old_rows, new_h, new_rows, lang)
    return out


def _diff_table(table: Table, old_h, old_rows, new_h, new_rows, lang: str) -> list[str]:
    out = []
    added_cols = [c for c in new_h if c not in old_h]
    removed_cols = [c for c in old_h if c not in new_h]
    if added_cols:
        out.append(t("validation.cli.columns_added", lang, file=table.file, columns=", ".join(added_cols)))
    if removed_cols:
        out.append(t("validation.cli.columns_removed", lang, file=table.file, columns=", ".join(removed_cols)))
    key_cols = [table.key] if table.key else [c for c in ("line", "seq") if c in new_h and c in old_h]

    def keyed(header, rows):
        if not all(k in header for k in key_cols) or not key_cols:
            return {}
        idx = [header.index(k) for k in key_cols]
        out = {}
        for r in rows:
            rec = dict(zip(header, r))
            out.setdefault("/".join(r[i] if i < len(r) else "" for i in idx), rec)
        return out

    old, new = keyed(old_h, old_rows), keyed(new_h, new_rows)
    empty = t("validation.cli.empty", lang)
    common = [c for c in new_h if c in old_h and c not in key_cols]
    for k, rec in new.items():
        if k not in old:
            out.append(t("validation.cli.added", lang, file=table.file, id=k, desc=_describe(rec, lang)))
            continue
        for c in common:
            a, b = old[k].get(c, ""), rec.get(c, "")
            if not _same(a, b):
                out.append(t("validation.cli.changed", lang, file=table.file, id=k, column=c, old=a or empty,
                             new=b or empty))
    for k, rec in old.items():
        if k not in new:
            out.append(t("validation.cli.removed", lang, file=table.file, id=k, desc=_describe(rec, lang)))
    return out


def _describe(rec: dict, lang: str) -> str:
    """' (高新技术企业 · 2021 · 250 enterprises)': what an added or removed row was, in a few words."""
    parts = [rec.get(f"label_{lang}") or rec.get(f"name_{lang}") or rec.get(f"title_{lang}") or ""]
    if rec.get("period"):
        parts.append(period_label(rec["period"], lang))
    if rec.get("value"):
        parts.append(f"{rec['value']} {rec.get('unit', '')}".strip())
    parts = [p for p in parts if p]
    if not parts:
        return ""
    return "（" + " · ".join(parts) + "）" if lang == "zh" else " (" + " · ".join(parts) + ")"

