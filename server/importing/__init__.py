"""Quiz import and export: JSON packs, .zip bundles, CSV and XLSX sheets.

Pure functions of bytes: each reader returns a ``Draft`` (the quiz's fields and
the image files it brought) or raises ``BadImport`` listing every problem, each
naming where it is ("row 7, column 'Correct answer(s)': ...").
"""
from __future__ import annotations

from dataclasses import dataclass, field

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class BadImport(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class Draft:
    """A quiz read from a file: pack fields, plus the images a bundle carried by name."""
    title: str
    description: str = ""
    tags: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    images: dict = field(default_factory=dict)   # hash named in the quiz -> file bytes
    verified: set = field(default_factory=set)   # the hashes of images that match their bytes

    def fields(self) -> dict:
        return {"title": self.title, "description": self.description, "tags": self.tags,
                "questions": self.questions}
