"""The command line's JSON interface and its errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from service.cli import app

RUNNER = CliRunner()
MANUAL = "# Shop\n\n## Returns\n\n2.3 Refunds are given only as store credit.\n\n2.4 We reply within a week.\n"
COMPLAINTS = "id,text\nC1,They would only give me a voucher and I wanted my money back.\nC2,The car park was full.\n"


def run(data_dir: Path, *args: str) -> object:
    result = RUNNER.invoke(app, ["--data-dir", str(data_dir), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ingest_rules_and_conflicts_json(tmp_path: Path, monkeypatch: object) -> None:
    (tmp_path / "shop.md").write_text(MANUAL)
    (tmp_path / "c.csv").write_text(COMPLAINTS)
    data = tmp_path / "data"
    ingested = run(data, "ingest", "manual", str(tmp_path / "shop.md"), "--json")
    assert ingested[0]["manual"] == "shop" and ingested[0]["rules"] == 2  # type: ignore[index]
    run(data, "ingest", "complaints", str(tmp_path / "c.csv"), "--json")
    rules = run(data, "rules", "--manual", "shop", "--json")
    first = rules[0]  # type: ignore[index]
    assert {
        "id",
        "manual",
        "section",
        "number",
        "text",
        "start",
        "end",
        "restrictive",
        "legal_basis",
    } <= set(first)
    assert (first["number"], first["section"], first["restrictive"]) == ("2.3", "Returns", True)
    assert MANUAL[first["start"] : first["end"]] == first["text"]
    matches = run(data, "conflicts", "--complaint", "C1", "--json")
    assert matches[0]["rule_id"] == first["id"]  # type: ignore[index]
    conflicts = run(data, "conflicts", "--top", "5", "--json")
    assert isinstance(conflicts, list)
    for conflict in conflicts:
        assert {"rule_id", "score", "complaints"} <= set(conflict)
        assert all({"id", "score", "quote"} <= set(e) for e in conflict["complaints"])


def test_errors_exit_non_zero_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("")
    import sys

    from service.cli import main

    argv = sys.argv
    sys.argv = [
        "policy-rewriter",
        "--data-dir",
        str(tmp_path / "d"),
        "ingest",
        "manual",
        str(tmp_path / "empty.md"),
    ]
    try:
        main()
    except SystemExit as exit_:
        assert exit_.code == 1
    else:
        raise AssertionError("an empty manual was accepted")
    finally:
        sys.argv = argv
