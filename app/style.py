"""Page styles: phones (390 px wide) and print (no sidebar, a chart never split across sheets)."""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
/* Figures (app/blocks.py): a picture drawn for the desktop and one for a phone, one shown. */
.tipstat-figure h3 { margin: 0.6rem 0 0.3rem 0; padding: 0; }
.tipstat-figure svg { display: block; }
.tipstat-narrow { display: none; }
.tipstat-beside { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 2rem; }
.tipstat-legend {
  display: flex; flex-wrap: wrap; gap: 0.15rem 1.1rem; font-size: 0.875rem; margin: 0 0 0.2rem 0;
}
.tipstat-key {
  display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.35rem; vertical-align: -0.1rem;
  border-radius: 2px; print-color-adjust: exact; -webkit-print-color-adjust: exact;
}
/* Headline figures (app/blocks.py kpi_cards): three to a row, one on a phone. */
.tipstat-kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem; }
.tipstat-kpi { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 0.75rem 1rem; }
.tipstat-kpi p { margin: 0; }
.tipstat-kpi-label { font-size: 0.875rem; }
.tipstat-kpi-value { font-size: 2.25rem; line-height: 1.3; }
.tipstat-kpi-delta {
  display: inline-block; font-size: 0.8rem; color: rgba(49, 51, 63, 0.8);
  background: rgba(49, 51, 63, 0.06); border-radius: 0.75rem; padding: 0.05rem 0.5rem;
}
.tipstat-kpi-delta.up::before { content: "↑ "; }
.tipstat-kpi-delta.down::before { content: "↓ "; }
.tipstat-kpi details { margin-top: 0.3rem; font-size: 0.8rem; color: rgba(49, 51, 63, 0.7); }
.tipstat-kpi summary { cursor: pointer; }
div dl.tipstat-glossary { margin: 0; padding: 0; }  /* Streamlit indents a list by 32 px */
.tipstat-glossary dt { font-weight: 600; margin-top: 0.9rem; }
.tipstat-glossary dd { margin: 0.15rem 0 0 0; }
.tipstat-note { color: rgba(49, 51, 63, 0.65); font-size: 0.875rem; margin: 0.1rem 0 0.25rem 0; }
/* Tables: one HTML table each; labels and total stay readable, numbers right-aligned. */
.tipstat-table-wrap { overflow-x: auto; max-width: 100%; }
table.tipstat-table { border-collapse: collapse; font-size: 0.875rem; margin: 0.25rem 0 0.75rem 0; }
table.tipstat-table th, table.tipstat-table td {
  border-bottom: 1px solid rgba(49, 51, 63, 0.12); padding: 0.25rem 0.6rem; white-space: nowrap;
}
table.tipstat-table thead th {
  font-weight: 600; text-align: right; border-bottom: 2px solid rgba(49, 51, 63, 0.25);
}
table.tipstat-table thead th:first-child, table.tipstat-table tbody th { text-align: left; font-weight: 400; }
table.tipstat-table td { text-align: right; font-variant-numeric: tabular-nums; }
table.tipstat-table td.text { text-align: left; white-space: normal; min-width: 10rem; }
table.tipstat-table tbody th {
  position: sticky; left: 0; background: white; white-space: normal; min-width: 7rem;
}
/* Phones: use the width, let headings wrap, keep tables and charts inside the screen. */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 3.5rem 0.6rem 2rem 0.6rem !important; }
  h1 { font-size: 1.6rem !important; line-height: 1.25 !important; }
  h2, h3 { font-size: 1.15rem !important; line-height: 1.3 !important; }
  h1, h2, h3, [data-testid="stMetricLabel"] p { white-space: normal !important; overflow-wrap: anywhere; }
  [data-testid="stMetricValue"], .tipstat-kpi-value { font-size: 1.6rem !important; }
  .tipstat-wide { display: none; }
  .tipstat-beside { display: block; }
  .tipstat-narrow { display: block; }
}
/* Print: the page's topic alone, full width, each figure with its heading and notes on one sheet. */
@media print {
  @page { size: A4; margin: 12mm; }
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stDownloadButton"], [data-testid="stSelectbox"], [data-testid="stSegmentedControl"],
  [data-testid="stExpander"] { display: none !important; }
  [data-testid="stAppViewContainer"], [data-testid="stMain"] { margin: 0 !important; padding: 0 !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  .tipstat-figure, .tipstat-table-wrap, .tipstat-map, .tipstat-kpi, [data-testid="stMetric"],
  [data-testid="stTable"] {
    break-inside: avoid;
  }
  h2, h3 { break-after: avoid; }
}
</style>
"""


def apply() -> None:
    st.html(CSS)
