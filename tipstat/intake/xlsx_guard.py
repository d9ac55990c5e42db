"""Bounded inspection of an XLSX workbook BEFORE it is read (exports.md, "Edge cases (decided)").

An XLSX file is a zip of XML parts; a reader trusts what they declare. A 10 KB workbook can
declare a cell at `XFD1048576` or four billion shared strings, and a 2 MB one can inflate to
gigabytes: the reader then allocates until the process dies. `inspect_xlsx` looks first, with
memory bounded whatever the file holds:

- every part's declared and actual inflated size (actual sizes are counted while streaming,
  so a lying header does not help), and the ratio to the file's size;
- `sharedStrings.xml`'s declared `count` / `uniqueCount` against what its size can hold;
- each worksheet, streamed through expat: the declared `<dimension>`, the furthest cell actually
  used, the number of cells, formula cells and error cells (`#N/A`, `#VALUE!`, ...), each named
  by its cell reference;
- comments (free text, possibly personal data): any comment part rejects the workbook.

Only a workbook that passes is handed to the XLSX library.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from tipstat.intake.readers import ParseError
from tipstat.render import has_personal_data

MAX_INFLATED_BYTES = 256 << 20  # all parts together, once inflated
MAX_RATIO = 200  # inflated bytes per byte of the file (text XML rarely passes 30)
RATIO_FLOOR_BYTES = 16 << 20  # below this much inflated, the ratio is not checked
MAX_COLUMNS = 64  # the widest contract file has 15 columns
MAX_CELLS = 4_000_000  # rows x columns of the used range
MAX_PARTS = 200
_CHUNK = 1 << 20
_REF_RE = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


@dataclass
class SheetFacts:
    rows: int = 0
    columns: int = 0
    cells: int = 0


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _ref(text: str) -> tuple[int, int] | None:
    """(row, column) of `B12`, or None."""
    m = _REF_RE.match(text.strip().upper())
    return (int(m.group(2)), _column_number(m.group(1))) if m else None


def _check_extent(rows: int, columns: int, what: str) -> None:
    if columns > MAX_COLUMNS:
        raise ParseError(
            f"the sheet {what} {columns} columns (at most {MAX_COLUMNS} are read)", rule="parse:xlsx_extent"
        )
    if rows * columns > MAX_CELLS:
        raise ParseError(
            f"the sheet {what} {rows} rows by {columns} columns (more than {MAX_CELLS} cells)",
            rule="parse:xlsx_extent",
        )


class _Budget:
    """Counts inflated bytes over every part; raises past the limit."""

    def __init__(self, file_size: int) -> None:
        self.used = 0
        self.limit = MAX_INFLATED_BYTES
        self.ratio_limit = max(RATIO_FLOOR_BYTES, MAX_RATIO * max(file_size, 1))

    def spend(self, n: int) -> None:
        self.used += n
        if self.used > self.limit or self.used > self.ratio_limit:
            raise ParseError(
                "the workbook inflates to far more than its size (a zip bomb, or not a contract "
                f"file); reading stopped at {self.used >> 20} MB",
                rule="parse:xlsx_too_large",
            )


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, feed) -> None:  # noqa: ANN001
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            budget.spend(len(chunk))
            feed(chunk)


class _SheetScan:
    """expat handlers for one worksheet: extent, cell count, formulas and error cells."""

    def __init__(self) -> None:
        self.facts = SheetFacts()
        self.row = 0
        self.column = 0
        self.cell = ""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1]
        if local == "c":
            ref = _ref(attrs["r"]) if "r" in attrs else None
            if ref is None:
                self.column += 1
            else:
                self.row, self.column = max(self.row, ref[0]), ref[1]
            self.cell = f"{column_letters(self.column)}{self.row}"
            facts = self.facts
            facts.cells += 1
            facts.rows, facts.columns = max(facts.rows, self.row), max(facts.columns, self.column)
            if self.column > MAX_COLUMNS or self.facts.cells > MAX_CELLS:
                _check_extent(facts.rows, facts.columns, "uses")
                _check_extent(facts.cells // max(facts.columns, 1) + 1, facts.columns, "uses")
            if attrs.get("t") == "e":
                raise ParseError(
                    f"cell {self.cell} holds an Excel error value (#N/A, #VALUE!, ...), not a value",
                    row=self.row,
                    rule="parse:xlsx_error_cell",
                )
        elif local == "row":
            r = attrs.get("r")
            self.row = int(r) if r and r.isdigit() else self.row + 1
            self.column = 0
            if self.row > MAX_CELLS:
                _check_extent(self.row, 1, "uses")
        elif local == "f":
            raise ParseError(
                f"cell {self.cell} holds a formula; the contract allows only values",
                row=self.row or None,
                rule="parse:xlsx_formula",
            )
        elif local == "dimension":
            span = attrs.get("ref", "").split(":")
            corner = _ref(span[-1]) if span and span[-1] else None
            if corner is not None:
                _check_extent(corner[0], corner[1], "declares")


def _scan_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> SheetFacts:
    scan = _SheetScan()
    parser = expat.ParserCreate()
    parser.StartElementHandler = scan.start
    try:
        _stream(zf, info, budget, lambda chunk: parser.Parse(chunk, False))
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise ParseError("a sheet is not well-formed XML (corrupt XLSX)", rule="parse:xlsx_corrupt") from None
    _check_extent(scan.facts.rows, scan.facts.columns, "uses")
    return scan.facts


def _check_shared_strings(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> None:
    """The declared counts must fit the part's size: a reader reserves room for them up front."""
    head = b""
    with zf.open(info) as fh:
        head = fh.read(4096)
    m = re.search(rb"<(?:\w+:)?sst\b[^>]*>", head)
    declared = []
    if m:
        declared = [int(v) for v in re.findall(rb'\b(?:uniqueCount|count)="\s*([0-9]{1,20})\s*"', m.group())]
    room = info.file_size // 5 + 1  # `<si/>` is the smallest entry
    if any(n > min(room, MAX_CELLS) for n in declared):
        raise ParseError(
            "the shared strings part declares more entries than it can hold (a zip bomb, or not a "
            "contract file)",
            rule="parse:xlsx_too_large",
        )
    _stream(zf, info, budget, lambda chunk: None)  # its real inflated size counts too


