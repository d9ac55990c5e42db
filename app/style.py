"""Page styles: phones (390 px wide) and print (no sidebar, a chart never split across sheets)."""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
/* The province map (app/maps.py): the province under the pointer is outlined. */
.tipstat-map path[data-province]:hover { stroke: #262730; stroke-width: 1.6; }
/* Phones: use the width, let headings wrap, keep tables and charts inside the screen. */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 3.5rem 0.6rem 2rem 0.6rem !important; }
  h1 { font-size: 1.6rem !important; line-height: 1.25 !important; }
  h2, h3 { font-size: 1.15rem !important; line-height: 1.3 !important; }
  h1, h2, h3, [data-testid="stMetricLabel"] p { white-space: normal !important; overflow-wrap: anywhere; }
  [data-testid="stMetricValue"] { font-size: 1.6rem !important; }
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
  .js-plotly-plot, .tipstat-map, [data-testid="stDataFrame"], [data-testid="stMetric"],
  [data-testid="stTable"] {
    break-inside: avoid;
  }
  h2, h3 { break-after: avoid; }
}
</style>
"""


def apply() -> None:
    st.html(CSS)
