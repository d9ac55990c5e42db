"""Vietnamese and English: labels, code meanings, numbers and dates per language.

Vietnamese (`vi`) is the default. Numbers and dates go through babel so that `vi` shows
`1.234,5` and `en` shows `1,234.5`. Country names come from babel's CLDR territory names
(Vietnamese where CLDR has them), keyed through pycountry from ISO alpha-3.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from functools import cache

import pycountry
from babel import Locale
from babel.dates import format_datetime
from babel.numbers import format_decimal, format_percent

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}

# key -> (Vietnamese, English)
_TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Thống kê mua bán người", "Trafficking in persons statistics"),
    "language": ("Ngôn ngữ", "Language"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_victims": ("Nạn nhân", "Victims"),
    "page_provinces": ("Tỉnh, thành phố", "Provinces"),
    "page_routes": ("Tuyến đường", "Routes"),
    "page_justice": ("Tư pháp", "Justice"),
    "page_support": ("Hỗ trợ và hồi hương", "Support and repatriation"),
    "page_quality": ("Chất lượng dữ liệu", "Data quality"),
    "page_reports": ("Báo cáo", "Reports"),
    "outdated_warehouse": (
        "Kho dữ liệu đã công bố thiếu bảng mà trang này cần. Hãy chạy lại `tipstat run`.",
        "The published warehouse lacks a table this page needs. Run `tipstat run` again.",
    ),
    "as_of": ("Số liệu tính đến", "Data as of"),
    "no_warehouse": (
        "Chưa có kho dữ liệu đã công bố. Hãy chạy `tipstat run` để tạo số liệu.",
        "No published warehouse yet. Run `tipstat run` to produce the figures.",
    ),
    "statistician_banner": (
        "CHẾ ĐỘ THỐNG KÊ VIÊN — số liệu chính xác, KHÔNG CÔNG BỐ",
        "STATISTICIAN MODE — exact figures, NOT FOR PUBLICATION",
    ),
    "public_note": (
        "Ô ghi {label} bị ẩn để bảo vệ nạn nhân: số từ 1 đến {top}, hoặc ô được ẩn thêm để không thể suy ra.",
        "Cells shown as {label} are hidden to protect victims: counts from 1 to {top}, "
        "or cells hidden as well so that those cannot be worked out.",
    ),
    "year": ("Năm", "Year"),
    "quarter": ("Quý", "Quarter"),
    "period": ("Kỳ", "Period"),
    "total": ("Tổng", "Total"),
    "count": ("Số lượng", "Count"),
    "victims": ("Nạn nhân", "Victims"),
    "cases": ("Vụ án", "Cases"),
    "persons": ("Số người", "Persons"),
    "share_children": ("Tỷ lệ trẻ em", "Share of children"),
    "share_women": ("Tỷ lệ nữ", "Share of women"),
    "cases_year": ("Vụ án năm {year}", "Cases {year}"),
    "convictions_year": ("Người bị kết án năm {year}", "Persons convicted {year}"),
    "trend_quarter": ("Nạn nhân được xác định theo quý", "Detected victims by quarter"),
    "trend_year": ("Nạn nhân được xác định theo năm", "Detected victims by year"),
    "incomplete_quarters": (
        "Quý chưa đủ số liệu (thiếu hoặc bị từ chối ít nhất một tệp): {periods}",
        "Incomplete quarters (at least one expected file missing or rejected): {periods}",
    ),
    "incomplete_years": ("Năm chưa đủ số liệu: {years}", "Incomplete years: {years}"),
    "all_complete": ("Tất cả các quý đều đủ số liệu.", "Every quarter is complete."),
    "incomplete_marker": ("Chưa đủ số liệu", "Incomplete"),
    "select_year": ("Chọn năm", "Select year"),
    "sex_by_age": ("Nạn nhân được xác định theo giới tính và nhóm tuổi", "Detected victims by sex and age"),
    "form_by_sex": ("Theo hình thức bóc lột và giới tính", "By form of exploitation and sex"),
    "citizenship": ("Quốc tịch", "Citizenship"),
    "by_citizenship": ("Nạn nhân được xác định theo quốc tịch", "Detected victims by citizenship"),
    "presumed_beside": (
        "Nạn nhân đã xác định và nghi là nạn nhân (không cộng dồn)",
        "Confirmed and presumed victims (never added together)",
    ),
    "sex": ("Giới tính", "Sex"),
    "age_group": ("Nhóm tuổi", "Age group"),
    "form": ("Hình thức bóc lột", "Form of exploitation"),
    "status": ("Tình trạng", "Status"),
    "province": ("Tỉnh, thành phố", "Province"),
    "provinces_ranked": (
        "Nạn nhân được xác định theo tỉnh cư trú, năm {year}",
        "Detected victims by province of residence, {year}",
    ),
    "provinces_by_year": ("Nạn nhân theo tỉnh và năm", "Victims by province and year"),
    "provinces_no_rate": (
        "Năm này chưa có số liệu dân số, nên chỉ hiển thị số lượng (không có tỷ lệ trên 100.000 dân).",
        "No population figures for this year, so counts are shown (no rates per 100,000).",
    ),
    "provinces_rates": (
        "Nạn nhân trên 100.000 dân theo tỉnh, năm {year}",
        "Victims per 100,000 residents by province, {year}",
    ),
    "rate_per_100k": ("Tỷ lệ trên 100.000 dân", "Rate per 100,000"),
    "routes_top": (
        "{n} tuyến lớn nhất, từ tỉnh cư trú đến quốc gia bị bóc lột, năm {year}",
        "The {n} largest routes, from province of residence to country of exploitation, {year}",
    ),
    "routes_hidden": (
        "{n} luồng có số nhỏ hơn 5 không được vẽ.",
        "{n} flows below 5 are not drawn.",
    ),
    "routes_table": ("Bảng luồng", "Flow table"),
    "country": ("Quốc gia", "Country"),
    "exploitation_country": ("Quốc gia bị bóc lột", "Country of exploitation"),
    "channels": ("Kênh tuyển mộ theo quý (vụ án)", "Recruitment channels by quarter (cases)"),
    "channel": ("Kênh tuyển mộ", "Recruitment channel"),
    "online_note": (
        "Tuyển mộ qua mạng được tô đậm.",
        "Online recruitment is highlighted.",
    ),
    "funnel": ("Nghi phạm → truy tố → kết án theo năm", "Suspected → prosecuted → convicted by year"),
    "stage": ("Giai đoạn", "Stage"),
    "funnel_by_sex": ("Theo giới tính, năm {year}", "By sex, {year}"),
    "victims_assisted": ("Nạn nhân được hỗ trợ", "Victims assisted"),
    "median_days": ("Số ngày trung vị đến khi được hỗ trợ", "Median days to support"),
    "assistance_by_year": ("Hỗ trợ theo năm", "Support by year"),
    "services": ("Dịch vụ hỗ trợ, năm {year}", "Services, {year}"),
    "service": ("Dịch vụ", "Service"),
    "repatriations": (
        "Nạn nhân hồi hương theo nước trở về, năm {year}",
        "Repatriated victims by country, {year}",
    ),
    "returned_from": ("Trở về từ", "Returned from"),
    "repatriation_status": ("Hồi hương theo tình trạng", "Repatriations by status"),
    "delivery_grid": ("Tệp đã nhận theo nguồn và quý", "Files delivered by feed and quarter"),
    "feed": ("Nguồn", "Feed"),
    "rejected_files": ("Tệp bị từ chối và lý do", "Rejected files and why"),
    "no_rejected": ("Không có tệp nào bị từ chối.", "No file was rejected."),
    "file_name": ("Tên tệp", "File name"),
    "version": ("Phiên bản", "Version"),
    "received_at": ("Thời điểm nhận", "Received at"),
    "on_time": ("Đúng hạn", "On time"),
    "reason": ("Lý do", "Reason"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "linkage": ("Chất lượng liên kết hồ sơ", "Record linkage quality"),
    # ---- probable duplicates (linkage.md), statistician mode only
    "probable_duplicates": ("Có thể trùng lặp", "Probable duplicates"),
    "probable_duplicates_help": (
        "Số người theo quy tắc đếm (kể cả các quyết định đã xem xét) và số người nếu mọi cặp hồ sơ có "
        "xác suất từ {threshold} trở lên là cùng một người. Số liệu chính thức vẫn theo quy tắc.",
        "Persons by the counting rules (reviewed decisions included) and as if every pair of records "
        "with probability {threshold} or more were one person. The official figures stay by the rules.",
    ),
    "persons_by_rules": ("Theo quy tắc", "By the rules"),
    "persons_linked": ("Nếu liên kết", "If linked"),
    "persons_split": ("Có thể bị tách", "Possibly split"),
    "pairs_used": ("Số cặp", "Pairs"),
    "review_queue": ("Hàng đợi xem xét", "Review queue"),
    "review_queue_help": (
        "Các cặp hồ sơ mà quy tắc tính là hai người, xác suất cao nhất trước. Quyết định bằng lệnh "
        "`tipstat linkage decide`; số liệu thay đổi từ lần chạy sau.",
        "Pairs of records the rules count as two persons, most probable first. Decide with "
        "`tipstat linkage decide`; the figures change from the next run.",
    ),
    "probability": ("Xác suất", "Probability"),
    "record_a": ("Hồ sơ A", "Record A"),
    "record_b": ("Hồ sơ B", "Record B"),
    "dates": ("Ngày", "Dates"),
    "birth_year": ("Năm sinh", "Birth year"),
    "case_ref_agreement": ("Số vụ án", "Case number"),
    "case_same": ("trùng", "same"),
    "case_different": ("khác", "different"),
    "case_missing": ("thiếu", "missing"),
    "records": ("Hồ sơ", "Records"),
    "keyless": ("Hồ sơ không có khóa", "Records without key"),
    "ambiguous": ("Liên kết không rõ ràng", "Ambiguous links"),
    "reports_intro": (
        "Tệp gửi quốc tế. Bản công khai áp dụng kiểm soát công bố; "
        "bản đầy đủ là số liệu chính xác, không công bố.",
        "Files for international reporting. The public edition applies disclosure control; "
        "the full edition is exact and not for publication.",
    ),
    "report_year": ("Năm báo cáo", "Reporting year"),
    "report_sdg": ("SDG 16.2.2 (SDMX-CSV)", "SDG 16.2.2 (SDMX-CSV)"),
    "report_glotip": ("Báo cáo toàn cầu UNODC (XLSX)", "UNODC Global Report (XLSX)"),
    "report_asean": ("ASEAN ACTIP / Bohol (XLSX)", "ASEAN ACTIP / Bohol (XLSX)"),
    "download": ("Tải xuống", "Download"),
    "prepare": ("Tạo tệp", "Prepare file"),
    "exports_missing": (
        "Mô-đun xuất báo cáo chưa được cài đặt. Dùng dòng lệnh:",
        "The export module is not installed yet. Use the command line:",
    ),
    "export_failed": ("Không tạo được tệp: {error}", "Could not produce the file: {error}"),
    "no_data": ("Chưa có số liệu.", "No data yet."),
    # --- releases (releases.md) ---
    "page_releases": ("Đợt công bố", "Releases"),
    "no_release_yet": (
        "Chưa có số liệu nào được công bố.",
        "No figures released yet.",
    ),
    "release_shown": (
        "Đợt công bố {id}: số liệu đến hết {through}.",
        "Release {id}: figures through {through}.",
    ),
    "release_revised": (
        "{n} số liệu được điều chỉnh so với đợt {previous}.",
        "{n} figures revised since release {previous}.",
    ),
    "release_fallback": (
        "Đợt công bố {withdrawn} đã bị rút lại; đang hiển thị đợt trước đó, {id}.",
        "Release {withdrawn} was withdrawn; showing the previous release, {id}.",
    ),
    "releases_intro": (
        "Số liệu đang làm việc chỉ thống kê viên thấy. "
        "Công chúng chỉ thấy đợt công bố mới nhất đã qua giờ cấm công bố.",
        "Only statisticians see the working figures. "
        "The public sees only the latest release past its embargo.",
    ),
    "releases_none": (
        "Chưa có đợt công bố nào. Dùng `tipstat release prepare --through 2025Q4 --by TÊN`.",
        "No release yet. Use `tipstat release prepare --through 2025Q4 --by NAME`.",
    ),
    "releases_public_now": ("Công chúng đang thấy: {id}", "The public sees now: {id}"),
    "releases_public_none": ("Công chúng chưa thấy đợt nào.", "The public sees no release yet."),
    "release_select": ("Đợt công bố", "Release"),
    "release_status": ("Trạng thái", "Status"),
    "release_note": ("Ghi chú đợt công bố", "Release note"),
    "release_flags": ("Cờ chất lượng", "Quality flags"),
    "release_no_flags": ("Không có cờ chất lượng.", "No quality flags."),
    "release_revisions": ("Số liệu được điều chỉnh", "Revisions"),
    "release_no_revisions": ("Không có số liệu được điều chỉnh.", "No revisions."),
    "release_working_diff": (
        "Khác biệt giữa số liệu đang làm việc và đợt {id}",
        "Difference between the working figures and release {id}",
    ),
    "release_working_same": (
        "Số liệu đang làm việc giống đợt {id}.",
        "The working figures are the same as release {id}.",
    ),
    "release_revisions_count": ("{n} số liệu được điều chỉnh", "{n} figures revised"),
    "col_table": ("Bảng", "Table"),
    "col_key": ("Chỉ tiêu", "Figure"),
    "col_old": ("Cũ", "Old"),
    "col_new": ("Mới", "New"),
    "col_files": ("Tệp gây ra", "Files"),
    "col_kind": ("Loại", "Kind"),
    "col_subject": ("Đối tượng", "Subject"),
    "col_detail": ("Chi tiết", "Detail"),
    "col_acknowledged_by": ("Người xác nhận", "Acknowledged by"),
    # --- end releases ---
    # --- disclosure (public catalogue) ---
    "public_symbols": (
        "Số liệu công khai lấy từ danh mục công khai của đợt công bố. {primary}: số từ 1 đến {top}, "
        "được ẩn để bảo vệ nạn nhân. {secondary}: ô được ẩn thêm (giá trị có thể lớn hơn) để không ai "
        "suy ra được các số nhỏ từ các bảng khác.",
        "Public figures come from the release's public catalogue. {primary}: a count from 1 to {top}, "
        "hidden to protect victims. {secondary}: a cell hidden as well (its count may be larger) so that "
        "no small count can be worked out from the other tables.",
    ),
    # --- end disclosure ---
    # ---------------------------------------------------------------- estimates (issue 15)
    "page_estimates": ("Nạn nhân chưa được phát hiện (ước tính)", "Hidden victims (estimate)"),
    "est_not_public": (
        "Ước tính này chỉ được công bố qua một đợt phát hành số liệu.",
        "This estimate is made public only through a release.",
    ),
    "est_is_estimate": (
        "Đây là số ước tính bằng phương pháp ước lượng nhiều hệ thống (MSE), không phải số đếm. "
        "Số nạn nhân được phát hiện vẫn là số liệu chính thức; ước tính được trình bày bên cạnh, "
        "không thay thế nó.",
        "This is an estimate by multiple systems estimation (MSE), not a count. The detected victims "
        "remain the official figure; the estimate is shown beside it, never in its place.",
    ),
    "est_status": ("Người được tính", "Persons counted"),
    "est_status_all": (
        "Mọi tình trạng (đã xác định và nghi là nạn nhân)",
        "Any status (confirmed and presumed)",
    ),
    "est_status_confirmed": ("Chỉ nạn nhân đã xác định", "Confirmed victims only"),
    "est_detected": ("Nạn nhân được phát hiện", "Detected victims"),
    "est_observed": ("Người có trong các danh sách", "Persons on the lists"),
    "est_estimate": ("Tổng số ước tính", "Estimated total"),
    "est_estimate_interval": ("Tổng số ước tính (khoảng 95%)", "Estimated total (95% interval)"),
    "est_interval": ("Khoảng tin cậy 95%", "95% interval"),
    "est_model": ("Mô hình được chọn", "Chosen model"),
    "est_main_effects": ("hiệu ứng chính", "main effects"),
    "est_keyless": ("Người không có mã định danh", "Persons without a key"),
    "est_reason": ("Lý do không ước tính được", "Why not estimable"),
    "est_reason_no_persons": ("Không có người nào trong năm.", "No person in the year."),
    "est_reason_few_lists": (
        "Ít hơn 3 danh sách có người; phương pháp cần ít nhất 3.",
        "Fewer than 3 lists hold persons; the method needs at least 3.",
    ),
    "est_reason_no_model": (
        "Dữ liệu không cho phép ước lượng mô hình (ước lượng hợp lý cực đại không tồn tại).",
        "The data admit no model (the maximum likelihood estimate does not exist).",
    ),
    "est_reason_other": ("Không ước tính được: {reason}", "Not estimable: {reason}"),
    "est_chart_title": (
        "Nạn nhân được phát hiện và tổng số ước tính theo năm",
        "Detected victims and the estimated total, by year",
    ),
    "est_lists_used": ("Các danh sách được dùng: {lists}", "Lists used: {lists}"),
    "est_caveats_title": ("Cần lưu ý", "Read with care"),
    "est_caveats": (
        "- **Đây là ước tính.** Từ mức độ trùng nhau giữa các danh sách của công an, biên phòng, "
        "xã hội và lãnh sự, mô hình suy ra số người không danh sách nào ghi nhận. Khoảng 95% chỉ "
        "tính đến sai số ngẫu nhiên với mô hình đã chọn; độ bất định thực tế lớn hơn.\n"
        "- **Người không có mã định danh làm ước tính cao lên.** Hồ sơ không có mã không thể nối "
        "giữa các danh sách, nên một người có thể bị tính như nhiều người, mỗi người chỉ có trong "
        "một danh sách. Tỷ lệ này càng cao, ước tính càng bị thổi phồng.\n"
        "- **Các danh sách phải đủ độc lập.** Khi một cơ quan chủ yếu tiếp nhận nạn nhân do cơ quan "
        "khác chuyển đến, mô hình chỉ bù được một phần (các cặp tương tác được chọn).\n"
        "- Cần ít nhất 3 danh sách có người trong năm; nếu không, năm đó không ước tính được.",
        "- **It is an estimate.** From how much the police, border, social and consular lists overlap, "
        "the model infers how many persons none of them recorded. The 95% interval only covers chance "
        "given the chosen model; the real uncertainty is larger.\n"
        "- **Persons without a key inflate it.** Records without a key cannot be linked across lists, "
        "so one person can be counted as several, each seen by one list only. The higher this share, "
        "the more the estimate is inflated.\n"
        "- **The lists must be independent enough.** When one agency mostly receives victims that "
        "another refers to it, the model makes up for it only in part (the chosen pair terms).\n"
        "- At least 3 lists with persons in the year are needed; otherwise the year is not estimable.",
    ),
}

# Column headers whose numbers are not counts of persons or cases (shares, days, years).
NON_COUNT_KEYS = ("median_days", "year", "share_children", "share_women", "version")

# Code meanings: code list -> code -> (vi, en)
_CODES: dict[str, dict[str, tuple[str, str]]] = {
    "sex": {
        "F": ("Nữ", "Female"),
        "M": ("Nam", "Male"),
        "U": ("Không rõ", "Unknown"),
        "_T": ("Tổng", "Total"),
    },
    "age_group": {
        "CHILD": ("Trẻ em (0-17)", "Children (0-17)"),
        "ADULT": ("Người lớn (18+)", "Adults (18+)"),
        "UNKNOWN": ("Không rõ", "Unknown"),
    },
    "status": {
        "CONFIRMED": ("Đã xác định là nạn nhân", "Confirmed"),
        "PRESUMED": ("Đang xác minh", "Presumed"),
    },
    "form": {
        "SEXUAL": ("Bóc lột tình dục", "Sexual exploitation"),
        "FORCED_LABOUR": ("Lao động cưỡng bức", "Forced labour"),
        "FORCED_CRIMINALITY": ("Cưỡng bức phạm tội", "Forced criminality"),
        "BEGGING": ("Cưỡng bức ăn xin", "Forced begging"),
        "FORCED_MARRIAGE": ("Cưỡng ép kết hôn", "Forced marriage"),
        "ORGAN_REMOVAL": ("Lấy bộ phận cơ thể", "Organ removal"),
        "CHILD_SALE": ("Mua bán trẻ em, con nuôi trái phép", "Sale of children"),
        "SURROGACY": ("Mang thai hộ cưỡng bức", "Forced surrogacy"),
        "OTHER": ("Mục đích vô nhân đạo khác", "Other inhumane purposes"),
        "UNKNOWN": ("Chưa xác định", "Not established"),
    },
    "stage": {
        "SUSPECTED": ("Nghi phạm", "Suspected"),
        "PROSECUTED": ("Bị truy tố", "Prosecuted"),
        "CONVICTED": ("Bị kết án", "Convicted"),
    },
    "channel": {
        "ONLINE": ("Qua mạng", "Online"),
        "IN_PERSON": ("Trực tiếp", "In person"),
        "BROKER": ("Qua môi giới", "Broker"),
        "FAMILY": ("Người thân", "Family"),
        "UNKNOWN": ("Không rõ", "Unknown"),
    },
    "service": {
        "SHELTER": ("Nơi ở tạm thời", "Shelter"),
        "MEDICAL": ("Y tế", "Medical"),
        "PSYCHOLOGICAL": ("Tâm lý", "Psychological"),
        "LEGAL": ("Pháp lý", "Legal"),
        "VOCATIONAL": ("Học nghề", "Vocational"),
        "EDUCATION": ("Giáo dục", "Education"),
        "CASH": ("Trợ cấp tiền mặt", "Cash"),
        "TRAVEL": ("Chi phí đi lại", "Travel"),
    },
    "feed": {
        "police": ("Công an", "Police"),
        "border": ("Biên phòng", "Border guard"),
        "social": ("Hỗ trợ xã hội", "Social support"),
        "consular": ("Lãnh sự", "Consular"),
        "procuracy": ("Viện kiểm sát", "Procuracy"),
        "court": ("Tòa án", "Court"),
        "population": ("Dân số", "Population"),
    },
    "entity": {
        "cases": ("vụ án", "cases"),
        "victims": ("nạn nhân", "victims"),
        "suspects": ("nghi phạm", "suspects"),
        "defendants": ("bị cáo", "defendants"),
        "population": ("dân số", "population"),
    },
    "completeness": {
        "ON_TIME": ("Đúng hạn", "On time"),
        "LATE": ("Trễ hạn", "Late"),
        "REJECTED": ("Bị từ chối", "Rejected"),
        "MISSING": ("Chưa nhận", "Missing"),
    },
    "submission": {
        "ACCEPTED": ("Được chấp nhận", "Accepted"),
        "SUPERSEDED": ("Đã thay thế", "Superseded"),
        "REJECTED": ("Bị từ chối", "Rejected"),
        "DUPLICATE": ("Trùng lặp", "Duplicate"),
    },
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def normalize_language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled."""
    vi, en = _TEXT[key]
    text = vi if normalize_language(lang) == "vi" else en
    return _nfc(text.format(**values) if values else text)