def _comments(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], budget: _Budget) -> None:
    parts = [i for i in infos if re.match(r"xl/.*(comment|persons/)[^/]*\.xml$", i.filename, re.IGNORECASE)]
    if not parts:
        return
    texts: list[bytes] = []
    for info in parts:
        _stream(zf, info, budget, texts.append)
    text = re.sub(rb"<[^>]*>", b" ", b"".join(texts)).decode("utf-8", "replace")
    personal = " (one looks like personal data)" if has_personal_data(text) else ""
    raise ParseError(
        f"the workbook holds comments{personal}: free text, which the contract does not allow; "
        "they are not repeated",
        rule="parse:xlsx_comment",
    )


def inspect_xlsx(path: Path) -> None:
    """Raise ParseError unless the workbook can be read within the bounds above."""
    size = path.stat().st_size
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_PARTS:
                raise ParseError(
                    f"the workbook has {len(infos)} parts (a contract file has about ten)",
                    rule="parse:xlsx_too_large",
                )
            declared = sum(i.file_size for i in infos)
            if declared > MAX_INFLATED_BYTES or declared > max(RATIO_FLOOR_BYTES, MAX_RATIO * size):
                raise ParseError(
                    f"the workbook declares {declared >> 20} MB once inflated, far more than its "
                    f"{max(size >> 10, 1)} KB (a zip bomb, or not a contract file)",
                    rule="parse:xlsx_too_large",
                )
            budget = _Budget(size)
            _comments(zf, infos, budget)
            for info in infos:
                if info.filename == "xl/sharedStrings.xml":
                    _check_shared_strings(zf, info, budget)
                elif info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    _scan_sheet(zf, info, budget)
    except ParseError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError, ValueError, RuntimeError):
        raise ParseError(
            "the file is not a readable XLSX workbook (corrupt or not a zip archive)", rule="parse"
        ) from None
