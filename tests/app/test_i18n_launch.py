"""Language helpers and the dashboard launcher."""

from __future__ import annotations

import sys
import unicodedata

from app import i18n
from app.launch import dashboard_command, dashboard_env
from tipstat.settings import Home


def test_numbers_per_language() -> None:
    assert i18n.fmt_int(1234567, "vi") == "1.234.567"
    assert i18n.fmt_int(1234567, "en") == "1,234,567"
    assert i18n.fmt_decimal(12.5, "vi") == "12,5"
    assert i18n.fmt_decimal(12.5, "en") == "12.5"


def test_every_text_exists_in_both_languages_in_nfc() -> None:
    for key in i18n._TEXT:
        vi, en = i18n.t(key, "vi"), i18n.t(key, "en")
        assert vi and en
        assert unicodedata.is_normalized("NFC", vi)


def test_country_names_in_vietnamese_where_available() -> None:
    assert i18n.country_name("THA", "en") == "Thailand"
    assert i18n.country_name("THA", "vi") != "Thailand"
    assert i18n.country_name("UNK", "vi") == "Không rõ"
    assert i18n.country_name(None, "en") == "Unknown"


def test_code_meanings_cover_the_contract() -> None:
    from tipstat.contract import EXPLOITATION_FORMS, RECRUITMENT_CHANNELS, SERVICES

    for code_list, codes in (
        ("form", EXPLOITATION_FORMS),
        ("channel", RECRUITMENT_CHANNELS),
        ("service", SERVICES),
    ):
        for code in codes:
            assert i18n.code_label(code_list, code, "vi") != code
            assert i18n.code_label(code_list, code, "en") != code


def test_dashboard_command(tmp_path) -> None:
    home = Home.resolve(tmp_path)
    cmd = dashboard_command(home, 8765)
    assert cmd[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert cmd[4].endswith("app/main.py")
    assert cmd[cmd.index("--server.port") + 1] == "8765"
    assert cmd[cmd.index("--server.headless") + 1] == "true"
    # Streamlit's full garbage collection after every run held the GIL ~170 ms before the page's
    # last message could leave (benchmarks/README.md, the browser benchmark)
    assert cmd[cmd.index("--runner.postScriptGC") + 1] == "false"
    assert dashboard_env(home) == {"TIPSTAT_HOME": str(home.root)}
