"""Markdown in one place: Python-Markdown + pymdown-extensions, plus Signpost's link rewriting.

A link written as a relative path to another content file (`../usecases/x.md#how-it-works`) becomes
that page's URL; every such link is recorded so `validate` can check the target and anchor.
Conversion is cached by (file, text, base URL): the preview server converts each file once.

Authors' Markdown is not trusted (see "Security and reliability" in the README):

- Raw HTML is shown as text. Attribute lists (`{: #id .class }`, also on code fences) may set
  only ALLOWED_ATTRIBUTES; any other attribute, and an id the theme uses (slugs.THEME_IDS or
  `signpost-...`), is removed and reported as a BodyProblem.
- Links and images keep only http(s), mailto and content-file URLs (see _LinkRewriter).
- Work is bounded: nesting deeper than MAX_DEPTH levels, or more than WORK_LIMIT of parsing
  work, stops the conversion with a BodyProblem and empty HTML; `convert` never raises.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter, OrderedDict
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias, cast

import xml.etree.ElementTree as etree

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.superfences import SuperFencesException

from .document import (
    MEDIA_FOLDER,
    BodyProblem,
    Document,
    ImageSizes,
    Link,
    TocEntry,
    classify_link,
    image_size_in,
    linked_sizes,
    url_for_content_path,
)
from .slugs import is_theme_id, item_anchor, markdown_slugify, page_url

if TYPE_CHECKING:
    from markdown.extensions.toc import _TocToken


# What an attribute list may set. Python-Markdown itself puts only these on elements (a and
# img from links and images, align on table cells: see _markdown); anything else (ping, srcset,
# hidden, target, formaction, on*, style...) could track readers, run script or restyle the
# theme, so it is removed and reported.
ALLOWED_ATTRIBUTES = {"id", "class", "title", "lang", "dir"}
ALLOWED_ON = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    # Content tabs' radio buttons and their labels (pymdownx.tabbed), and `???+` blocks
    # (pymdownx.details). No attribute list reaches these elements: the inputs and labels
    # have no text after them, where attr_list looks, and raw HTML cannot make others;
    # `open` on a details block is what `???+` writes anyway.
    "input": {"type", "name", "checked"},
    "label": {"for"},
    "details": {"open"},
}
NOT_ALLOWED = (
    "attribute '{}' is not allowed in an attribute list; allowed: id, class, title, lang, dir (and width, height on images)"
)
THEME_ID = "id '{}' is used by the theme; choose another"
MAX_PROBLEMS = 20


class _LinkRewriter(Treeprocessor):
    """Rewrite and record every link: pages, anchors, files, and the ones that must not pass.

    Authors' Markdown is not trusted with markup: raw HTML is already escaped (see _markdown),
    here attributes outside the allow-list and theme ids are removed, and a link or image whose
    URL has another scheme than http(s) or mailto (javascript:, data:, ...) or that leaves the
    content folder loses its URL and is reported by validate.
    """

    md: _SignpostMarkdown

    def __init__(self, md: markdown.Markdown, base_url: str):
        super().__init__(md)
        self.base_url = base_url

    def run(self, root: etree.Element) -> None:
        source = self.md.signpost_source  # set by convert() before each run
        links = self.md.signpost_links
        self._link_item_mentions(root, self.md.signpost_items, self.md.signpost_items_page)
        self.md.signpost_images = [img.get("src", "") for img in root.iter("img") if not img.get("alt", "").strip()]
        for element in root.iter():
            if element.tag == "div" and "tabbed-set" in element.get("class", ""):
                element.attrib.pop("data-tabs", None)  # pymdownx.tabbed's count while parsing; nothing reads it after
            _check_attributes(self.md, element.tag, element.attrib)
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute and (href := element.get(attribute)) is not None:
                link = self._classify(href, source)
                if link is None:
                    continue
                links.append(link)
                if link.kind in ("unsafe", "outside"):
                    del element.attrib[attribute]
                elif link.kind == "page" and (url := url_for_content_path(link.target)) is not None:
                    anchor = f"#{link.anchor}" if link.anchor else ""
                    element.set(attribute, self.base_url + url + anchor)
                elif link.kind == "file":
                    element.set(attribute, self.base_url + MEDIA_FOLDER + link.target)
                    if element.tag == "img":
                        self.md.signpost_image_files[element] = link.target  # for its size (_BodyLayout)

    @staticmethod
    def _classify(href: str, source: str) -> Link | None:
        # Python-Markdown writes an email autolink's mailto: as entities behind AMP_SUBSTITUTE.
        return classify_link(href.replace(markdown.util.AMP_SUBSTITUTE, "&"), source)

    def _link_item_mentions(self, root: etree.Element, item_names: frozenset[str], items_page: str) -> None:
        """An item's name written as inline code (`Report Exported`) links to it on the items list's page."""
        for parent in list(root.iter()):
            if parent.tag in ("a", "pre"):
                continue
            for index, child in enumerate(list(parent)):
                name = child.text or ""
                if child.tag == "code" and name in item_names:
                    link = etree.Element("a", {"href": f"{self.base_url}{page_url('page', items_page)}#{item_anchor(name)}"})
                    link.tail, child.tail = child.tail, None
                    parent.remove(child)
                    link.append(child)
                    parent.insert(index, link)


def _check_attributes(md: _SignpostMarkdown, tag: str, attributes: dict[str, str]) -> None:
    """Remove, and report, what an attribute list may not set on this element."""
    allowed = ALLOWED_ATTRIBUTES | ALLOWED_ON.get(tag, set())
    for name in [name for name in attributes if name not in allowed]:
        del attributes[name]
        _report(md, NOT_ALLOWED.format(name), name)
    if is_theme_id(attributes.get("id", "")):
        _report(md, THEME_ID.format(attributes["id"]), attributes.pop("id"))


def _report(md: _SignpostMarkdown, message: str, word: str) -> None:
    """Record a problem once per file (the first MAX_PROBLEMS: a hostile file could have thousands),
    located by the first attribute list naming `word`."""
    if message in md.signpost_problems or len(md.signpost_problems) >= MAX_PROBLEMS:
        return
    if md.signpost_attribute_lists is None:  # built on the first problem: most files have none
        md.signpost_attribute_lists = {}
        for written in _ATTRIBUTE_LIST.findall(md.signpost_text):
            for name in _ATTRIBUTE_WORD.findall(written):
                md.signpost_attribute_lists.setdefault(name, written)
    md.signpost_problems[message] = BodyProblem(message, md.signpost_attribute_lists.get(word, word))


# A label the site's language words: markup writes the key, Messages.body the message (a
# document is converted once, whatever the language).
def label_marker(key: str) -> str:
    return "{signpost:" + key + "}"


TABLE_LABEL, CODE_LABEL = label_marker("table.scroll_label"), label_marker("code.scroll_label")
LABEL_CELLS = 3  # a table without a caption is named by its first header cells
MAX_TABS = 10  # the stylesheet shows the chosen tab of the first ten in a set
TOO_MANY_TABS = "a set of content tabs has {} tabs; at most 10 can be shown, split it into several sets"


class _BodyLayout(Treeprocessor):
    """What keeps a body inside its column and usable from the keyboard. It runs after the
    attribute check (_LinkRewriter), so what it adds is the theme's, and no author can set it.

    - Tables scroll inside a labelled region that takes the focus: keyboard users scroll it
      with the arrow keys (axe's scrollable-region-focusable); code blocks likewise.
    - Images after the first, which is likely in view, load lazily; each gets the size of its
      file, so the text does not jump as images arrive.
    - A task list's checkboxes are named after their task (a form control needs a name).
    """

    md: _SignpostMarkdown

    def run(self, root: etree.Element) -> None:
        self._wrap_tables(root)
        self._size_images(root)
        self._focusable_code()
        self._name_checkboxes(root)
        for details in root.iter("details"):  # `???` blocks: callouts that open (the stylesheet's .admonition)
            details.set("class", f"{details.get('class', '')} admonition".strip())
        for tabs in root.iter("div"):
            labels = tabs.find("div[@class='tabbed-labels']")
            if labels is not None and len(labels) > MAX_TABS and len(self.md.signpost_problems) < MAX_PROBLEMS:
                message, first_unseen = TOO_MANY_TABS.format(len(labels)), "".join(labels[MAX_TABS].itertext()).strip()
                self.md.signpost_problems.setdefault(message, BodyProblem(message, first_unseen))

    def _wrap_tables(self, root: etree.Element) -> None:
        tables = [(parent, index, child) for parent in root.iter() for index, child in enumerate(parent) if child.tag == "table"]
        labels = [self._label(table) for _, _, table in tables]
        repeated = {label: 0 for label, count in Counter(labels).items() if count > 1}
        for (parent, index, table), label in zip(tables, labels, strict=True):
            if label in repeated:  # region landmarks of one page need distinct names
                repeated[label] += 1
                label = f"{label} ({repeated[label]})"
            wrap = etree.Element("div", {"class": "table-wrap", "role": "region", "tabindex": "0", "aria-label": label})
            wrap.tail, table.tail = table.tail, None
            parent[index] = wrap
            wrap.append(table)

    def _label(self, table: etree.Element) -> str:
        caption = table.find("caption")
        cells = [caption] if caption is not None else list(table.iter("th"))[:LABEL_CELLS]
        return ", ".join(word for word in map(self._text, cells) if word) or TABLE_LABEL

    def _text(self, element: etree.Element, text: str | None = None) -> str:
        """An element's words (or `text`'s), up to a nested list; entities are still stashed away
        at this stage: their characters are put back."""
        parts = [element.text if text is None else text]
        for child in element:
            if child.tag in ("ul", "ol"):
                break
            parts += [*child.itertext(), child.tail]
        stash = self.md.htmlStash.rawHtmlBlocks
        return _STASHED.sub(lambda m: html.unescape(str(stash[int(m[1])])), " ".join("".join(filter(None, parts)).split()))

    def _name_checkboxes(self, root: etree.Element) -> None:
        # pymdownx.tasklist stashes each checkbox as HTML at the start of its item (or of the item's
        # first paragraph).
        stash = self.md.htmlStash.rawHtmlBlocks
        for item in root.iter("li"):
            holder = item if (item.text or "").strip() or not len(item) else item[0]
            text = holder.text or ""
            box = _STASHED.match(text) if "task-list-item" in item.get("class", "").split() else None
            if box and str(stash[int(box[1])]).startswith("<input "):
                name = html.escape(self._text(holder, text[box.end() :]))
                written = str(stash[int(box[1])]).replace("/>", ">")  # the XHTML slash means nothing in HTML
                stash[int(box[1])] = written.replace("<input ", f'<input aria-label="{name}" ', 1)

    def _size_images(self, root: etree.Element) -> None:
        for number, image in enumerate(root.iter("img")):
            if number:
                image.set("loading", "lazy")
                image.set("decoding", "async")
            target = self.md.signpost_image_files.get(image)
            if target and self.md.signpost_content_dir and image.get("width") is None and image.get("height") is None:
                size = image_size_in(self.md.signpost_content_dir, target)
                if size:
                    image.set("width", str(size[0]))
                    image.set("height", str(size[1]))

    def _focusable_code(self) -> None:
        # Highlighted code reaches the tree as stashed HTML (superfences, indented blocks), always
        # Pygments' <div class="highlight"><pre>: the pre is the box that scrolls.
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if isinstance(block, str):
                stash[index] = _CODE_BLOCK.sub(rf'\1<pre tabindex="0" role="group" aria-label="{CODE_LABEL}">', block, count=1)


_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")
_CODE_BLOCK = re.compile(r'\A(<div[^>]*\bclass="[^"]*\bhighlight\b[^"]*"[^>]*>)<pre>')


_ATTRIBUTE_LIST = re.compile(r"\{[^{}\n]*\}")
_ATTRIBUTE_WORD = re.compile(r"[^\s{}:=#.'\"]+")


def _checked_fence(
    highlight: Callable[..., str],
    *,  # superfences passes them all by name
    src: str = "",
    language: str = "",
    options: dict[str, Any] | None = None,
    md: _SignpostMarkdown,
    classes: list[str] | None = None,
    id_value: str = "",
    attrs: dict[str, str] | None = None,
    **kwargs: Any,
) -> str:
    """Superfences writes a fence's attribute list (```{ .lang #id data-x=1 }) into the HTML
    itself, without escaping: check it like any attribute list, and escape what is left.
    Charged before highlighting (see WORK_LIMIT), with the copy of the file's lines superfences
    makes for each fence."""
    _charge(md, CODE_STEP + CODE_CHAR * len(src) + md.signpost_lines // 100, src)
    attributes = dict(attrs or {}, id=id_value) if id_value else dict(attrs or {})
    _check_attributes(md, "div", attributes)
    return highlight(
        src=src,
        language=language,
        options=options,
        md=md,
        classes=[html.escape(c) for c in classes or ()],
        id_value=html.escape(attributes.pop("id", "")),
        attrs={name: html.escape(value) for name, value in attributes.items()},
        **kwargs,
    )


class _Tables(TableProcessor):
    """Tables that check only the lines they need.

    The stock test splits the whole block into lines every time the parser looks at a block,
    and the parser looks again after each heading or rule it takes off the front, so a long
    block of headings cost the square of its length ("a\n===\n" x 10,000: 29 s).
    """

    def test(self, parent: etree.Element, block: str) -> bool:
        head = block.split("\n", 2)[:2]
        if not super().test(parent, "\n".join(head)):
            return False
        # A one-column table needs a pipe on every row: that case needs the whole block.
        return len(self.separator) > 1 or super().test(parent, block)

    def run(self, parent: etree.Element, blocks: list[str]) -> bool | None:
        # Charged for its cells before it builds them (see WORK_LIMIT).
        _charge(_converter(self), CELL_STEP * (blocks[0].count("|") + blocks[0].count("\n")), blocks[0])
        return super().run(parent, blocks)


# Bounded work. Python-Markdown costs more than the length of its input in several places: it
# re-reads the rest of a block for each piece it takes off the front (a heading, a rule, a
# callout: "a\n===\n" x 10,000 took 29 s), reads to the end of a paragraph for each '[', '`' or
# '*' that closes nowhere (10 KB of '[' took 14 s), shifts its whole list of blocks at each step,
# highlights each code block with a new Pygments formatter, and recurses once per level of
# nesting (500 nested lists raised RecursionError). A timer cannot stop it everywhere (signals
# reach only the main thread, and the preview converts in another) and would make a build's
# result depend on the machine's load. So each such step is charged as it happens, in units of
# about 50 ns as measured for the costs below, and past WORK_LIMIT, about three seconds of
# the costliest kind of work, the conversion stops with a problem at the line it reached. It is
# a count, not a clock: every build, worker and preview agrees. A real page uses under 0.2% of
# it, and a file of plain prose up to the 2 MB file limit converts (about 3 s).
MAX_DEPTH = 25  # lists, quotes, callouts, emphasis inside each other
WORK_LIMIT = 50_000_000
LINE_STEP = 30  # superfences reads every line of the file
FENCE_CHAR = 15  # and compiles a pattern from each fence it opens
BLOCK_STEP, BLOCK_CHAR = 400, 3  # each step of the block parser, and each character of the block it reads
CELL_STEP = 50  # each table cell built
TEXT_STEP = 400  # each text the inline patterns will read, on top of its length
MATCH_STEP, FOUND_STEP = 100, 400  # each inline match tried, and each found (see _metered_match)
READ_CHAR = 1.5  # each character an inline pattern reads ahead (see _metered_reads)
DELIMITER_STEP = 70  # each '*' or '_' emphasis pairs
CODE_STEP, CODE_CHAR = 5000, 40  # each code block, and each character Pygments highlights
TOO_DEEP = f"the Markdown nests deeper than {MAX_DEPTH} levels; flatten the lists, quotes or callouts inside each other"
TOO_MUCH = (
    "too much Markdown to convert in reasonable time; split the page into several pages, "
    "and long paragraphs, lists or tables into shorter ones"
)


class _Refused(SuperFencesException):  # the one exception superfences lets through
    """Stops a conversion that would nest too deep or take too long."""

    def __init__(self, message: str, text: str):
        super().__init__(message)
        self.problem = BodyProblem(message, _first_words(text))


def _first_words(text: str) -> str:
    """Something from the start of `text` that the source has verbatim, to find its line."""
    for line in text.split("\n", 20)[:20]:
        for piece in _PLACEHOLDER.split(line):
            if piece.strip():
                return piece.strip()[:60].rstrip()
    return ""


_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")


def _charge(md: _SignpostMarkdown, work: int, text: str) -> None:
    md.signpost_work += work
    if md.signpost_work > WORK_LIMIT:
        raise _Refused(TOO_MUCH, text)


class _LineMeter(Preprocessor):
    """Charges superfences' reading of every line, and the pattern it compiles from each fence."""

    md: _SignpostMarkdown

    def run(self, lines: list[str]) -> list[str]:
        self.md.signpost_lines = len(lines)
        _charge(self.md, len(lines) * LINE_STEP, "")
        for fence in _FENCE.finditer("\n".join(lines)):
            _charge(self.md, len(fence.group()) * FENCE_CHAR, fence.group())
        return lines


