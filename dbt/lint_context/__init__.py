"""What the models take from dbt's Jinja context beyond sqlfluff's dbt builtins (ref, source,
var, config, ...), for linting with sqlfluff's jinja templater (dbt/.sqlfluff `library_path`):
each top-level name here is a Jinja variable while sqlfluff renders a model. Never used by dbt."""

import datetime as _datetime
from types import SimpleNamespace

# dbt's `modules` (completeness.sql: modules.datetime.date.today())
modules = SimpleNamespace(datetime=_datetime)
# completeness.sql reads the env var only when the model runs (`execute`): false while linting
execute = False


def env_var(name: str, default: str = "") -> str:
    """dbt's env_var: linting never reads the environment, so the default (or '')."""
    return default
