"""Compute modules, one per page: read published tables, protect, build frames and figures."""
