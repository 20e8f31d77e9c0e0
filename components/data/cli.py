"""The command line: python -m components.data [folder] [--lang zh|en] checks every file and lists what changed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from ..i18n import DEFAULT_LANG, LANGS, t
from .diff import changes_since_commit
from .read import read_folder
from .schema import GEOJSON_FILES, data_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m components.data",
                                     description="Check every data file (messages in Chinese; --lang en for English).")
    parser.add_argument("folder", nargs="?", help="the data folder (default: $ZHENHAI_DATA_DIR or data/)")
    parser.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    lang = args.lang
    folder = Path(args.folder) if args.folder else data_dir()
    loaded, problems, no_text = read_folder(folder)
    if problems:
        print(t("validation.cli.problems", lang, folder=folder, n=len(problems)))
        for p in problems:
            print("  - " + p.text(lang))
        code = 1
    else:
        counts = ", ".join(f"{k}: {len(v)}" for k, v in loaded.items() if isinstance(v, pd.DataFrame))
        print(t("validation.cli.ok", lang, folder=folder, counts=counts, geojson=len(GEOJSON_FILES)))
        code = 0
    for src in no_text:
        print(t("validation.cli.note_no_text", lang, source=src["id"], text_file=src["text_file"]))
    changes = changes_since_commit(folder, lang)
    if changes is None:
        print(t("validation.cli.not_git", lang, folder=folder))
    elif changes:
        print(t("validation.cli.changes", lang))
        for line in changes:
            print("  " + line)
    else:
        print(t("validation.cli.no_changes", lang))
    return code


