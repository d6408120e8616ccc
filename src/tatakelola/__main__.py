from tatakelola.cli import main

raise SystemExit(main())
