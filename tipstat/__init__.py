"""tipstat: the domain package (contract, intake, disclosure, releases, exports, estimates, CLI).

Nothing here imports Dagster; `dagster_project/` orchestrates these modules.
"""
