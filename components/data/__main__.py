"""python -m components.data: check every data file (components/data/cli.py)."""

import sys

from .cli import main

sys.exit(main())
