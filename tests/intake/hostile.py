"""Hostile and broken deliveries for the edge-case tests (exports.md, "Edge cases (decided)").

Each builder returns the bytes of one file; all are small (a few KB to a few hundred KB) even
when they declare or inflate to gigabytes.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable

from tests.intake.builders import _xlsx_bytes, contract_rows
from tipstat.contract import FILE_SPECS

BORDER = FILE_SPECS["border__victims"]
ID_LIKE = "0791 2345 6789"  # 12 digits once spaces are removed
PHONE = "+84 912 345 678"
ESC_NAME = "police_victims_2024Q1\x1b]0;pwned\x07\x1b[2K.csv"

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _parts(sheet: bytes, shared: bytes | None = None) -> dict[str, bytes]:
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            if shared is not None
            else ""
        )
        + "</Types>"
    )
    rels = (
        f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    wb = (
        f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="victims" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    wb_rels = (
        f'<?xml version="1.0"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        + (
            f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            if shared is not None
            else ""
        )
        + "</Relationships>"
    )
    parts = {
        "[Content_Types].xml": types.encode(),
        "_rels/.rels": rels.encode(),
        "xl/workbook.xml": wb.encode(),
        "xl/_rels/workbook.xml.rels": wb_rels.encode(),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    return parts


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _header_row() -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(BORDER.header)
    )
    return f'<row r="1">{cells}</row>'


def xlsx_far_cell() -> bytes:
    """A tiny workbook with one cell at the last column and row Excel has (XFD1048576)."""
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><dimension ref="A1:XFD1048576"/><sheetData>'
        f'{_header_row()}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    )
    return _zip(_parts(sheet.encode()))


def xlsx_far_cell_no_dimension() -> bytes:
    """The same cell, without a `<dimension>` to warn about it."""
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><sheetData>'
        f'{_header_row()}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    )
    return _zip(_parts(sheet.encode()))


def xlsx_shared_strings_bomb() -> bytes:
    """1 KB of workbook whose sharedStrings.xml declares four billion strings."""
    shared = (
        f'<?xml version="1.0"?><sst xmlns="{_MAIN}" count="4000000000" uniqueCount="4000000000">'
        "<si><t>victims</t></si></sst>"
    )
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
    )
    return _zip(_parts(sheet.encode(), shared.encode()))


def xlsx_inflating(megabytes: int = 40, declared: int | None = None) -> bytes:
    """A sheet that inflates to `megabytes` MB of XML from a few tens of KB (its zip entry is
    written by hand from a deflate stream, so building it costs little); `declared` makes the
    zip headers lie about the inflated size."""
    parts = _parts(b"")
    head = f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><sheetData>{_header_row()}'.encode()
    filler = b"<!--" + b" " * (1 << 20) + b"-->"
    tail = b"</sheetData></worksheet>"
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunks = [comp.compress(head)]
    crc = zlib.crc32(head)
    size = len(head)
    for _ in range(megabytes):
        chunks.append(comp.compress(filler))
        crc = zlib.crc32(filler, crc)
        size += len(filler)
    chunks.append(comp.compress(tail))
    crc = zlib.crc32(tail, crc)
    size += len(tail)
    chunks.append(comp.flush())
    data = b"".join(chunks)
    others = {n: p for n, p in parts.items() if n != "xl/worksheets/sheet1.xml"}
    return _raw_zip(others, ("xl/worksheets/sheet1.xml", data, crc, size if declared is None else declared))


def _raw_zip(stored: dict[str, bytes], raw: tuple[str, bytes, int, int]) -> bytes:
    """A zip with the `stored` parts deflated normally and one member given as a raw deflate
    stream (name, data, crc, inflated size)."""
    import struct

    out = io.BytesIO()
    central = []
    entries = [(n, zlib.compress(p, 9)[2:-4], zlib.crc32(p), len(p)) for n, p in stored.items()]
    entries.append(raw)
    for name, data, crc, size in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        )
        out.write(encoded)
        out.write(data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for record in central:
        out.write(record)
    end = out.tell()
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), end - start, start, 0))
    return out.getvalue()


def _openpyxl(period: str, change: Callable) -> bytes:
    from openpyxl import Workbook

    rows = contract_rows(BORDER.key, period, n=3, seed=5)
    wb = Workbook()
    ws = wb.active
    ws.title = "victims"
    ws.append(BORDER.header)
    for r in rows:
        ws.append([r.get(h) or None for h in BORDER.header])
    change(wb, ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_error_cell(period: str) -> bytes:
    def change(wb, ws) -> None:
        ws["G3"] = "#N/A"  # openpyxl writes Excel's error strings as error cells (t="e")

    return _openpyxl(period, change)


def xlsx_comment(period: str, text: str = f"CCCD {ID_LIKE}") -> bytes:
    from openpyxl.comments import Comment

    def change(wb, ws) -> None:
        ws["A2"].comment = Comment(text, "clerk")

    return _openpyxl(period, change)


def xlsx_datetime(period: str) -> bytes:
    import datetime as dt

    year, q = int(period[:4]), int(period[-1])

    def change(wb, ws) -> None:
        ws["D2"] = dt.datetime(year, 3 * q - 1, 10, 14, 30)

    return _openpyxl(period, change)


def xlsx_sheet_named(period: str, title: str) -> bytes:
    def change(wb, ws) -> None:
        ws.title = title

    return _openpyxl(period, change)


def good_xlsx(period: str) -> bytes:
    rows = contract_rows(BORDER.key, period, n=3, seed=5)
    return _xlsx_bytes(BORDER, rows, BORDER.header)
