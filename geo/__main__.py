"""``python -m geo`` runs the ``frontline`` command line."""

from geo.cli import main

raise SystemExit(main())