_FENCE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})", re.M)


class _BlockMeter(BlockProcessor):
    """Charges every step of the block parser (it runs first and never claims a block)."""

    def test(self, parent: etree.Element, block: str) -> bool:
        md = _converter(self)
        if parent is self.parser.root and block.strip():
            md.signpost_top_block = block  # where a nesting problem starts
        _charge(md, len(block) * BLOCK_CHAR + BLOCK_STEP, block)
        return False


_ParseBlocks: TypeAlias = Callable[[etree.Element, list[str]], None]


def _metered_blocks(md: _SignpostMarkdown, parse_blocks: _ParseBlocks) -> _ParseBlocks:
    """Charges the parser for the list of blocks it shifts at every step (its length squared, at
    200 moves a unit), and stops its recursion past MAX_DEPTH containers (an indented list item
    is parsed twice in the same container, hence the count of distinct ones)."""

    def parse_nested(parent: etree.Element, blocks: list[str]) -> None:
        parents = md.signpost_parents  # the containers being parsed, the document first
        entered = not parents or parents[-1] is not parent
        if entered:
            parents.append(parent)
        try:
            if len(parents) > MAX_DEPTH + 1:
                raise _Refused(TOO_DEEP, md.signpost_top_block)
            _charge(md, len(blocks) ** 2 // 200, blocks[0] if blocks else "")
            parse_blocks(parent, blocks)
        finally:
            if entered:
                parents.pop()

    return parse_nested


class _TextMeter(Treeprocessor):
    """Charges every text the inline patterns will read (each tries them all) and every indented
    code block before Pygments highlights it (indent-highlight, priority 30)."""

    md: _SignpostMarkdown

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "pre":
                _charge(self.md, CODE_STEP + CODE_CHAR * len("".join(element.itertext())), element.findtext("code") or "")
            for text in (element.text, element.tail):
                if text and not isinstance(text, markdown.util.AtomicString):
                    _charge(self.md, len(text) + TEXT_STEP, text)


_HandleMatch: TypeAlias = Callable[[re.Match[str], str], tuple[etree.Element | str | None, int | None, int | None]]


def _metered_match(md: _SignpostMarkdown, pattern: InlineProcessor) -> _HandleMatch:
    """Charges each inline match, and the copy of its text Python-Markdown makes when one succeeds;
    refuses an element nested too deep (emphasis builds one in a single match, and the inline
    processor copies its ancestors at every level)."""
    handle_match = pattern.handleMatch

    def handle_metered(m: re.Match[str], data: str) -> tuple[etree.Element | str | None, int | None, int | None]:
        _charge(md, MATCH_STEP, data)
        node, start, end = handle_match(m, data)
        if node is not None:
            _charge(md, FOUND_STEP + len(data) // 200, data)
            if isinstance(node, etree.Element) and _depth(node) > MAX_DEPTH:
                raise _Refused(TOO_DEEP, data)
        return node, start, end

    return handle_metered


def _metered_reads(md: _SignpostMarkdown, pattern: Any) -> None:
    """Inline patterns read ahead one character at a time in Python: a link for its closing bracket
    and parenthesis, code for its closing backticks, emphasis for its next '*' or '_'; to the end
    of the paragraph when there is none (10 KB of '[' took 14 s). Each read is charged, from what
    it returns, for the characters it covered; emphasis also for each delimiter it pairs, which
    may nest an element per character. (`pattern` is any InlineProcessor: which of these readers
    it has depends on its class and on Python-Markdown's version, so they are looked up by name.)"""

    def metered(read: Callable[..., Any], cost: Callable[..., float]) -> Callable[..., Any]:
        def read_metered(*args: Any) -> Any:
            result = read(*args)
            _charge(md, int(cost(result, *args)), args[0] if isinstance(args[0], str) else args[1])
            return result

        return read_metered

    def to(stop: int | None, text: str, start: int) -> float:
        return READ_CHAR * ((len(text) if stop is None else stop) - start)

    if hasattr(pattern, "getText"):  # links and images: the text, then the URL and title
        pattern.getText = metered(pattern.getText, lambda r, data, index: to(r[1], data, index))
        # A quote that opens no title makes the URL's read go to the end and step back.
        pattern.getLink = metered(
            pattern.getLink,
            lambda r, data, index: to(
                r[2] if r[3] and (r[1] is not None or not _QUOTE.search(data, index, r[2])) else None, data, index
            ),
        )
    if hasattr(pattern, "find_code_spans"):  # without an equal closing run it reads to the end
        # `* matches anywhere, if only the empty string, so the match is never None.
        pattern.find_code_spans = metered(
            pattern.find_code_spans,
            lambda r, start, text: to(
                r[1] if r[0] - start == _TICKS.match(text, start).end() - start else None,  # type: ignore[union-attr]
                text,
                start,
            ),
        )
    if hasattr(pattern, "delimiters"):  # Python-Markdown 3.11's emphasis
        pattern.get_match = metered(pattern.get_match, lambda r, data, start: DELIMITER_STEP * (r.end() - r.start()) if r else 0)
        pattern.search = metered(
            pattern.search,
            lambda r, data, start: (
                to(r.start(), data, start) + DELIMITER_STEP * (r.end() - r.start()) if r else to(None, data, start)
            ),
        )


_QUOTE = re.compile("[\"']")
_TICKS = re.compile("`*")


def _depth(element: etree.Element) -> int:
    depth, level = 0, [element]
    while level:
        depth, level = depth + 1, [child for parent in level for child in parent]
    return depth


class _SignpostExtension(Extension):
    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After inline links exist (priority 20 and above), before the toc collects headings.
        md.treeprocessors.register(_LinkRewriter(md, self.base_url), "signpost_links", 7)
        md.treeprocessors.register(_BodyLayout(md), "signpost_layout", 6)  # after the attribute check, above
        # The meters (see WORK_LIMIT): before fences are read (25), first at each block step,
        # before indented code is highlighted (30) and inline patterns run (20).
        md.preprocessors.register(_LineMeter(md), "signpost_lines", 27)
        md.parser.blockprocessors.register(_BlockMeter(md.parser), "signpost_blocks", 1000)
        md.treeprocessors.register(_TextMeter(md), "signpost_texts", 31)


_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.S)


class _SignpostMarkdown(markdown.Markdown):
    """Python-Markdown with the state of one conversion, which convert() sets before each run
    and the processors above read and add to."""

    toc_tokens: list[_TocToken]  # the toc extension's
    signpost_source: str  # the file's content-relative path
    signpost_text: str  # its Markdown
    signpost_links: list[Link]
    signpost_images: list[str]  # the src of images without alt text
    signpost_image_files: dict[etree.Element, str]  # img elements of content files: their path
    signpost_content_dir: str
    signpost_items: frozenset[str]
    signpost_items_page: str
    signpost_problems: dict[str, BodyProblem]  # by message
    signpost_attribute_lists: dict[str, str] | None  # each word's first attribute list, once needed
    signpost_work: int  # units of work charged (WORK_LIMIT)
    signpost_lines: int
    signpost_parents: list[etree.Element]  # the containers being parsed (_metered_blocks)
    signpost_top_block: str


def _converter(processor: BlockProcessor) -> _SignpostMarkdown:
    """The converter a block processor runs in: every one is a _SignpostMarkdown (_markdown)."""
    return cast(_SignpostMarkdown, processor.parser.md)


@lru_cache(maxsize=4)
def _markdown(base_url: str) -> _SignpostMarkdown:
    md = _SignpostMarkdown(
        extensions=[
            "tables",
            "attr_list",
            "admonition",
            "abbr",
            "toc",
            "pymdownx.superfences",
            "pymdownx.highlight",
            "pymdownx.tabbed",
            "pymdownx.details",
            "pymdownx.tasklist",
            # Not pymdownx.snippets: it would paste in any file a page names, past every check.
            _SignpostExtension(base_url),
        ],
        extension_configs={
            "toc": {
                "toc_depth": "2-3",
                "slugify": markdown_slugify,
                "permalink": "#",
                "permalink_class": "headerlink",
                "permalink_title": "Link to this section",
            },
            "pymdownx.highlight": {"guess_lang": False, "css_class": "highlight"},
            # Column alignment as an attribute: the stock style="text-align: ..." is blocked by
            # the Content-Security-Policy and is not allowed by the attribute check.
            "tables": {"use_align_attribute": True},
            # Tabs as radio buttons and labels, working without script.
            "pymdownx.tabbed": {"alternate_style": True},
            # Plain disabled checkboxes: the list shows a state, it is not a form.
            "pymdownx.tasklist": {"custom_checkbox": False, "clickable_checkbox": False},
        },
        output_format="html",
    )
    # Raw HTML in content is shown as text, never passed on as markup (the Python-Markdown
    # documentation's way to disable it), so no author can inject a script or a form.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    tables = md.parser.blockprocessors["table"]
    # types-Markdown leaves out the config a TableProcessor keeps from its constructor.
    md.parser.blockprocessors.register(_Tables(md.parser, tables.config), "table", 75)  # type: ignore[attr-defined]
    fences: Any = md.preprocessors["fenced_code_block"]  # superfences' (pymdownx has no types)
    fences.extension.superfences[0]["formatter"] = functools.partial(_checked_fence, fences.highlight)
    # The meters wrap methods of these objects, and of these only (see WORK_LIMIT), which mypy
    # reports as assigning to a method.
    for pattern in md.inlinePatterns:
        if isinstance(pattern, InlineProcessor):
            pattern.handleMatch = _metered_match(md, pattern)  # type: ignore[method-assign, assignment]
            _metered_reads(md, pattern)
    md.parser.parseBlocks = _metered_blocks(md, md.parser.parseBlocks)  # type: ignore[method-assign, assignment]
    return md


def _toc(tokens: list[_TocToken]) -> tuple[TocEntry, ...]:
    return tuple(TocEntry(t["id"], html.unescape(t["name"]), _toc(t["children"])) for t in tokens)


def _ids(tokens: list[_TocToken]) -> set[str]:
    found = set()
    for t in tokens:
        found.add(t["id"])
        found |= _ids(t["children"])
    return found


_REMEMBERED = 4096  # documents convert() keeps: every file of a large preview, converted once
_Key: TypeAlias = tuple[str, str, str, frozenset[str], str, str]  # convert()'s arguments
_memory: OrderedDict[_Key, tuple[Document, ImageSizes]] = OrderedDict()
_converted = 0  # bodies converted rather than remembered, in this process


def conversions() -> int:
    """How many bodies convert() has converted rather than remembered, in this process."""
    return _converted


def forget_conversions() -> None:
    _memory.clear()


def remember(document: Document, *key: *_Key) -> None:
    """Keep `document` as convert(*key)'s result (one read back from the build cache)."""
    _memory[key] = (document, linked_sizes(document, key[-1]))
    if len(_memory) > _REMEMBERED:
        _memory.popitem(last=False)


def convert(
    text: str,
    source: str,
    base_url: str = "/",
    item_names: frozenset[str] = frozenset(),
    items_page: str = "",
    content_dir: str = "",
) -> Document:
    """Convert one file's Markdown body; `source` is its content-relative path.

    Inline code naming one of `item_names` links to it on the `items_page`. Images found in
    `content_dir` get their size. Never raises: Markdown that nests too deep or needs too much
    work gives empty HTML and a BodyProblem.

    A conversion is remembered (the preview converts each file once) while the files it links
    keep their sizes: an lru_cache would keep an image's old size after the image is replaced.
    """
    global _converted
    key = (text, source, base_url, item_names, items_page, content_dir)
    known = _memory.get(key)
    if known is not None and linked_sizes(known[0], content_dir) == known[1]:
        _memory.move_to_end(key)
        return known[0]
    document = _convert(*key)
    _converted += 1
    remember(document, *key)
    return document


def _convert(text: str, source: str, base_url: str, item_names: frozenset[str], items_page: str, content_dir: str) -> Document:
    md = _markdown(base_url)
    md.reset()
    md.signpost_source = source
    md.signpost_text = text
    md.signpost_links = []
    md.signpost_images = []
    md.signpost_image_files, md.signpost_content_dir = {}, content_dir
    md.signpost_items, md.signpost_items_page = item_names, items_page
    md.signpost_problems = {}
    md.signpost_attribute_lists = None
    md.signpost_work = md.signpost_lines = 0
    md.signpost_parents, md.signpost_top_block = [], ""
    try:
        body = md.convert(text)
    except (_Refused, RecursionError) as stopped:
        _markdown.cache_clear()  # a parser stopped half-way may keep state (open lists...)
        problem = stopped.problem if isinstance(stopped, _Refused) else BodyProblem(TOO_DEEP)
        return Document("", (), frozenset(), problems=(problem,))
    # The page title is the page's only h1, so a body h1 is reported by validate.
    h1s = tuple(html.unescape(re.sub(r"<[^>]+>", "", _PERMALINK.sub("", m))) for m in _H1.findall(body))
    all_ids = _ids(md.toc_tokens) | _element_ids(body)
    return Document(
        body,
        _toc(md.toc_tokens),
        frozenset(all_ids),
        tuple(md.signpost_links),
        h1s,
        tuple(md.signpost_images),
        tuple(md.signpost_problems.values()),
        text,
    )


def _element_ids(body: str) -> set[str]:
    """Ids set by attribute lists on any element, so links may target them too."""
    found = set()
    start = body.find(' id="')
    while start != -1:
        end = body.find('"', start + 5)
        found.add(html.unescape(body[start + 5 : end]))
        start = body.find(' id="', end)
    return found
