"""`python -m dashboard.exports ...`: see dashboard/exports/cli.py."""

import sys

from dashboard.exports.cli import main

sys.exit(main())
