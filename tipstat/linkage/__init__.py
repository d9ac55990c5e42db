"""Probable duplicates (shared/spec/linkage.md): candidates, the estimate and reviewed decisions."""
