"""What the models take from dbt's Jinja context beyond sqlfluff's dbt builtins (ref, source,
var, config, ...), for linting with sqlfluff's jinja templater (dbt/.sqlfluff `library_path`):
each top-level name here is a Jinja variable while sqlfluff renders a model. Never used by dbt.

The models are linted as DuckDB SQL: `adapter.dispatch` renders the project's `default__`
macro (dbt/macros/, the DuckDB spelling; the `spark__` ones are proven by the Spark build), and
`adapter.quote` quotes as DuckDB does."""

import datetime as _datetime
from pathlib import Path as _Path
from types import SimpleNamespace

import jinja2 as _jinja2

# dbt's `modules` (completeness.sql: modules.datetime.date.today())
modules = SimpleNamespace(datetime=_datetime)
# completeness.sql reads the env var only when the model runs (`execute`): false while linting
execute = False


def env_var(name: str, default: str = "") -> str:
    """dbt's env_var: linting never reads the environment, so the default (or '')."""
    return default


def _return(value):
    """dbt's `return()` in a macro: here the macro's output is the value."""
    return value


# `return` is a Python keyword: the Jinja name is set through the module's namespace
globals()["return"] = _return

_MACROS_DIR = _Path(__file__).resolve().parent.parent / "macros"
_module = None


def _macros():
    """The project's macros, rendered by plain Jinja with this module's names."""
    global _module
    if _module is None:
        env = _jinja2.Environment(extensions=["jinja2.ext.do"])
        env.globals.update(adapter=adapter, builtins=builtins, execute=execute, env_var=env_var)
        env.globals["return"] = _return
        text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(_MACROS_DIR.glob("*.sql")))
        _module = env.from_string(text).module
    return _module


class _Adapter:
    @staticmethod
    def dispatch(name: str, macro_namespace: str | None = None):
        module = _macros()
        return getattr(module, f"duckdb__{name}", None) or getattr(module, f"default__{name}")

    @staticmethod
    def quote(identifier: str) -> str:
        return '"' + identifier.replace('"', '""') + '"'


adapter = _Adapter()


def _source(source_name: str, table_name: str) -> str:
    return f"{source_name}.{table_name}"


# dbt's builtins (macros/sources.sql calls builtins.source)
builtins = SimpleNamespace(source=_source)
