"""A minimal, fast, deterministic XLSX writer: one sheet, inline strings, date and number cells.

openpyxl builds a Python object per cell (about 1 s per 10,000 border rows); at benchmark scale
the border files hold tens of thousands of rows per quarter, so the sheet XML is built here with
vectorized Arrow string kernels instead. The result is a plain Office Open XML workbook that
Excel, LibreOffice, openpyxl and calamine read (tests read it back with both Python readers).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

import pyarrow as pa
import pyarrow.compute as pc

_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EXCEL_EPOCH = dt.date(1899, 12, 30)

_CONTENT_TYPES = (
    _DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    _DECL + f'<Relationships xmlns="{_PKG}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    _DECL + f'<Relationships xmlns="{_PKG}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
)
_STYLES = (
    _DECL + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def _workbook(sheet_name: str) -> str:
    return (
        _DECL + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        f'<sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else chr(ord("A") + i // 26 - 1) + chr(ord("A") + i % 26)


def _xml_text(values: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        values = pc.replace_substring(values, char, entity)
    return values


def _cells(column: pa.ChunkedArray | pa.Array, letter: str, rows: pa.Array) -> pa.ChunkedArray | pa.Array:
    """The XML of one column's cells, '' where the value is missing."""
    ref = pc.binary_join_element_wise(f'<c r="{letter}', rows, '"', "")
    if pa.types.is_date32(column.type):
        serial = pc.subtract(
            pc.cast(pc.cast(column, pa.int32()), pa.int64()), (_EXCEL_EPOCH - dt.date(1970, 1, 1)).days
        )
        body = pc.binary_join_element_wise(ref, ' s="1"><v>', pc.cast(serial, pa.string()), "</v></c>", "")
    elif pa.types.is_integer(column.type):
        body = pc.binary_join_element_wise(ref, "><v>", pc.cast(column, pa.string()), "</v></c>", "")
    else:
        text = _xml_text(pc.cast(column, pa.string()))
        body = pc.binary_join_element_wise(ref, ' t="inlineStr"><is><t>', text, "</t></is></c>", "")
    return pc.fill_null(body, "")


def xlsx_bytes(sheet_name: str, header: list[str], table: pa.Table) -> bytes:
    """A workbook with one sheet: the header row, then the table's rows (columns in header order)."""
    head = "".join(
        f'<c r="{_letter(i)}1" t="inlineStr"><is><t>{escape(name)}</t></is></c>'
        for i, name in enumerate(header)
    )
    parts = [_DECL, f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1">{head}</row>']
    if table.num_rows:
        rows = pc.cast(pa.array(range(2, table.num_rows + 2), pa.int64()), pa.string())
        cells = [_cells(table.column(i), _letter(i), rows) for i in range(table.num_columns)]
        xml = pc.binary_join_element_wise('<row r="', rows, '">', *cells, "</row>", "")
        parts.append("".join(xml.to_pylist()))
    parts.append("</sheetData></worksheet>")
    members = (
        ("[Content_Types].xml", _CONTENT_TYPES),
        ("_rels/.rels", _ROOT_RELS),
        ("xl/workbook.xml", _workbook(sheet_name)),
        ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        ("xl/styles.xml", _STYLES),
        ("xl/worksheets/sheet1.xml", "".join(parts)),
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, text.encode("utf-8"), compresslevel=1)
    return out.getvalue()
