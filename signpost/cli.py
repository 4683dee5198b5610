"""Signpost's command line: build, check, preview, start or link-check a use-case guide.

    signpost                      build content/ into site/ (also `python build.py`, `python -m signpost`)
    signpost build [--content DIR] [--out DIR] [--base-url URL] [--strict] [--drafts]
    signpost check [--content DIR] [--strict] [--drafts]
    signpost serve [--content DIR] [--base-url URL] [--port 8000] [--host 127.0.0.1]
    signpost new DIR              write a new guide's project into DIR
    signpost linkcheck SITE       check a built site's links (python -m signpost.linkcheck)

Exit codes: 0 success, 1 content problems (printed one per line), 2 wrong usage (a bad option,
an --out that is not Signpost's to replace, a malformed SOURCE_DATE_EPOCH, a folder `new` will not fill).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import signpost
from signpost import pipeline
from signpost.cache import default_cache_dir
from signpost.load import display_path
from signpost.problems import ContentError, Problem, UsageError, printable


def port_number(text: str) -> int:
    """argparse type: a TCP port, so 99999 is a usage error rather than a traceback."""
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return int(text)


NEW_HELP = "Write a new guide (settings, one goal, two use cases, pages, a CI workflow) into an empty folder."
FROM_SETTINGS = "(default: base_url in signpost.yaml beside the content folder, else /)"


def add_cache_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--cache-dir",
        type=Path,
        help="where converted Markdown, rendered pages and the search index are kept between runs "
        "(default: $XDG_CACHE_HOME/signpost/build, "
        "else ~/.cache/signpost/build)",
    )
    command.add_argument("--no-cache", action="store_true", help="convert and render every file again, and keep nothing")


def cache_dir(args: argparse.Namespace) -> Path | None:
    return None if args.no_cache else (args.cache_dir or default_cache_dir())


def parse_args(argv: list[str], prog: str = "signpost") -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=prog, description="Build a use-case guide site from Markdown content.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {signpost.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{build,check,serve,new,linkcheck}")

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
    add_cache_options(build)
    serve = add("serve", "Build, serve on loopback under the base URL's path and rebuild on every change, with live reload.")
    serve.add_argument("--out", type=Path, help="output folder (default: a temporary folder, removed on exit)")
    serve.add_argument("--base-url", help=f"serve the site under this prefix, as it will be published {FROM_SETTINGS}")
    serve.add_argument("--port", type=port_number, default=8000, help="port (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    add_cache_options(serve)
    new = commands.add_parser("new", help=NEW_HELP, description=NEW_HELP)
    new.add_argument("directory", type=Path, metavar="DIR", help="the folder to create (or an empty one to fill)")
    # Listed for --help only: main() hands `linkcheck` and everything after it to signpost.linkcheck.
    commands.add_parser("linkcheck", help="Check that every link of a built site resolves (see: linkcheck --help).")
    args = parser.parse_args(argv)
    if args.command is None:  # plain `signpost` builds with the defaults
        args = parser.parse_args(["build", *argv])
    return args


def main(argv: list[str] | None = None, prog: str = "signpost") -> int:
    """Run one command; `prog` is the name the user typed (build.py runs this too)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["linkcheck"]:
        from signpost import linkcheck

        return linkcheck.main(argv[1:], prog=f"{prog} linkcheck")
    args = parse_args(argv, prog)
    try:
        if args.command == "new":
            from signpost.starter import write_starter

            written = write_starter(args.directory)
            print(printable(f"Wrote a new guide into {display_path(args.directory)} ({len(written)} files)."))
            print(printable(f"Preview it with: {prog} serve --content {display_path(args.directory / 'content')}"))
            return 0
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
                return serve.serve(
                    args.content, None, host=args.host, port=args.port, base_url=args.base_url, cache_dir=cache_dir(args)
                )
            with claim_output(args.out, args.content, args.content.parent) as out:
                return serve.serve(
                    args.content, out, host=args.host, port=args.port, base_url=args.base_url, cache_dir=cache_dir(args)
                )
        else:
            result = pipeline.build(
                args.content, args.out, base_url=args.base_url, strict=args.strict, drafts=args.drafts, cache_dir=cache_dir(args)
            )
            _print_warnings(result.warnings)
            for notice in result.notices:
                print(printable(notice), file=sys.stderr)
            print(
                printable(
                    f"Built {result.pages} pages ({result.files} files) into {display_path(args.out)} in {result.seconds:.2f} s."
                )
            )
    except UsageError as err:
        print(printable(f"{prog} {args.command}: error: {err}"), file=sys.stderr)
        return 2
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        count = len(err.problems)
        print(f"Aborted with {count} content error{'s' if count != 1 else ''}; nothing was written.", file=sys.stderr)
        return 1
    return 0


def _print_warnings(warnings: list[Problem]) -> None:
    for warning in warnings:
        print(warning, file=sys.stderr)
