"""Imported by Python at start-up in a child that must die with its tipstat parent (only there:
`settings.die_with_me_env` puts this folder on its PYTHONPATH): dbt of a run, and with it the Spark
JVM it starts (the watchdog kills it), and Streamlit of `tipstat dashboard` (tipstat/parent_watch.py).
A process that dbt itself starts inherits the variables but not the parent, and is left alone."""

import os

from tipstat.settings import parent_pid

_parent = parent_pid()
if _parent is not None and os.getppid() == _parent:
    from tipstat.parent_watch import die_with_parent

    die_with_parent(_parent)
