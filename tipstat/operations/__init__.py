"""Operations for data engineers: landing watch, overdue feeds and reminders, run records, status views.

Free of Dagster: the sensor, schedules and checks in `dagster_project/defs/` call into here.
"""