def code_label(code_list: str, code: object, lang: str) -> str:
    """The meaning of a code in `lang`; unknown codes are shown as they are."""
    pair = _CODES.get(code_list, {}).get(str(code))
    if pair is None:
        return str(code)
    return _nfc(pair[0] if normalize_language(lang) == "vi" else pair[1])


def code_labels(code_list: str, lang: str) -> dict[str, str]:
    return {code: code_label(code_list, code, lang) for code in _CODES[code_list]}


def non_count_headers() -> frozenset[str]:
    """Headers, in both languages, of columns that hold no person or case counts."""
    return frozenset(t(key, lang) for key in NON_COUNT_KEYS for lang in LANGUAGES)


@cache
def _territories(lang: str) -> dict[str, str]:
    return dict(Locale.parse(lang).territories)


def country_name(alpha3: object, lang: str) -> str:
    """ISO 3166-1 alpha-3 -> country name in `lang` (Vietnamese via CLDR where it has one)."""
    code = str(alpha3 or "").upper()
    if code in ("", "UNK", "NONE", "NAN"):
        return "Không rõ" if normalize_language(lang) == "vi" else "Unknown"
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    name = _territories(normalize_language(lang)).get(country.alpha_2)
    return _nfc(name or country.name)


def fmt_int(value: object, lang: str) -> str:
    """An integer with the language's grouping (vi `1.234`, en `1,234`); strings pass through."""
    if isinstance(value, str):
        return value
    return format_decimal(int(value), locale=normalize_language(lang))


