"""Loading content files (TOML) with errors that name the file and the line.

tomllib gives no line numbers for parsed values, so `TomlDoc` keeps the source text and
finds the line of an array-of-tables entry (`[[event]]` number i) or of a key inside it.
Every content loader (events, law, lessons, model facts) raises `ContentError`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ContentError(ValueError):
    """A problem in a content file: `file:line: message`."""

    def __init__(self, file: str | Path, line: int | None, message: str):
        self.file = str(file)
        self.line = line
        self.message = message
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {message}")


_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]\s*(#.*)?$")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")


@dataclass
class TomlDoc:
    path: Path
    text: str
    data: dict[str, Any]

    @classmethod
    def load(cls, path: str | Path) -> "TomlDoc":
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ContentError(path, None, f"cannot read: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise ContentError(path, None, f"not UTF-8 text: {exc}") from exc
        return cls.parse(text, path)

    @classmethod
    def parse(cls, text: str, path: str | Path = "<string>") -> "TomlDoc":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
            line = int(m.group(1)) if m else None
            msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
            raise ContentError(path, line, f"TOML syntax: {msg}") from exc
        return cls(Path(path), text, data)

    # --- locating things -------------------------------------------------------------
    def entry_line(self, array: str, index: int) -> int | None:
        """Line (1-based) of the header of the index-th `[[array]]` entry."""
        seen = -1
        for no, line in enumerate(self.text.splitlines(), start=1):
            m = _HEADER.match(line)
            if m and m.group(1) == array:
                seen += 1
                if seen == index:
                    return no
        return None

    def key_line(self, array: str | None, index: int, key: str) -> int | None:
        """Line of `key = ...` inside the index-th `[[array]]` entry (or at top level if array is None).
        Falls back to the entry's header line when the key is absent."""
        lines = self.text.splitlines()
        start = 0
        if array is not None:
            hdr = self.entry_line(array, index)
            if hdr is None:
                return None
            start = hdr  # 0-based index of the line after the header
        for no in range(start, len(lines)):
            head = _HEADER.match(lines[no]) or _TABLE.match(lines[no])
            if head:
                # a nested table of the same entry ("[array.sub]") still belongs to it
                if array is None or not head.group(1).startswith(array + "."):
                    break
            m = _KEY.match(lines[no])
            if m and m.group(1).strip('"') == key:
                return no + 1
        return self.entry_line(array, index) if array is not None else None

    def error(self, message: str, array: str | None = None, index: int = 0, key: str | None = None) -> ContentError:
        line = None
        if key is not None:
            line = self.key_line(array, index, key)
        elif array is not None:
            line = self.entry_line(array, index)
        return ContentError(self.path, line, message)
