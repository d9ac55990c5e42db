"""Synthetic landing folder for demos, tests and benchmarks (`tipstat demo`). Demo data only."""

from tipstat.demo.generator import generate_demo
from tipstat.demo.manifest import MANIFEST_NAME, DemoManifest, ManifestEntry

__all__ = ["MANIFEST_NAME", "DemoManifest", "ManifestEntry", "generate_demo"]
