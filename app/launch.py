"""How `tipstat dashboard` starts Streamlit (the CLI calls these two functions)."""

from __future__ import annotations

import sys
from pathlib import Path

from tipstat.settings import Home

MAIN = Path(__file__).resolve().parent / "main.py"


def dashboard_command(home: Home, port: int) -> list[str]:
    """`streamlit run app/main.py` headless on `port`; no usage statistics (offline deployments)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(MAIN),
        "--server.headless",
        "true",
        "--server.port",
        str(int(port)),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "minimal",
        "--client.showErrorDetails",
        "none",
    ]


def dashboard_env(home: Home) -> dict[str, str]:
    """Environment additions: where the published warehouse is. The mode stays as configured."""
    return {"TIPSTAT_HOME": str(home.root)}
