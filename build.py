#!/usr/bin/env python3
"""Signpost's command line run from a checkout: `python build.py COMMAND` is the installed
`signpost COMMAND` (signpost/cli.py lists the commands and exit codes)."""

from __future__ import annotations

import sys

from signpost import cli


def main(argv: list[str] | None = None) -> int:
    return cli.main(argv, prog="build.py")


if __name__ == "__main__":
    sys.exit(main())
