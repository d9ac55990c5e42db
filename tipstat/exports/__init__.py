"""International exports (reporting.md): SDG 16.2.2 SDMX-CSV, UNODC Global Report and ASEAN
workbooks, each read from the published warehouse and recorded in the export audit."""

from tipstat.exports.asean import export_asean
from tipstat.exports.common import ExportError, ExportResult
from tipstat.exports.glotip import export_glotip
from tipstat.exports.sdg import export_sdg

__all__ = ["ExportError", "ExportResult", "export_asean", "export_glotip", "export_sdg"]
