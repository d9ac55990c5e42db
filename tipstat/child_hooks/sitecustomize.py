"""Imported by Python at start-up in the dbt process of a run (only there: `settings.dbt_env` puts
this folder on its PYTHONPATH): dbt, and with it the Spark JVM it starts (which exits when its
stdin from dbt closes), dies with the run (tipstat/parent_watch.py). A process that dbt itself
starts inherits the variables but not the parent, and is left alone."""

import os

from tipstat.settings import dbt_parent_pid

_parent = dbt_parent_pid()
if _parent is not None and os.getppid() == _parent:
    from tipstat.parent_watch import die_with_parent

    die_with_parent(_parent)
