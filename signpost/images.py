"""The pixel size of an image file, read from its first bytes, for <img width height>.

A page whose images carry their size keeps its layout while they load. Pillow would do this,
but it is a large compiled dependency for a few bytes of header per format; this reader
handles what pages may show (PNG, JPEG, GIF, WebP, SVG) and answers None for anything else,
including a file it cannot make sense of.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import BinaryIO

SVG_HEAD = 4096  # the <svg> start tag comes after at most an XML declaration and comments
_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.I)
_LENGTH = rb"\s*([0-9]*\.?[0-9]+)\s*(?:px)?\s*"  # a size in user units: 40, 40.5 or 40px, not 50% or 3em


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in CSS pixels, or None."""
    try:
        with path.open("rb") as stream:
            head = stream.read(SVG_HEAD)
            if head.startswith(b"\xff\xd8"):
                return _jpeg(stream)
    except OSError:
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return _positive(*struct.unpack(">II", head[16:24]))
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return _positive(*struct.unpack("<HH", head[6:10]))
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP" and len(head) >= 30:
        return _webp(head)
    if path.suffix.lower() == ".svg":
        return _svg(head)
    return None


def _positive(width: int, height: int) -> tuple[int, int] | None:
    return (width, height) if width > 0 and height > 0 else None


def _jpeg(stream: BinaryIO) -> tuple[int, int] | None:
    """The size is in the first start-of-frame block; the blocks before it (Exif, colour
    profiles) are skipped by their lengths, not read."""
    stream.seek(2)
    for _ in range(1000):  # a bound for a file of nothing but empty blocks
        marker = stream.read(4)
        if len(marker) < 4 or marker[0] != 0xFF:
            return None
        kind, length = marker[1], struct.unpack(">H", marker[2:])[0]
        if 0xC0 <= kind <= 0xCF and kind not in (0xC4, 0xC8, 0xCC):  # SOF0..SOF15, not DHT, JPG, DAC
            frame = stream.read(5)
            return _positive(*reversed(struct.unpack(">HH", frame[1:5]))) if len(frame) == 5 else None
        stream.seek(length - 2, 1)
    return None


def _webp(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8 ":  # lossy: 14-bit sizes after the key frame's start code
        width, height = struct.unpack("<HH", head[26:30])
        return _positive(width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L":  # lossless: 14 bits each, minus one, after a signature byte
        bits = int.from_bytes(head[21:25], "little")
        return _positive((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X":  # extended: 24 bits each, minus one
        return _positive(int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1)
    return None


def _svg(head: bytes) -> tuple[int, int] | None:
    """width and height in pixels on the <svg> element, else its viewBox's; a drawing sized in
    percent or ems has no fixed size and gets none."""
    tag = _SVG_TAG.search(head)
    if not tag:
        return None
    sides = [re.search(rb"\s" + name + rb"\s*=\s*[\"']([^\"']*)[\"']", tag[0]) for name in (b"width", b"height")]
    if any(sides):
        width, height = (re.fullmatch(_LENGTH, side[1]) if side else None for side in sides)
        return _positive(round(float(width[1])), round(float(height[1]))) if width and height else None
    box = re.search(rb"\sviewBox\s*=\s*[\"']\s*[-0-9.eE]+[\s,]+[-0-9.eE]+[\s,]+([0-9.eE]+)[\s,]+([0-9.eE]+)\s*[\"']", tag[0])
    try:
        return _positive(round(float(box[1])), round(float(box[2]))) if box else None
    except ValueError:
        return None
