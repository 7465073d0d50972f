"""Reading a PNG's pixels with the standard library only (zlib), for the browser test.

Handles what Chromium writes: 8-bit RGB or RGBA, not interlaced, any of the five row
filters. Slow (pure Python), so screenshots are kept small.
"""

from __future__ import annotations

import struct
import zlib
from collections import Counter

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {2: 3, 6: 4}  # colour type -> bytes per pixel at 8 bits


def png_rows(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, bytes per pixel, rows of raw pixel bytes)."""
    if not data.startswith(_SIGNATURE):
        raise ValueError("not a PNG")
    position, compressed = len(_SIGNATURE), []
    width = height = bpp = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour_type not in _CHANNELS or interlace:
                raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour_type}, interlace {interlace})")
            bpp = _CHANNELS[colour_type]
        elif kind == b"IDAT":
            compressed.append(body)
        elif kind == b"IEND":
            break
    raw = zlib.decompress(b"".join(compressed))
    stride = width * bpp
    rows: list[bytes] = []
    previous = bytearray(stride)
    offset = 0
    for _ in range(height):
        kind, line = raw[offset], bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        _unfilter(kind, line, previous, bpp)
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


def _unfilter(kind: int, line: bytearray, previous: bytearray, bpp: int) -> None:
    if kind == 0:
        return
    if kind == 2:
        for x in range(len(line)):
            line[x] = (line[x] + previous[x]) & 0xFF
        return
    for x in range(len(line)):
        left = line[x - bpp] if x >= bpp else 0
        if kind == 1:
            line[x] = (line[x] + left) & 0xFF
        elif kind == 3:
            line[x] = (line[x] + ((left + previous[x]) >> 1)) & 0xFF
        elif kind == 4:
            up = previous[x]
            up_left = previous[x - bpp] if x >= bpp else 0
            estimate = left + up - up_left
            a, b, c = abs(estimate - left), abs(estimate - up), abs(estimate - up_left)
            line[x] = (line[x] + (left if a <= b and a <= c else up if b <= c else up_left)) & 0xFF
        else:
            raise ValueError(f"unknown PNG row filter {kind}")


def colour_counts(data: bytes, wanted: set[tuple[int, int, int]]) -> Counter[tuple[int, int, int]]:
    """How many pixels of the PNG have each of the ``wanted`` RGB colours exactly."""
    _, _, bpp, rows = png_rows(data)
    counts: Counter[tuple[int, int, int]] = Counter()
    for row in rows:
        for x in range(0, len(row), bpp):
            pixel = (row[x], row[x + 1], row[x + 2])
            if pixel in wanted:
                counts[pixel] += 1
    return counts
