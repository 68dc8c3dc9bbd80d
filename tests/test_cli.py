"""The command line's JSON interface and its errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from service.cli import app

RUNNER = CliRunner()
MANUAL = "# Shop\n\n## Returns\n\n2.3 Refunds are given only as store credit.\n\n2.4 The Duty Manager replies within a week.\n"
COMPLAINTS = "id,text\nC1,They would only give me store credit for my refund when I wanted my money back.\nC2,The car park was full.\n"


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


SUGGESTION_FIELDS = {
    "id",
    "rule_id",
    "original",
    "proposed",
    "purpose",
    "discretion",
    "escalation",
    "legal_basis",
    "rationale",
    "status",
    "checks",
    "model",
    "citations",
}


def test_draft_json_and_the_cache(tmp_path: Path) -> None:
    (tmp_path / "shop.md").write_text(MANUAL)
    (tmp_path / "c.csv").write_text(COMPLAINTS)
    data = tmp_path / "data"
    run(data, "ingest", "manual", str(tmp_path / "shop.md"), "--json")
    run(data, "ingest", "complaints", str(tmp_path / "c.csv"), "--json")
    rule_id = run(data, "rules", "--json")[0]["id"]  # type: ignore[index]

    drafted = run(data, "draft", rule_id, "--json")
    assert isinstance(drafted, list) and len(drafted) == 1
    suggestion = drafted[0]
    assert set(suggestion) >= SUGGESTION_FIELDS
    assert suggestion["status"] == "ready", suggestion["checks"]
    assert suggestion["model"] == "builtin" and suggestion["drafter"] == "built-in drafter"
    assert all({"name", "passed", "detail"} <= set(c) for c in suggestion["checks"])
    sources = [c["source"] for c in suggestion["citations"]]
    assert sources[0] == "rule" and "complaint" in sources
    for citation in suggestion["citations"]:
        assert {"source", "id", "quote", "start", "end", "verified"} <= set(citation)
        assert citation["verified"]
    assert (
        MANUAL[suggestion["citations"][0]["start"] : suggestion["citations"][0]["end"]]
        == suggestion["original"]
    )

    again = run(data, "draft", rule_id, "--json")
    assert again[0]["id"] == suggestion["id"]  # type: ignore[index]
    listed = run(data, "suggestions", "--status", "ready", "--json")
    assert [s["id"] for s in listed] == [suggestion["id"]]  # type: ignore[union-attr]


def test_drafting_an_unknown_rule_is_an_error(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["--data-dir", str(tmp_path / "data"), "draft", "nope", "--json"])
    assert result.exit_code != 0
    assert "no rule 'nope'" in str(result.exception)


def test_users_add_list_token_and_password(tmp_path: Path) -> None:
    data = tmp_path / "data"
    created = run(data, "users", "add", "rita", "--role", "reviewer", "--role", "owner", "--json")
    assert created["user"]["roles"] == ["owner", "reviewer"]  # type: ignore[index]
    assert created["token"].startswith("prw_") and len(created["password"]) >= 10  # type: ignore[index]
    piped = RUNNER.invoke(
        app,
        [
            "--data-dir",
            str(data),
            "users",
            "add",
            "sam",
            "--role",
            "admin",
            "--password-stdin",
            "--json",
        ],
        input="correct horse battery\n",
    )
    assert piped.exit_code == 0 and "password" not in json.loads(piped.stdout)
    assert [u["name"] for u in run(data, "users", "list", "--json")] == ["rita", "sam"]  # type: ignore[union-attr]
    again = RUNNER.invoke(app, ["--data-dir", str(data), "users", "add", "rita", "--role", "owner"])
    assert again.exit_code == 1 and "already exists" in str(again.exception)
    bad = RUNNER.invoke(app, ["--data-dir", str(data), "users", "add", "x", "--role", "boss"])
    assert bad.exit_code == 1 and "unknown role 'boss'" in str(bad.exception)
    token = RUNNER.invoke(app, ["--data-dir", str(data), "users", "token", "rita"])
    assert token.exit_code == 0 and "prw_" in token.output


def test_export_after_a_decision(tmp_path: Path) -> None:
    from service.core.settings import Settings
    from service.index.embeddings import HashingEmbedder
    from service.stages.root import Root

    (tmp_path / "shop.md").write_text(MANUAL)
    (tmp_path / "c.csv").write_text(COMPLAINTS)
    data = tmp_path / "data"
    run(data, "ingest", "manual", str(tmp_path / "shop.md"), "--json")
    run(data, "ingest", "complaints", str(tmp_path / "c.csv"), "--json")
    rules = run(data, "rules", "--json")
    drafted = run(data, "draft", rules[0]["id"], "--json")[0]  # type: ignore[index]
    space = Root(settings=Settings(data_dir=data, _env_file=None), embedder=HashingEmbedder())  # type: ignore[call-arg]
    reviewer = space.people.add_user("rita", ["reviewer"]).user
    space.review.decide(drafted["id"], "accept", user=reviewer, version=drafted["version"])
    space.close()

    markdown = RUNNER.invoke(app, ["--data-dir", str(data), "export", "shop"])
    assert markdown.exit_code == 0 and drafted["proposed"] in markdown.stdout
    assert "1 change applied" in markdown.stdout
    out = tmp_path / "shop.docx"
    written = RUNNER.invoke(
        app, ["--data-dir", str(data), "export", "shop", "--format", "docx", "--out", str(out)]
    )
    assert written.exit_code == 0 and out.read_bytes()[:2] == b"PK"
    no_out = RUNNER.invoke(app, ["--data-dir", str(data), "export", "shop", "--format", "docx"])
    assert no_out.exit_code == 1 and "needs --out" in str(no_out.exception)
