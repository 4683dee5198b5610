"""The order readers expect for titles and names: the Unicode Collation Algorithm.

Code-point order (Python's default, even case-folded) puts "Détection" after "Distributed",
"éclair" after "Zebra" and a title starting with an emoji last. pyuca implements the UCA with
Unicode's default table (DUCET), which is also CLDR's root collation: the order of English,
French, German, Italian, Portuguese and most languages written in the Latin script. It is pure
Python, so it installs everywhere with no compiler. Languages that tailor the order (Swedish
puts å after z, Lithuanian y next to i) would need ICU; PyICU builds against the ICU C
library, which a fresh machine does not have. README, "Sorting", says the same.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

from pyuca import Collator
from pyuca.collator import COLL_ELEMENT_PATTERN
from pyuca.utils import hexstrings2int


class _Collator(Collator):
    """pyuca's collator, loading only the table entries made of characters the texts use.

    The whole table takes 0.25 s to load, as long as the rest of a small build; a text's key
    only ever looks up its own characters (after NFD), so the other entries change nothing.
    """

    def __init__(self, texts: Iterable[str]):
        self.needed = {ord(c) for text in texts for c in unicodedata.normalize("NFD", text)}
        super().__init__()

    def load(self, filename: str) -> None:
        # pyuca's own loader, reading the weights of the needed entries only (the costly part).
        # Entries are picked by their hex spelling, as the table writes it, before any parsing.
        needed = {f"{c:04X}" for c in self.needed}
        with open(filename, encoding="utf-8") as keys_file:
            for line in keys_file:
                if line.startswith("@implicitweights"):
                    ch_range, base = line[len("@implicitweights") :].split("#", 1)[0].split(";")
                    start, end = ch_range.split("..")
                    self.implicit_weights.append([int(start, 16), int(end, 16), int(base, 16)])
                    continue
                chars, semicolon, weights = line.partition(";")
                if not semicolon or line.startswith(("#", "@")):
                    continue
                spelled = chars.split()
                if needed.issuperset(spelled):
                    code_points = [int(h, 16) for h in spelled]
                    elements = COLL_ELEMENT_PATTERN.finditer(weights.split("#", 1)[0])
                    self.table.add(code_points, [hexstrings2int(m.groups()) for m in elements])


# A text's collation key is the whole table's, whichever reduced table computed it, so keys are
# kept for the process: the preview's rebuilds then only compute the keys of new titles (at
# 3,000 titles, 0.24 s a rebuild before).
_known: dict[str, tuple[int, ...]] = {}


def collation_key(texts: Iterable[str]) -> Callable[[str], tuple[tuple[int, ...], str]]:
    """A sort key for any of `texts` (all the texts it will be asked about): the collation key,
    then the text itself, so texts the UCA ranks equal still come out in one order everywhere."""
    new = {text for text in texts if text not in _known}
    if new:
        collator = _Collator(new)
        _known.update((text, collator.sort_key(text)) for text in new)
    return lambda text: (_known[text], text)