def fmt_decimal(value: float, lang: str, digits: int = 1) -> str:
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=normalize_language(lang))


def fmt_percent(value: float, lang: str) -> str:
    return format_percent(value, format="#,##0.0 %", locale=normalize_language(lang))


def fmt_datetime(value: datetime, lang: str) -> str:
    return format_datetime(value, format="medium", locale=normalize_language(lang))


# --- Dashboards a policymaker trusts (issue 16): time, map, definitions, errors -------------------
_TEXT.update(
    {
        "no_warehouse": (
            "Số liệu chưa được công bố. Vui lòng quay lại sau.",
            "No figures have been published yet. Please come back later.",
        ),
        "outdated_warehouse": (
            "Trang này tạm thời chưa hiển thị được: số liệu đã công bố chưa có đủ bảng cần thiết. "
            "Bộ phận kỹ thuật đã được ghi nhận.",
            "This page cannot be shown for now: the published figures lack a table it needs. "
            "The technical team has been notified in the log.",
        ),
        "page_failed": (
            "Trang này tạm thời không hiển thị được số liệu. Vui lòng thử lại sau; "
            "chi tiết lỗi đã được ghi lại cho bộ phận kỹ thuật.",
            "This page cannot show its figures right now. Please try again later; "
            "the details were logged for the technical team.",
        ),
        "page_glossary": ("Thuật ngữ", "Definitions"),
        "partial_year_label": ("{year} ({span}, chưa đủ năm)", "{year} ({span}, part year)"),
        "partial_year_note": (
            "Năm chưa kết thúc: số liệu chỉ gồm {span}. Không so sánh với cả năm trước.",
            "The year is not over: the figures cover {span} only. Do not compare with a whole year.",
        ),
        "partial_or_incomplete": ("Chưa đủ năm hoặc thiếu số liệu", "Part year or incomplete"),
        "coverage_none": ("Chưa có kỳ số liệu nào.", "No period covered yet."),
        "coverage_period": ("Số liệu: {first} – {last}", "Data: {first} – {last}"),
        "coverage_received": ("tệp nhận đến {when}", "files received by {when}"),
        "local_zone": ("giờ Việt Nam", "Viet Nam time"),
        "all_complete_to": (
            "Mọi quý đến {last} đều đã nhận đủ tệp.",
            "Every quarter up to {last} has all its files.",
        ),
        "unit": ("Đơn vị", "Unit"),
        "source": ("Nguồn", "Source"),
        "download_data": ("Tải số liệu (CSV)", "Download the data (CSV)"),
        "definition": ("Định nghĩa", "Definition"),
        "unit_persons": ("người (mỗi người tính một lần)", "persons (each person counted once)"),
        "unit_persons_stage": ("người, theo từng giai đoạn", "persons, per stage"),
        "unit_rate": ("nạn nhân trên 100.000 dân", "victims per 100,000 residents"),
        "unit_cases": ("vụ án", "cases"),
        "unit_files": ("tệp dữ liệu", "data files"),
        "versus": ("so với {period}", "vs {period}"),
        "points": ("điểm %", "pts"),
        "kpi_detected": ("Nạn nhân được xác định, {period}", "Detected victims, {period}"),
        "kpi_children": ("Tỷ lệ trẻ em, {period}", "Share of children, {period}"),
        "kpi_women": ("Tỷ lệ nữ, {period}", "Share of women and girls, {period}"),
        "kpi_cases": ("Vụ án được khởi tố, {period}", "Cases opened, {period}"),
        "kpi_detected_year": ("Nạn nhân được xác định, cả năm {year}", "Detected victims, whole year {year}"),
        "kpi_convicted": ("Người bị kết án, cả năm {year}", "Persons convicted, whole year {year}"),
        "help_detected": (
            "Nạn nhân được xác định: người đã được xác định là nạn nhân (không gồm người đang xác minh), "
            "mỗi người tính một lần, vào năm được phát hiện lần đầu, dù có trong nhiều nguồn.",
            "Detected victims: persons confirmed as victims (presumed victims are not included), each "
            "person counted once, in the year first identified, however many sources hold them.",
        ),
        "help_children": (
            "Trẻ em: dưới 18 tuổi vào năm được phát hiện. Tỷ lệ trên số nạn nhân được xác định.",
            "Children: under 18 in the year first identified. Share of detected victims.",
        ),
        "help_women": (
            "Nữ (phụ nữ và trẻ em gái), trên số nạn nhân được xác định.",
            "Women and girls, as a share of detected victims.",
        ),
        "help_cases": (
            "Vụ án: một mã vụ án của Công an, tính vào quý khởi tố.",
            "Cases: one police case reference, counted in the quarter it was opened.",
        ),
        "help_convicted": (
            "Người bị kết án theo bản án của Tòa án, mỗi người một lần mỗi năm. Chỉ có số theo năm.",
            "Persons convicted by a court verdict, each person once a year. Only yearly figures exist.",
        ),
        "help_form": (
            "Hình thức bóc lột chính của nạn nhân (theo nguồn ưu tiên: Công an, Biên phòng, Lãnh sự, "
            "Hỗ trợ xã hội).",
            "The victim's main form of exploitation (first source in order: police, border guard, "
            "consular, social support).",
        ),
        "help_presumed": (
            "Người đang xác minh (nghi là nạn nhân) được thể hiện bên cạnh, không cộng vào số nạn nhân.",
            "Presumed victims are shown beside confirmed ones and never added to them.",
        ),
        "help_province_map": (
            "Tỉnh cư trú của nạn nhân, theo 34 tỉnh, thành phố từ 1/7/2025 cho mọi năm. "
            "Ô gạch chéo: số nhỏ được ẩn.",
            "The victim's province of residence, on the 34 provinces in force since 1 July 2025, for "
            "every year. Hatched: small counts hidden.",
        ),
        "help_rate": (
            "Số nạn nhân được xác định trên 100.000 dân của tỉnh trong năm. "
            "Tỷ lệ bị ẩn khi số nạn nhân bị ẩn.",
            "Detected victims per 100,000 residents of the province that year. "
            "A rate is hidden when its count is.",
        ),
        "help_routes": (
            "Từ tỉnh cư trú đến quốc gia nơi nạn nhân bị bóc lột. Các luồng nhỏ không được vẽ; "
            "bảng luồng liệt kê mọi tuyến.",
            "From the province of residence to the country where the victim was exploited. "
            "Small flows are not drawn; the flow table lists every route.",
        ),
        "help_channels": (
            "Kênh tuyển mộ ghi trong hồ sơ vụ án, theo quý khởi tố.",
            "The recruitment channel recorded for the case, by the quarter the case was opened.",
        ),
        "help_funnel": (
            "Số người ở mỗi giai đoạn (nghi phạm, bị truy tố, bị kết án), mỗi người một lần mỗi giai "
            "đoạn trong năm. Các giai đoạn không được cộng với nhau: cùng một người có thể ở cả ba.",
            "Persons at each stage (suspected, prosecuted, convicted), each once per stage a year. "
            "Stages are never added up: the same person can be in all three.",
        ),
        "help_assisted": (
            "Người (đã xác định hoặc đang xác minh) bắt đầu được hỗ trợ trong năm.",
            "Persons (confirmed or presumed) whose support started that year.",
        ),
        "help_services": (
            "Số người nhận mỗi dịch vụ; một người có thể nhận nhiều dịch vụ.",
            "Persons receiving each service; one person can receive several.",
        ),
        "help_repatriated": (
            "Người được hồi hương trong năm, theo nước trở về.",
            "Persons repatriated that year, by the country they returned from.",
        ),
        "help_delivery": (
            "Mỗi ô là một tệp mà một nguồn phải gửi cho một quý: đúng hạn, trễ hạn, bị từ chối "
            "hoặc chưa nhận.",
            "Each cell is a file a source owes for a quarter: on time, late, rejected or missing.",
        ),
        "map_victims": ("Bản đồ nạn nhân theo tỉnh cư trú, {year}", "Map of victims by province, {year}"),
        "map_rates": ("Bản đồ tỷ lệ trên 100.000 dân, {year}", "Map of rates per 100,000 residents, {year}"),
        "map_no_value": ("Không có số liệu", "No figure"),
        "map_hidden": ("Số nhỏ, ẩn ({label})", "Small, hidden ({label})"),
        "unknown_province": ("Nạn nhân không rõ tỉnh cư trú", "Victims with no known province"),
        "help_unknown_province": (
            "Không vẽ trên bản đồ và không xếp hạng cùng các tỉnh.",
            "Not drawn on the map and not ranked among the provinces.",
        ),
        "reform_note": (
            "Các năm trước cải cách 1/7/2025 được chuyển sang 34 tỉnh, thành phố mới theo bảng đối chiếu "
            "chính thức, để so sánh được qua các năm.",
            "Years before the 1 July 2025 reform are mapped to the 34 new provinces with the official "
            "crosswalk, so years compare.",
        ),
    }
)

