"""`tipstat pseudonymize` and `tipstat new-key` as the data officer runs them."""

from __future__ import annotations

import stat
from pathlib import Path

from typer.testing import CliRunner

from tests.pseudonymize.synthetic_register import listing, make_register
from tipstat.cli import app


def test_cli_writes_the_export_and_prints_no_identifying_value(tmp_path: Path) -> None:
    runner = CliRunner()
    key = tmp_path / "national.key"
    made = runner.invoke(app, ["new-key", str(key)])
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(key.stat().st_mode) == 0o600

    register = make_register("social", "victims", n=5)
    source = register.write_csv(tmp_path / "register.csv", delimiter=";")
    out = tmp_path / "out"
    out.mkdir()
    args = ["pseudonymize", "--key-file", str(key), "--feed", "social", "--entity", "victims"]
    done = runner.invoke(app, [*args, str(source), str(out)])
    assert done.exit_code == 0, done.output
    assert listing(out) == ["social_victims_2025Q3.csv"]

    key.chmod(0o644)
    refused = runner.invoke(app, [*args, "--version", "2", str(source), str(out)])
    assert refused.exit_code != 0
    assert "0644" in refused.output
    assert listing(out) == ["social_victims_2025Q3.csv"]
    for text in (done.output, refused.output):
        for secret in register.secrets():
            assert secret not in text
