"""Synthetic catalogs in Signpost's schema, and the same pages as an MkDocs or a Hugo project.

    python bench/generate.py PAGES OUT_DIR [--mkdocs DIR] [--hugo DIR]
    python bench/generate.py --goals N --usecases M OUT_DIR [--mkdocs DIR] [--hugo DIR]

A catalog of about PAGES pages, or of exactly N goals and M use cases: goals (each with three
considerations), use cases (each serving one or two goals, with events from a shared pool),
the free pages, and realistic bodies (headings, a table, lists, a code block, a callout and
cross-links). The output is deterministic for given arguments.
"""

from __future__ import annotations

import argparse
import posixpath
import random
import re
import shutil
from collections import Counter
from pathlib import Path

WORDS = [
    "signal",
    "audience",
    "segment",
    "event",
    "property",
    "source",
    "destination",
    "campaign",
    "journey",
    "profile",
    "trait",
    "conversion",
    "retention",
    "message",
    "channel",
    "warehouse",
    "pipeline",
    "schedule",
    "cohort",
    "attribute",
    "metric",
    "report",
    "window",
    "threshold",
    "sync",
    "identity",
    "device",
    "session",
    "funnel",
    "offer",
    "banner",
]
SOURCES = ["Website", "Mobile", "Reverse ETL", "Advertising", "Server", "Kiosk"]
DESTINATIONS = [
    "Analytics",
    "Advertising",
    "Email Marketing",
    "Personalization",
    "SMS & Push Notifications",
    "Reverse ETL",
    "Data Warehouse",
    "Support Desk",
]
FIXED_PAGES = 8  # index, guide, decide, plan, reference, events, setup, 404


def sentence(rng: random.Random, words: int = 14) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng, rng.randint(9, 18)) for _ in range(sentences))


def shape(pages: int) -> tuple[int, int]:
    """Goals and use cases for about `pages` pages."""
    goals = max(2, round(pages**0.5 / 2))
    return goals, max(goals, pages - goals - FIXED_PAGES)


def assign(rng: random.Random, goals: list[str], usecases: list[str]) -> dict[str, list[str]]:
    """The goals each use case serves: one, or two for every third; every goal gets one at least."""
    serves = {u: sorted(rng.sample(goals, 2 if i % 3 == 0 and len(goals) > 1 else 1)) for i, u in enumerate(usecases)}
    counts = Counter(g for served in serves.values() for g in served)
    for g in goals:
        if not counts[g]:
            # Move the last pairing of the largest goal to this one. No random draw, so a catalog
            # that already covered every goal (all the sizes bench/run.py uses) stays the same.
            largest = max(goals, key=counts.__getitem__)
            u = next(u for u in reversed(usecases) if largest in serves[u])
            serves[u] = sorted({*serves[u], g} - {largest})
            counts[largest] -= 1
            counts[g] += 1
    return serves


def event_pool(rng: random.Random, size: int) -> list[tuple[str, list[str]]]:
    pool = []
    for i in range(size):
        name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {i}"
        pool.append((name, [f"{rng.choice(WORDS)}_{j}" for j in range(rng.randint(2, 8))]))
    return pool


def body(rng: random.Random, title: str, links: list[tuple[str, str]], event: str) -> str:
    link_text = ", ".join(f"[{text}]({href})" for text, href in links)
    rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} | {sentence(rng, 6)} |" for _ in range(4))
    return f"""{paragraph(rng)}

## How it works

1. {sentence(rng)}
2. {sentence(rng)}
3. {sentence(rng)}

{paragraph(rng, 3)} Related: {link_text}.

## Measures

| Measure | Target | Note |
| --- | --- | --- |
{rows}

## Example

```js
analytics.track("{event}", {{
  {rng.choice(WORDS)}_id: "{rng.randint(1000, 9999)}",
  total: {rng.randint(1, 500)}.5,
}});
```

!!! info "Before you start"
    {sentence(rng)}

- {sentence(rng, 8)}
- {sentence(rng, 8)}
"""


def generate(pages: int, out: Path) -> dict:
    """Write content/ and signpost.yaml for about `pages` pages; returns the plan for MkDocs."""
    return write_catalog(random.Random(pages), *shape(pages), out)


def generate_counts(goal_count: int, usecase_count: int, out: Path) -> dict:
    """Write exactly `goal_count` goals and `usecase_count` use cases (at least one per goal)."""
    if not 1 <= goal_count <= usecase_count:
        raise ValueError("--goals must be at least 1 and --usecases at least --goals")
    return write_catalog(random.Random(f"{goal_count}x{usecase_count}"), goal_count, usecase_count, out)


