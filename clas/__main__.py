"""`python -m clas …`: the command line (clas/cli.py)."""

import sys

from clas.cli import main

sys.exit(main())
