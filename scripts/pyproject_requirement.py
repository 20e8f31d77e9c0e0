"""Print one package's requirement from pyproject.toml's [project] dependencies, e.g. `streamlit>=1.67,<2`.

`make test-latest` passes it to pip so pip picks the newest version inside the range, which is written
once, in pyproject.toml. Usage: python scripts/pyproject_requirement.py [package]  (default: streamlit)
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def requirement(package: str) -> str:
    deps = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    for dep in deps:
        if re.split(r"[<>=!~\[; ]", dep, maxsplit=1)[0].lower() == package.lower():
            return dep.replace(" ", "")
    raise SystemExit(f"{package} is not in [project] dependencies of {PYPROJECT}")


if __name__ == "__main__":
    print(requirement(sys.argv[1] if len(sys.argv) > 1 else "streamlit"))