def write_catalog(rng: random.Random, goal_count: int, usecase_count: int, out: Path) -> dict:
    goals = [f"goal-{g:03d}" for g in range(goal_count)]
    usecases = [f"use-case-{u:05d}" for u in range(usecase_count)]
    events = event_pool(rng, max(20, usecase_count // 10))
    serves = assign(rng, goals, usecases)
    members = {g: [u for u in usecases if g in serves[u]] for g in goals}

    if out.exists():
        shutil.rmtree(out)
    for folder in ("goals", "usecases", "pages"):
        (out / "content" / folder).mkdir(parents=True)
    (out / "signpost.yaml").write_text("name: Synthetic Guide\n")
    plan = {"goals": {}, "usecases": {}, "pages": {}}

    for order, g in enumerate(goals, 1):
        title = f"Goal {order} {rng.choice(WORDS)}"
        ucs = members[g]
        considerations = "\n".join(
            f"  - question: {sentence(rng, 8)[:-1]}?\n    use_cases: [{', '.join(rng.sample(ucs, min(2, len(ucs))))}]"
            for _ in range(3)
        )
        text = body(rng, title, [(f"Use case {ucs[0]}", f"../usecases/{ucs[0]}.md")], events[0][0])
        (out / f"content/goals/{g}.md").write_text(
            f"---\ntitle: {title}\norder: {order}\nhelps_you: {sentence(rng, 6)[:-1].lower()}\nsummary: {sentence(rng)}\n"
            f"use_cases:\n" + "".join(f"  - {u}\n" for u in ucs) + f"considerations:\n{considerations}\n---\n{text}"
        )
        plan["goals"][g] = (title, text)

    for i, u in enumerate(usecases):
        title = f"Use case {i} {rng.choice(WORDS)} {rng.choice(WORDS)}"
        entries = ""
        for g in serves[u]:
            picked = rng.sample(events, rng.randint(1, 3))
            event_yaml = "".join(f"      - name: {name}\n        properties: [{', '.join(props)}]\n" for name, props in picked)
            entries += (
                f"  - goal: {g}\n    description: {sentence(rng, 10)}\n    helps_you: {sentence(rng, 7)[:-1].lower()}\n"
                f"    events:\n{event_yaml}    sources: [{', '.join(rng.sample(SOURCES, 3))}]\n"
                f"    destinations: [{', '.join(rng.sample(DESTINATIONS, 3))}]\n"
            )
        neighbours = [usecases[(i + k) % usecase_count] for k in (1, 2)]
        links = [(f"Use case {n}", f"{n}.md") for n in neighbours] + [("the goal", f"../goals/{serves[u][0]}.md")]
        text = body(rng, title, links, events[i % len(events)][0])
        (out / f"content/usecases/{u}.md").write_text(
            f"---\ntitle: {title}\nsummary: {sentence(rng)}\ngoals:\n{entries}---\n{text}"
        )
        plan["usecases"][u] = (title, text)

    for slug, title in [("index", "Overview"), ("guide", "Choosing"), ("setup", "Setup")]:
        text = paragraph(rng) + "\n\nSee [the setup](setup.md) and [the guide](guide.md).\n"
        (out / f"content/pages/{slug}.md").write_text(f"---\ntitle: {title}\ndescription: {sentence(rng)}\n---\n{text}")
        plan["pages"][slug] = (title, text)
    return plan


def generate_mkdocs(plan: dict, out: Path) -> None:
    """The same pages as an MkDocs + Material project (links rewritten to MkDocs' layout)."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    for folder in ("goals", "usecases"):
        (docs / folder).mkdir(parents=True)
    for kind in ("goals", "usecases"):
        for slug, (title, text) in plan[kind].items():
            (docs / kind / f"{slug}.md").write_text(f"# {title}\n\n{text}")
    for slug, (title, text) in plan["pages"].items():
        (docs / f"{slug}.md").write_text(f"# {title}\n\n{text.replace('](setup.md)', '](setup.md)')}")
    (out / "mkdocs.yml").write_text(
        "site_name: Synthetic Guide\ntheme:\n  name: material\n"
        "markdown_extensions:\n  - tables\n  - admonition\n  - toc:\n      permalink: true\n  - pymdownx.superfences\n  - pymdownx.highlight\n"
        "validation:\n  links:\n    not_found: ignore\n    unrecognized_links: ignore\n"
    )


# Hugo 0.111 (Debian's) with the smallest layouts a fair comparison needs: a page is its title and
# its Markdown in a small HTML page with a nav (the home page, the free pages, every goal and at
# most 24 pages of the page's own section, as our nav lists the goals and at most 24 of the current
# goal's use cases), its main element marked for Pagefind as ours is. What our pages have that
# these do not: the stylesheets and scripts (theme, search box, copy buttons, table filter), the
# header, breadcrumbs, table of contents, heading anchors, pager and footer, and everything built
# from the front matter (a goal's use cases and considerations, a use case's goals with their
# events, sources and destinations tables, the plan links); and the site has no whole-catalog
# pages (guide, reference, events, decide, plan, compare: ours are kept out of search), no
# Markdown copies of the pages, catalog.json or llms.txt. Hugo's two section pages (/goals/ and
# /usecases/, one link per page, kept out of search) stand in for those. Like ours it writes a
# 404 page, robots.txt and sitemap.xml; taxonomies and RSS, which we have no equivalent of, are off.
HUGO_CONFIG = """baseURL = "https://example.com/"
languageCode = "en"
title = "Synthetic Guide"
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = true
[taxonomies]
[markup.highlight]
noClasses = false
"""
HUGO_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
{{ partial "nav.html" . }}
"""
HUGO_PAGE = (
    HUGO_HEAD
    + """<main data-pagefind-body>
<h1>{{ .Title }}</h1>
{{ .Content }}
</main>
</body>
</html>
"""
)
HUGO_LAYOUTS = {
    "partials/nav.html": """<nav>
<a href="{{ relURL "" }}">{{ site.Title }}</a>
{{ range where site.RegularPages "Section" "" }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ end }}<ul>
{{ range (site.GetPage "/goals").Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ with .CurrentSection }}{{ if not .IsHome }}<ul>
{{ range first 24 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>{{ end }}{{ end }}
</nav>
""",
    "_default/single.html": HUGO_PAGE,
    "_default/list.html": HUGO_HEAD
    + """<main>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
</main>
</body>
</html>
""",
    "index.html": HUGO_PAGE,  # the home page is a list in Hugo: it needs the page layout by name
    "404.html": HUGO_HEAD
    + """<main>
<h1>Page not found</h1>
<p><a href="{{ relURL "" }}">Back to the overview</a></p>
</main>
</body>
</html>
""",
}
ADMONITION = re.compile(r'^!!! \w+ "([^"]*)"\n((?:    .*\n?)+)', re.MULTILINE)


def hugo_place(kind: str, slug: str) -> tuple[str, str]:
    """A page's file under Hugo's content/ and its URL path (Hugo's pretty URLs, as ours)."""
    if kind == "pages":
        return ("_index.md", "/") if slug == "index" else (f"{slug}.md", f"/{slug}/")
    return f"{kind}/{slug}.md", f"/{kind}/{slug}/"


def generate_hugo(plan: dict, out: Path) -> None:
    """The same pages as a Hugo project with minimal layouts (see the comment above)."""
    if out.exists():
        shutil.rmtree(out)
    for folder in ("content/goals", "content/usecases", "layouts/_default", "layouts/partials"):
        (out / folder).mkdir(parents=True)
    (out / "hugo.toml").write_text(HUGO_CONFIG)
    for name, layout in HUGO_LAYOUTS.items():
        (out / "layouts" / name).write_text(layout)
    for kind in ("goals", "usecases", "pages"):
        for slug, (title, text) in plan[kind].items():
            path, url = hugo_place(kind, slug)

            def link(match: re.Match, kind: str = kind, url: str = url) -> str:
                folder, name = posixpath.split(posixpath.normpath(posixpath.join(kind, match.group(1))))
                target = hugo_place(folder, name)[1]
                return f"]({posixpath.relpath(target, url)}/)"

            text = ADMONITION.sub(lambda m: f"> **{m.group(1)}**\n>\n> {m.group(2).strip()}\n", text)
            text = re.sub(r"\]\(([^)\s]+)\.md\)", link, text)
            (out / "content" / path).write_text(f'---\ntitle: "{title}"\n---\n{text}')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=int, nargs="?", help="about this many pages (or --goals and --usecases)")
    parser.add_argument("out", type=Path)
    parser.add_argument("--goals", type=int, help="exactly this many goals (with --usecases, without PAGES)")
    parser.add_argument("--usecases", type=int, help="exactly this many use cases, at least --goals")
    parser.add_argument("--mkdocs", type=Path, help="also write the MkDocs project here")
    parser.add_argument("--hugo", type=Path, help="also write the Hugo project here")
    args = parser.parse_args()
    counts = (args.goals, args.usecases)
    if args.pages is not None and counts == (None, None):
        plan = generate(args.pages, args.out)
    elif args.pages is None and None not in counts:
        try:
            plan = generate_counts(*counts, args.out)
        except ValueError as problem:
            parser.error(str(problem))
    else:
        parser.error("give either PAGES or both --goals and --usecases")
    if args.mkdocs:
        generate_mkdocs(plan, args.mkdocs)
    if args.hugo:
        generate_hugo(plan, args.hugo)
    print(f"{len(plan['goals'])} goals, {len(plan['usecases'])} use cases into {args.out}")


if __name__ == "__main__":
    main()
