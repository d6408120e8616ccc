"""``python -m tatakelola.scan scan …`` / ``python -m tatakelola.scan rules …``."""

from tatakelola.scan.cli import main

raise SystemExit(main())
