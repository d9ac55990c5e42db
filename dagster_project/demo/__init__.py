"""Synthetic landing folder for demos, tests and benchmarks (`tipstat demo`). Demo data only."""

from dagster_project.demo.generator import generate_demo
from dagster_project.demo.manifest import MANIFEST_NAME, DemoManifest, ManifestEntry

__all__ = ["MANIFEST_NAME", "DemoManifest", "ManifestEntry", "generate_demo"]
