"""``python -m tatakelola.classify …`` runs the classify CLI."""

from __future__ import annotations

import sys

from tatakelola.classify.cli import main

raise SystemExit(main(["classify", *sys.argv[1:]]))
