"""Progress per stage: drawn with files done and to do on a terminal, nothing otherwise."""

from __future__ import annotations

import io

from rich.console import Console

from tipstat import progress


def _stages() -> None:
    progress.start("validation", 3)
    for _ in range(3):
        progress.advance("validation")
    progress.finish("validation")
    progress.start("load", 3)
    progress.advance("load", 2)


def test_a_terminal_gets_a_bar_per_stage_with_files_done_and_to_do():
    out = io.StringIO()
    with progress.terminal_progress(Console(file=out, force_terminal=True, width=100)):
        assert progress._reporter is not None
        _stages()
    assert progress._reporter is None
    text = out.getvalue()
    assert "validating files" in text and "3/3" in text
    assert "loading files" in text and "2/3" in text


def test_nothing_is_drawn_when_not_on_a_terminal():
    out = io.StringIO()
    with progress.terminal_progress(Console(file=out, width=100)):
        assert progress._reporter is None
        _stages()
    assert out.getvalue() == ""
