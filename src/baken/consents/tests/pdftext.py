"""A small text extractor for the PDFs fpdf2 writes (no PDF library is in the lock).

fpdf2 writes text as 2-byte glyph codes of an embedded TrueType subset, with a ToUnicode CMap per
font; this maps the codes back through that CMap, so tests can read what a printed form says.
"""

from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in _OBJ.finditer(pdf)}


def _stream(obj: bytes) -> bytes:
    match = _STREAM.search(obj)
    if match is None:
        return b""
    data = match.group(1)
    return zlib.decompress(data) if b"/FlateDecode" in obj.split(b"stream")[0] else data


def _cmap(stream: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for code, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for lo, hi, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def _unescape(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    escapes = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(raw):
        byte = raw[i]
        if byte == 0x5C and i + 1 < len(raw):  # backslash
            nxt = raw[i + 1]
            if nxt in escapes:
                out.append(escapes[nxt])
                i += 2
            elif 0x30 <= nxt <= 0x37:
                digits = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
                assert digits is not None
                out.append(int(digits.group(0), 8))
                i += 1 + len(digits.group(0))
            else:
                out.append(nxt)
                i += 2
        else:
            out.append(byte)
            i += 1
    return bytes(out)


_TOKENS = re.compile(rb"/(F\d+)\s+[\d.]+\s+Tf|\((?:\\.|[^\\)])*\)|\bTd\b|\bET\b", re.S)


def extract_text(pdf: bytes) -> str:
    objects = _objects(pdf)
    fonts: dict[bytes, dict[int, str]] = {}
    for obj in objects.values():
        font_dict = re.search(rb"/Font\s*<<(.*?)>>", obj, re.S)
        if font_dict:
            for name, ref in re.findall(rb"/(F\d+)\s+(\d+) 0 R", font_dict.group(1)):
                font = objects[int(ref)]
                to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font)
                if to_unicode:
                    fonts[name] = _cmap(_stream(objects[int(to_unicode.group(1))]))
    text: list[str] = []
    for obj in objects.values():
        if b"/Contents" not in obj:
            continue
        ref = re.search(rb"/Contents (\d+) 0 R", obj)
        assert ref is not None
        content = _stream(objects[int(ref.group(1))])
        current: dict[int, str] = {}
        for token in _TOKENS.finditer(content):
            value = token.group(0)
            if token.group(1):
                current = fonts.get(token.group(1), {})
            elif value in (b"Td", b"ET"):
                if text and not text[-1].endswith("\n"):
                    text.append("\n")
            else:
                raw = _unescape(value[1:-1])
                text.append(
                    "".join(
                        current.get(int.from_bytes(raw[i : i + 2], "big"), "?") for i in range(0, len(raw), 2)
                    )
                )
    return "".join(text)