_TEXT.update(
    {
        "kpi_presumed_term": ("Người đang xác minh (nghi là nạn nhân)", "Presumed victims"),
        "term_person": ("Người và hồ sơ", "Persons, not records"),
        "def_person": (
            "Một người có thể có hồ sơ ở Công an, Biên phòng, Lãnh sự và Hỗ trợ xã hội, trong nhiều quý. "
            "Các hồ sơ cùng mã liên kết là một người; số liệu đếm người, không đếm hồ sơ.",
            "One person can have records with the police, border guard, consular and social services, "
            "in several quarters. Records with the same linkage key are one person; the figures count "
            "persons, not records.",
        ),
        "def_median_days": (
            "Số ngày từ khi được xác định lần đầu đến khi bắt đầu được hỗ trợ; một nửa số người chờ ít hơn.",
            "Days from first identification to the start of support; half the persons waited less.",
        ),
        "term_repatriated": ("Nạn nhân hồi hương", "Repatriated victims"),
        "term_partial_year": ("Năm chưa đủ", "Part year"),
        "def_partial_year": (
            "Năm mà số liệu chưa có đủ bốn quý (ví dụ quý 1–3). Được so sánh với cùng các quý của năm trước, "
            "không so với cả năm.",
            "A year whose figures do not yet cover four quarters (e.g. Q1–Q3). It is compared with the same "
            "quarters of the year before, never with a whole year.",
        ),
        "def_incomplete": (
            "Quý mà ít nhất một nguồn chưa gửi tệp hoặc tệp bị từ chối: số liệu có thể còn tăng.",
            "A quarter for which at least one source has not sent its file or the file was rejected: the "
            "figures may still rise.",
        ),
        "term_suppressed": ("Ô bị ẩn", "Hidden cells"),
        "def_suppressed": (
            "Để bảo vệ nạn nhân, số từ 1 đến 4 được thay bằng <5, và một số ô khác cũng được ẩn để không thể "
            "tính ngược ra.",
            "To protect victims, counts from 1 to 4 are shown as <5, and some other cells are hidden too so "
            "that they cannot be worked out.",
        ),
        "term_rejected": ("Tệp bị từ chối", "Rejected file"),
        "def_rejected": (
            "Tệp không qua kiểm tra khi tiếp nhận; không số liệu nào của tệp được tính cho đến khi nguồn gửi "
            "bản sửa.",
            "A file that failed the intake checks; none of its rows count until the source sends a "
            "correction.",
        ),
    }
)

_TEXT.update(
    {
        "table_of": ("Bảng số liệu", "Table"),
        "repatriations_table": ("Hồi hương theo nước trở về", "Repatriations by country"),
    }
)

_TEXT.update(
    {
        "rule_code": ("Mã quy tắc", "Rule code"),
        "rule_code_note": (
            "Mã quy tắc giúp bộ phận kỹ thuật và nơi gửi tệp tra cứu lỗi; tệp CSV tải về có thêm dòng gốc "
            "bằng tiếng Anh của hệ thống tiếp nhận.",
            "The rule code lets engineers and senders look the error up; the downloaded CSV also holds the "
            "intake's original line.",
        ),
    }
)
