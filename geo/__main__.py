"""``python -m geo`` runs the ``frontline`` command line (see :mod:`geo.cli`)."""

from geo.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    raise SystemExit(main())
