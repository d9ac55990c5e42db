"""dbt-duckdb plugin: connect to the file TIPSTAT_WAREHOUSE_PATH names (tipstat.settings.dbt_env).

The profile's `path` is a placeholder that is the same for every home: dbt keeps a parsed project
(partial_parse.msgpack) only while the profile's connection settings are unchanged, so a path that
changed with the home would make every run parse the whole project again. The real file is only
needed when DuckDB opens it, which is here: dbt-duckdb calls this hook just before connecting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dbt.adapters.duckdb.credentials import DuckDBCredentials
from dbt.adapters.duckdb.plugins import BasePlugin

from tipstat.settings import dbt_warehouse_path


class Plugin(BasePlugin):
    def update_connection_config(self, creds: DuckDBCredentials, config: dict[str, Any]) -> None:
        path = dbt_warehouse_path()
        # the profile named the database after the file name; the file must agree
        if Path(path).name != Path(creds.path).name:
            raise RuntimeError(f"TIPSTAT_WAREHOUSE_PATH changed after dbt read its profile: {path}")
        creds.path = path
