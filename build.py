#!/usr/bin/env python3
"""Signpost command line: build, check or preview a use-case guide.

    python build.py                      build content/ into site/
    python build.py build [--content DIR] [--out DIR] [--base-url URL] [--strict]
    python build.py check [--content DIR] [--strict]
    python build.py serve [--content DIR] [--base-url URL] [--port 8000] [--host 127.0.0.1]

Exit codes: 0 success, 1 content problems (printed one per line), 2 wrong usage (a bad option,
an --out that is not Signpost's to replace, a malformed SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import signpost
from signpost import pipeline
from signpost.load import display_path
from signpost.problems import ContentError, UsageError, printable


def port_number(text: str) -> int:
    """argparse type: a TCP port, so 99999 is a usage error rather than a traceback."""
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return int(text)


FROM_SETTINGS = "(default: base_url in signpost.yaml beside the content folder, else /)"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="Build a use-case guide site from Markdown content.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {signpost.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{build,check,serve}")

    def add(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument(
            "--content",
            type=Path,
            default=Path("content"),
            help="content folder; settings are read from signpost.yaml beside it (default: content)",
        )
        sub.add_argument("--strict", action="store_true", help="treat warnings as errors (for CI)")
        return sub

    build = add("build", "Validate the content and write the site (the default command).")
    build.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    build.add_argument("--base-url", help=f"URL prefix the site is served under, e.g. /docs/ {FROM_SETTINGS}")
    check = add("check", "Validate the content without writing anything.")
    for sub in (build, check):
        sub.add_argument(
            "--drafts",
            action="store_true",
            help="include files marked draft: true (default: leave them out; serve always shows them)",
        )
    serve = add("serve", "Build, serve on loopback under the base URL's path and rebuild on every change, with live reload.")
    serve.add_argument("--out", type=Path, help="output folder (default: a temporary folder, removed on exit)")
    serve.add_argument("--base-url", help=f"serve the site under this prefix, as it will be published {FROM_SETTINGS}")
    serve.add_argument("--port", type=port_number, default=8000, help="port (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    args = parser.parse_args(argv)
    if args.command is None:  # plain `python build.py` builds with the defaults
        args = parser.parse_args(["build", *argv])
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if not args.content.is_dir():
            raise UsageError(f"--content {display_path(args.content)}: no such folder")
        if args.command == "check":
            warnings = pipeline.check(args.content, strict=args.strict, drafts=args.drafts)
            _print_warnings(warnings)
            print(printable(f"Content in {display_path(args.content)} is valid."))
        elif args.command == "serve":
            from signpost.preview import serve  # imports livereload, which only the preview needs
            from signpost.write import claim_output

            if args.out is None:
                return serve.serve(args.content, None, host=args.host, port=args.port, base_url=args.base_url)
            with claim_output(args.out, args.content, args.content.parent) as out:
                return serve.serve(args.content, out, host=args.host, port=args.port, base_url=args.base_url)
        else:
            result = pipeline.build(args.content, args.out, base_url=args.base_url, strict=args.strict, drafts=args.drafts)
            _print_warnings(result.warnings)
            print(
                printable(
                    f"Built {result.pages} pages ({result.files} files) into {display_path(args.out)} in {result.seconds:.2f} s."
                )
            )
    except UsageError as err:
        print(printable(f"build.py {args.command}: error: {err}"), file=sys.stderr)
        return 2
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        count = len(err.problems)
        print(f"Aborted with {count} content error{'s' if count != 1 else ''}; nothing was written.", file=sys.stderr)
        return 1
    return 0


def _print_warnings(warnings) -> None:
    for warning in warnings:
        print(warning, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
