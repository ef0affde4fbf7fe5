"""`python -m data_access`: the command line for the store."""

import sys

from data_access.cli import main

sys.exit(main())
