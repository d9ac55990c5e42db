"""Rejection reasons in the viewer's language.

The intake writes one English line per file (`rule:column in column X at rows 2, 3 (47 rows);
...; and 2 more rule(s)`, or `bad file name: ...`, `same bytes as F`, `superseded by F`). Each
part starts with a stable rule code (the family before `:`, e.g. `code_list`, `in_quarter`);
the code is shown with its translated meaning, and the English line is kept for engineers in the
downloaded CSV. A rule code this module does not know is shown as its code with a generic
sentence, never as English prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.i18n import fmt_int, normalize_language

# rule family -> (Vietnamese, English); {col} is the column named in the rule, when any
RULES: dict[str, tuple[str, str]] = {
    "file_name": (
        "Tên tệp không đúng mẫu <nguồn>_<loại>_<NNNN>Q<n>[_v<k>] hoặc population_<NNNN>",
        "The file name does not follow <feed>_<entity>_<YYYY>Q<n>[_v<k>] or population_<YYYY>",
    ),
    "duplicate": ("Trùng nội dung với tệp {ref} đã nhận", "Same content as the file {ref}, already received"),
    "superseded": ("Đã được thay bằng bản sửa {ref}", "Replaced by the correction {ref}"),
    "parse": (
        "Không đọc được tệp (định dạng hoặc mã hóa ký tự)",
        "The file cannot be read (format or encoding)",
    ),
    "columns": (
        "Các cột của tệp không đúng với hợp đồng dữ liệu",
        "The file's columns differ from the contract",
    ),
    "required": ("Cột {col} bắt buộc nhưng để trống", "Column {col} is required but empty"),
    "required_when_repatriated": (
        "Cột {col} bắt buộc khi nạn nhân đã hồi hương",
        "Column {col} is required when the victim was repatriated",
    ),
    "pattern": ("Cột {col} không đúng định dạng quy định", "Column {col} does not have the required form"),
    "date": ("Cột {col} không phải ngày hợp lệ", "Column {col} is not a real date"),
    "in_quarter": (
        "Ngày ở cột {col} nằm ngoài quý của tệp",
        "The date in column {col} is outside the file's quarter",
    ),
    "code_list": ("Cột {col} có mã không thuộc danh mục", "Column {col} holds a code outside its code list"),
    "range": ("Giá trị ở cột {col} nằm ngoài khoảng cho phép", "The value in column {col} is out of range"),
    "unique": ("Giá trị ở cột {col} bị trùng trong tệp", "Values in column {col} repeat within the file"),
    "personal_data": (
        "Cột {col} có dấu hiệu chứa dữ liệu cá nhân (số định danh, số điện thoại)",
        "Column {col} looks like personal data (ID or phone numbers)",
    ),
    "province_for_code_version": (
        "Mã tỉnh ở cột {col} không thuộc danh mục của phiên bản mã đã khai báo",
        "The province code in column {col} is not in the declared code version's list",
    ),
    "year": (
        "Năm trong tệp khác với năm trong tên tệp",
        "The year in the file differs from the file name's year",
    ),
    "sentence_when_convicted": (
        "Thiếu số tháng tù khi bản án là kết tội",
        "Sentence months missing for a conviction",
    ),
    "sentence_unless_convicted": (
        "Có số tháng tù dù bản án không phải kết tội",
        "Sentence months given without a conviction",
    ),
    "support_not_before_identified": (
        "Ngày bắt đầu hỗ trợ trước ngày xác định nạn nhân",
        "Support starts before the victim was identified",
    ),
    "services_without_support": (
        "Có dịch vụ hỗ trợ nhưng không có ngày bắt đầu hỗ trợ",
        "Services listed without a support start date",
    ),
    "population": (
        "Tệp dân số thiếu tổ hợp tỉnh, giới tính, nhóm tuổi",
        "The population file lacks combinations",
    ),
    "check_failed": ("Không chạy được một kiểm tra trên tệp", "A check could not run on the file"),
    # issue 17's codes (docs/validation.md): names, special entries, versions, dates, reading
    "name": (
        "Tên tệp không hợp lệ (quy tắc {col})",
        "The file name is not acceptable (rule {col})",
    ),
    "name:not_ended": (
        "Quý (hoặc năm) trong tên tệp chưa kết thúc",
        "The quarter (or year) in the file name has not ended yet",
    ),
    "name:personal_data": (
        "Tên tệp có dấu hiệu chứa dữ liệu cá nhân",
        "The file name looks like it holds personal data",
    ),
    "entry": (
        "Không phải một tệp thông thường (liên kết, thư mục hoặc tệp đặc biệt): không được đọc",
        "Not a plain file (a link, folder or special file): not read",
    ),
    "version": (
        "Tên tệp đã được nhận với nội dung khác: gửi bản sửa với số phiên bản mới",
        "This name was already received with other content: send the correction as a new version",
    ),
    "after_arrival": (
        "Ngày ở cột {col} muộn hơn ngày nhận tệp",
        "The date in column {col} is later than the file's arrival",
    ),
    "intake": (
        "Không xử lý được tệp; không dòng nào được nạp",
        "The file could not be processed; nothing of it was loaded",
    ),
    "parse:xlsx_formula": ("Tệp XLSX có công thức", "The XLSX file holds formulas"),
    "parse:xlsx_error_cell": ("Tệp XLSX có ô lỗi (#N/A, #VALUE!…)", "The XLSX file holds error cells"),
    "parse:xlsx_comment": ("Tệp XLSX có chú thích (comment)", "The XLSX file holds comments"),
    "parse:xlsx_datetime": (
        "Ô ngày trong tệp XLSX có giờ khác 0:00",
        "A date cell of the XLSX file has a time of day",
    ),
    "parse:xlsx_too_large": ("Tệp XLSX giải nén quá lớn", "The XLSX file inflates to too much data"),
    "parse:xlsx_extent": ("Tệp XLSX có quá nhiều ô hoặc cột", "The XLSX file has too many cells or columns"),
    "parse:line_too_long": ("Một dòng của tệp quá dài", "A line of the file is too long"),
}
GENERIC = ("Vi phạm quy tắc kiểm tra {code}", "Breaks the intake rule {code}")
ROWS = ("dòng {rows}", "rows {rows}")
MORE_ROWS = ("tổng {n} dòng", "{n} rows in all")
MORE_RULES = ("và {n} quy tắc khác", "and {n} more rule(s)")

_PART = re.compile(
    r"^(?P<rule>[A-Za-z_]+(?::[A-Za-z_|]+)?)(?: in column (?P<column>.+?))?"
    r"(?: at rows? (?P<rows>[\d, ]+))?(?: \((?P<total>\d+) rows\))?(?:: .*)?$"
)


@dataclass(frozen=True)
class Reason:
    codes: str  # the stable rule codes, `; `-joined (for engineers and for support)
    text: str  # the meaning in the viewer's language
    english: str  # the intake's original line


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if normalize_language(lang) == "vi" else pair[1]


def _part(part: str, lang: str) -> tuple[str, str]:
    part = part.strip()
    for prefix, code in (
        ("bad file name", "file_name"),
        ("same bytes as ", "duplicate"),
        ("superseded by ", "superseded"),
    ):
        if part.startswith(prefix):
            ref = part[len(prefix) :].strip() if code != "file_name" else ""
            return code, _pick(RULES[code], lang).format(ref=ref, col="")
    match = _PART.match(part)
    if not match:
        return "?", _pick(GENERIC, lang).format(code="?")
    rule = match["rule"]
    family, _, detail = rule.partition(":")
    column = match["column"] or detail or "–"
    template = RULES.get(rule) or RULES.get(family)
    text = (
        _pick(template, lang).format(col=column, ref="")
        if template
        else _pick(GENERIC, lang).format(code=rule)
    )
    if match["rows"]:
        rows = ", ".join(fmt_int(int(r), lang) for r in match["rows"].replace(" ", "").split(",") if r)
        text += f" ({_pick(ROWS, lang).format(rows=rows)}"
        if match["total"]:
            text += f"…; {_pick(MORE_ROWS, lang).format(n=fmt_int(int(match['total']), lang))}"
        text += ")"
    return rule, text


def translate(reason: str | None, lang: str) -> Reason:
    """One rejection line as codes and a sentence in `lang`."""
    if not reason:
        return Reason("", "", "")
    parts = [p for p in reason.split("; ") if p.strip()]
    more = None
    if parts and (m := re.match(r"^and (\d+) more rule\(s\)$", parts[-1].strip())):
        more = int(m.group(1))
        parts = parts[:-1]
    codes, texts = [], []
    for part in parts:
        code, text = _part(part, lang)
        codes.append(code)
        texts.append(text)
    text = "; ".join(texts)
    if more:
        text += "; " + _pick(MORE_RULES, lang).format(n=more)
    return Reason("; ".join(codes), text, reason)
