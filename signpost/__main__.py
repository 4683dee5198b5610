"""`python -m signpost`: the same command line as `signpost` and `python build.py`."""

import sys

from signpost.cli import main

sys.exit(main(prog="python -m signpost"))
