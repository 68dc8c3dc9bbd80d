"""Command line: a thin shell over the stage services. Domain errors print and exit 1."""

from __future__ import annotations

import gc
import json
import os
import secrets
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from service.core.errors import Conflict, PolicyRewriterError
from service.core.process import configure_process
from service.core.settings import Settings
from service.corpus import sample_corpus_dir
from service.drafting.models import LOCAL_MODELS
from service.stages.progress import ProgressFactory, no_progress
from service.stages.root import Root

app = typer.Typer(
    help="Find the rules that say no to customers, and the complaints behind them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
ingest_app = typer.Typer(help="Add manuals or complaints to the store.", no_args_is_help=True)
app.add_typer(ingest_app, name="ingest")
users_app = typer.Typer(
    help="People who may use the API and the review form.", no_args_is_help=True
)
app.add_typer(users_app, name="users")
eval_app = typer.Typer(
    help="Measure the product against labelled datasets: rules, evidence, drafts, cost."
)
app.add_typer(eval_app, name="eval")
err = Console(stderr=True)
out = Console()

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (no progress bars).")]


class _State:
    data_dir: Path | None = None


def _settings() -> Settings:
    try:
        if _State.data_dir is not None:
            return Settings(data_dir=_State.data_dir)
        return Settings()
    except ValidationError as exc:
        raise PolicyRewriterError(
            f"invalid setting: {exc.errors()[0]['msg']} "
            f"({'.'.join(str(p) for p in exc.errors()[0]['loc'])})"
        ) from exc


def _progress_factory(enabled: bool) -> tuple[ProgressFactory, Progress | None]:
    if not enabled:
        return no_progress, None
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("[progress.percentage]{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )

    def factory(total: int, label: str) -> Callable[[int], None]:
        task = bar.add_task(label, total=total, rate="")

        def advance(step: int) -> None:
            bar.advance(task, step)
            speed = bar.tasks[task].speed
            bar.update(task, rate=f"{speed:,.1f} items/s" if speed else "")

        return advance

    return factory, bar


@contextmanager
def services(json_mode: bool = False) -> Iterator[Root]:
    """The composition root of this run, its progress bars shown where they can be."""
    settings = _settings()
    show = (
        settings.progress
        and not json_mode
        and err.is_terminal
        and os.environ.get("CI", "").lower() not in {"1", "true", "yes"}
    )
    factory, bar = _progress_factory(show)
    root = Root(settings=settings, progress=factory)
    try:
        if bar is not None:
            with bar:
                yield root
        else:
            yield root
    finally:
        root.close()


def _dump(items: Any) -> None:
    def plain(item: Any) -> Any:
        return item.model_dump(mode="json") if isinstance(item, BaseModel) else item

    data = [plain(i) for i in items] if isinstance(items, list) else plain(items)
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@app.callback()
def main_options(
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir", help="Data folder (default: ./data or POLICY_REWRITER_DATA_DIR)."
        ),
    ] = None,
) -> None:
    _State.data_dir = data_dir


@ingest_app.command("manual")
def ingest_manual(files: list[Path], json_mode: JsonFlag = False) -> None:
    """Ingest manuals (Markdown, text, HTML, DOCX, PDF); a changed file becomes a new version."""
    results = []
    with services(json_mode) as root:
        for path in files:
            result = root.ingest.manual(data=_read(path), filename=path.name)
            results.append({**result.info.model_dump(mode="json"), "unchanged": result.unchanged})
            if not json_mode:
                state = "unchanged" if result.unchanged else f"version {result.info.version}"
                out.print(
                    f"{path.name}: manual [bold]{result.info.manual}[/] {state}, "
                    f"{result.info.rules} rules, {result.info.restrictive_rules} restrictive"
                )
    if json_mode:
        _dump(results)


@ingest_app.command("complaints")
def ingest_complaints(
    files: list[Path],
    text_column: Annotated[
        str | None, typer.Option(help="Column holding the complaint text.")
    ] = None,
    id_column: Annotated[str | None, typer.Option(help="Column holding the complaint id.")] = None,
    date_column: Annotated[str | None, typer.Option(help="Column holding the date.")] = None,
    channel_column: Annotated[str | None, typer.Option(help="Column holding the channel.")] = None,
    manual: Annotated[
        str | None, typer.Option(help="Tie the complaints to this manual: only its rules match.")
    ] = None,
    json_mode: JsonFlag = False,
) -> None:
    """Ingest complaints (CSV, JSON Lines, JSON); bad rows are reported and skipped."""
    reports = []
    with services(json_mode) as root:
        for path in files:
            report = root.ingest.complaints(
                data=_read(path),
                filename=path.name,
                text_column=text_column,
                id_column=id_column,
                date_column=date_column,
                channel_column=channel_column,
                manual=manual,
            )
            reports.append(report)
            if not json_mode:
                out.print(
                    f"{report.file}: {report.stored} stored, {report.duplicates} duplicates, "
                    f"{len(report.skipped)} skipped of {report.rows} rows"
                    + (
                        f"; {report.quarantined} quarantined (they try to instruct the system)"
                        if report.quarantined
                        else ""
                    )
                )
                for problem in report.skipped[:20]:
                    err.print(f"  row {problem.row}: {problem.reason}")
                if len(report.skipped) > 20:
                    err.print(f"  … and {len(report.skipped) - 20} more")
    if json_mode:
        _dump(reports)


@app.command("manuals")
def manuals(json_mode: JsonFlag = False) -> None:
    """List manuals (newest version of each)."""
    with services(json_mode) as root:
        found = root.library.manuals()
    if json_mode:
        return _dump(found)
    table = Table("manual", "version", "format", "rules", "restrictive", "title")
    for m in found:
        table.add_row(
            m.manual, str(m.version), m.format, str(m.rules), str(m.restrictive_rules), m.title
        )
    out.print(table)


@app.command("rules")
def rules(
    manual: Annotated[str | None, typer.Option(help="Only this manual.")] = None,
    json_mode: JsonFlag = False,
) -> None:
    """List the rules of the newest manual versions."""
    with services(json_mode) as root:
        found = root.library.rules(manual)
    if json_mode:
        return _dump(found)
    table = Table("id", "section", "no.", "restrictive", "legal basis", "text")
    for r in found:
        table.add_row(
            r.id,
            r.section,
            r.number or "",
            "yes" if r.restrictive else "",
            r.legal_basis or "",
            " ".join(r.text.split())[:90],
        )
    out.print(table)


@app.command("conflicts")
def conflicts(
    manual: Annotated[str | None, typer.Option(help="Only rules of this manual.")] = None,
    top: Annotated[int | None, typer.Option(min=1, help="Show the N strongest conflicts.")] = None,
    complaint: Annotated[
        str | None, typer.Option(help="Which rules is this complaint about?")
    ] = None,
    rule: Annotated[str | None, typer.Option(help="The complaints behind this one rule.")] = None,
    json_mode: JsonFlag = False,
) -> None:
    """Rules ranked by complaint evidence, or the rules for one complaint."""
    with services(json_mode) as root:
        if complaint:
            matches = root.matching.rules_for_complaint(complaint, top=top or 5, manual=manual)
            return _dump(matches) if json_mode else _print_matches(matches)
        found = (
            [root.matching.conflict(rule)]
            if rule
            else root.matching.conflicts(manual=manual, top=top)
        )
    if json_mode:
        return _dump(
            [
                c.model_dump(
                    mode="json",
                    include={
                        "rule_id",
                        "score",
                        "manual",
                        "section",
                        "number",
                        "text",
                        "restrictive",
                        "legal_basis",
                        "complaints",
                    },
                )
                for c in found
            ]
        )
    _print_conflicts(found)


def _print_conflicts(found: list[Any]) -> None:
    if not found:
        out.print("No conflicts: no complaint matched a rule closely enough.")
    for rank, c in enumerate(found, start=1):
        out.print(
            f"\n[bold]{rank}. {c.manual} {c.number or ''}[/] [dim]{c.rule_id} · {c.section}[/]"
            f"  score {c.score:.2f} · {len(c.complaints)} complaints"
            f"{' · restrictive' if c.restrictive else ''}"
            f"{' · legal basis: ' + c.legal_basis if c.legal_basis else ''}"
        )
        out.print(f"   {' '.join(c.text.split())}", highlight=False, markup=False)
        for e in c.complaints[:3]:
            out.print(f"   [dim]{e.id} ({e.score:.2f}):[/] “{e.quote}”", highlight=False)


def _print_matches(matches: list[Any]) -> None:
    for m in matches:
        out.print(
            f"{m.score:.2f}  {m.rule_id}  {m.manual} {m.number or ''}: {' '.join(m.text.split())[:100]}"
        )
        out.print(f"      [dim]“{m.quote}”[/]", highlight=False)


ModelOption = Annotated[
    str | None,
    typer.Option(help="litellm model string, or 'builtin' (default: POLICY_REWRITER_MODEL)."),
]
ApiBaseOption = Annotated[
    str | None, typer.Option(help="Base URL of an OpenAI-compatible server for the model.")
]


@app.command("draft")
def draft(
    rule_ids: Annotated[list[str], typer.Argument(help="Ids of the rules to rewrite.")],
    model: ModelOption = None,
    api_base: ApiBaseOption = None,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Ask the model again even if a cached draft exists.")
    ] = False,
    json_mode: JsonFlag = False,
) -> None:
    """Draft customer-enabling rewrites of rules, with checked citations."""
    with services(json_mode) as root:
        skipped: dict[str, str] = {}
        failures: dict[str, str] = {}
        found = root.drafting.draft(
            rule_ids, model=model, api_base=api_base, fresh=fresh, skipped=skipped, failed=failures
        )
        for rule_id, reason in skipped.items():
            err.print(f"{rule_id}: skipped, {reason}", highlight=False)
        for rule_id, error in failures.items():
            err.print(f"{rule_id}: failed, {error}", highlight=False)
    if json_mode:
        return _dump(found)
    _print_suggestions(found)


@app.command("suggestions")
def suggestions(
    status: Annotated[str | None, typer.Option(help="ready or blocked.")] = None,
    manual: Annotated[str | None, typer.Option(help="Only this manual.")] = None,
    json_mode: JsonFlag = False,
) -> None:
    """List stored suggestions, newest first."""
    with services(json_mode) as root:
        found = root.review.suggestions(status=status, manual=manual)
    if json_mode:
        return _dump(found)
    _print_suggestions(found)


def _print_suggestions(found: list[Any]) -> None:
    for s in found:
        colour = "green" if s.status == "ready" else "red"
        out.print(
            f"\n[bold]{s.manual} {s.number or ''}[/] [dim]{s.rule_id} · suggestion {s.id}[/] "
            f"[{colour}]{s.status}[/] [dim]({s.drafter}: {s.model})[/]"
        )
        out.print(f"  [dim]before:[/] {' '.join(s.original.split())}", highlight=False)
        out.print(f"  [bold]after:[/]  {s.proposed}", highlight=False)
        out.print(f"  [dim]purpose:[/] {s.purpose}", highlight=False)
        out.print(f"  [dim]staff may:[/] {s.discretion}", highlight=False)
        out.print(f"  [dim]escalation:[/] {s.escalation}", highlight=False)
        cited = sum(1 for c in s.citations if c.source == "complaint")
        out.print(f"  [dim]citations:[/] the rule and {cited} complaints", highlight=False)
        for check in s.checks:
            if not check.passed:
                out.print(f"  [red]failed {check.name}:[/] {check.detail}", highlight=False)


@app.command("demo")
def demo(
    top: Annotated[int, typer.Option(min=1, help="Conflicts to show.")] = 5,
    drafts: Annotated[
        int, typer.Option("--drafts", min=0, help="Restrictive rules to draft, strongest first.")
    ] = 25,
    model: ModelOption = None,
    api_base: ApiBaseOption = None,
    json_mode: JsonFlag = False,
) -> None:
    """Ingest the bundled sample corpus, show the strongest conflicts and draft rewrites."""
    corpus = sample_corpus_dir()
    with services(json_mode) as root:
        for path in sorted((corpus / "manuals").iterdir()):
            root.ingest.manual(data=path.read_bytes(), filename=path.name)
        for path in sorted((corpus / "complaints").iterdir()):
            root.ingest.complaints(data=path.read_bytes(), filename=path.name)
        ranked = root.matching.conflicts()
        found = ranked[:top]
        candidates = [c.rule_id for c in ranked if c.restrictive]
        skipped = root.drafting.skipped(candidates)
        failures: dict[str, str] = {}
        drafted = root.drafting.draft(
            [r for r in candidates if r not in skipped][:drafts],
            model=model,
            api_base=api_base,
            failed=failures,
        )
        for rule_id, error in failures.items():
            err.print(f"{rule_id}: no draft, {error}", highlight=False)
        reviewer = _demo_reviewer(root)
        summary = {
            "manuals": len(root.library.manuals()),
            "rules": len(root.library.rules()),
            "complaints": root.library.complaint_count(),
        }
    if json_mode:
        return _dump(
            {
                **summary,
                "conflicts": [c.model_dump(mode="json") for c in found],
                "suggestions": [d.model_dump(mode="json") for d in drafted],
                "reviewer": reviewer,
            }
        )
    out.print(
        f"Sample corpus: {summary['manuals']} manuals, {summary['rules']} rules, "
        f"{summary['complaints']} complaints. Strongest conflicts:"
    )
    _print_conflicts(found)
    out.print(
        f"\n[bold]Drafted {len(drafted)} rewrites of restrictive rules; the strongest "
        f"{min(top, len(drafted))}:[/]"
    )
    _print_suggestions(drafted[:top])
    data_dir = _settings().data_dir
    out.print(
        "\n[bold]Review them in the web form:[/] run "
        f"[cyan]policy-rewriter --data-dir {data_dir} serve[/] "
        f"(from a checkout: [cyan].venv/bin/policy-rewriter --data-dir {data_dir} serve[/]), "
        "open http://127.0.0.1:8000/review and sign in as "
        f"[bold]{reviewer['name']}[/] with the password [bold]{reviewer['password']}[/] "
        "(new on every demo run).",
        highlight=False,
    )


DEMO_REVIEWER = "demo-reviewer"


def _demo_reviewer(root: Root) -> dict[str, str]:
    """A local user who may review and export the demo's drafts; a new password each run."""
    password = secrets.token_urlsafe(9)
    try:
        root.people.add_user(DEMO_REVIEWER, ["owner", "reviewer"], password=password, actor="demo")
    except Conflict:
        root.people.set_password(DEMO_REVIEWER, password, actor="demo")
    return {"name": DEMO_REVIEWER, "password": password}


def _read_password(password_stdin: bool) -> str | None:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return None


PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from standard input (else one is generated)."
    ),
]


@users_app.command("add")
def users_add(
    name: str,
    role: Annotated[
        list[str], typer.Option("--role", help="owner, reviewer or admin; repeat for several.")
    ],
    password_stdin: PasswordStdin = False,
    json_mode: JsonFlag = False,
) -> None:
    """Create a user; prints an API token (and a generated password unless one is given)."""
    password = _read_password(password_stdin)
    generated = password is None
    if password is None:
        password = secrets.token_urlsafe(12)
    with services(json_mode) as root:
        created = root.people.add_user(name, role, password=password)
    result = {"user": created.user.model_dump(), "token": created.token}
    if generated:
        result["password"] = password
    if json_mode:
        return _dump(result)
    out.print(f"Created [bold]{name}[/] with role(s) {', '.join(created.user.roles)}.")
    out.print(f"API token (shown once): {created.token}", highlight=False)
    if generated:
        out.print(f"Password for the review form (shown once): {password}", highlight=False)


@users_app.command("list")
def users_list(json_mode: JsonFlag = False) -> None:
    """List users and their roles."""
    with services(json_mode) as root:
        found = root.people.users()
    if json_mode:
        return _dump(found)
    for user in found:
        state = "" if user.active else " [red](disabled)[/]"
        out.print(f"{user.name}: {', '.join(user.roles)}{state}")


@users_app.command("token")
def users_token(
    name: str, label: Annotated[str, typer.Option(help="What the token is for.")] = ""
) -> None:
    """Issue another API token for a user."""
    with services() as root:
        token = root.people.new_token(name, label=label)
    out.print(f"API token for {name} (shown once): {token}", highlight=False)


@users_app.command("disable")
def users_disable(name: str) -> None:
    """Disable a user: their API tokens and signed-in browsers stop working at once."""
    with services() as root:
        root.people.set_active(name, False)
    out.print(f"Disabled {name}: their tokens are refused and their browsers signed out.")


@users_app.command("enable")
def users_enable(name: str) -> None:
    """Enable a disabled user again (unrevoked tokens work again; browsers sign in anew)."""
    with services() as root:
        root.people.set_active(name, True)
    out.print(f"Enabled {name}.")


@users_app.command("tokens")
def users_tokens(
    name: Annotated[str | None, typer.Argument(help="Only this user's tokens.")] = None,
    json_mode: JsonFlag = False,
) -> None:
    """List API tokens by id and label (never their secrets), and which are revoked."""
    with services(json_mode) as root:
        found = root.people.tokens(name)
    if json_mode:
        return _dump([t.model_dump(mode="json") for t in found])
    table = Table("id", "user", "label", "created", "last used", "revoked")
    for t in found:
        table.add_row(
            str(t.id),
            t.user,
            t.label,
            f"{t.created_at:%Y-%m-%d %H:%M}",
            f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "",
            f"{t.revoked_at:%Y-%m-%d %H:%M} by {t.revoked_by}" if t.revoked_at else "",
        )
    out.print(table)


@users_app.command("revoke")
def users_revoke(
    token: Annotated[str, typer.Argument(help="The token's id or label (see `users tokens`).")],
    user: Annotated[str | None, typer.Option(help="Look the label up among this user's.")] = None,
) -> None:
    """Revoke one API token: it is refused from the next request on."""
    with services() as root:
        info = root.people.revoke_token(token, user=user)
    out.print(f"Revoked token {info.id} ({info.label or 'no label'}) of {info.user}.")


@users_app.command("rotate")
def users_rotate(
    name: str,
    token: Annotated[
        str | None, typer.Option(help="Replace only this token (id or label); default: all.")
    ] = None,
) -> None:
    """Issue a new API token for a user and revoke the old one(s)."""
    with services() as root:
        rotated = root.people.rotate_tokens(name, token=token)
    revoked = ", ".join(str(i) for i in rotated.revoked) or "none"
    out.print(f"Revoked token(s) {revoked} of {name}.")
    out.print(f"New API token for {name} (shown once): {rotated.token}", highlight=False)


@users_app.command("password")
def users_password(name: str, password_stdin: PasswordStdin = False) -> None:
    """Set a user's password for the review form; signs out their browsers."""
    password = _read_password(password_stdin) or secrets.token_urlsafe(12)
    with services() as root:
        root.people.set_password(name, password)
    if password_stdin:
        out.print(f"Password of {name} changed.")
    else:
        out.print(f"New password for {name} (shown once): {password}", highlight=False)


@app.command("export")
def export_manual(
    manual: Annotated[str, typer.Argument(help="Manual id (see `manuals`).")],
    format: Annotated[str, typer.Option("--format", help="md, html or docx.")] = "md",
    output: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: the standard output).")
    ] = None,
) -> None:
    """The revised manual with accepted rewrites applied, and its change log."""
    with services() as root:
        content, _media, name = root.review.export(manual, format)
    if output is None and format == "docx":
        raise PolicyRewriterError("a DOCX export needs --out FILE")
    if output is None:
        sys.stdout.write(content.decode())
        return
    target = output / name if output.is_dir() else output
    target.write_bytes(content)
    err.print(f"wrote {target}")


EXIT_SOME_FAILED = 3


def _freeze_before_drafting(phase: str) -> None:
    """This process does nothing but the batch: litellm leaves a million long-lived objects
    that, frozen, the collector stops walking (otherwise it stalls every drafting thread for
    a quarter second now and then). A server keeps its collector as it is."""
    if phase == "drafting":
        gc.freeze()


@app.command("batch")
def batch(
    files: Annotated[
        list[Path], typer.Argument(help="Manuals: Markdown, text, HTML, DOCX or PDF.")
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the revised drafts and the reports.")
    ],
    model: ModelOption = None,
    api_base: ApiBaseOption = None,
    concurrency: Annotated[
        int | None,
        typer.Option(
            min=1, max=64, help="Model calls in flight at once (default: BATCH_CONCURRENCY)."
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Print what would be drafted and the tokens and cost; store nothing."
        ),
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Draft the rules that failed before, too.")
    ] = False,
    json_mode: JsonFlag = False,
) -> None:
    """Rewrite whole manuals: draft every restrictive rule, queue the drafts for review, and
    write a revised draft and a report per manual. Run the same command again to resume."""
    if out.exists() and not out.is_dir():
        raise PolicyRewriterError(f"--out {out} is a file; give a folder")
    inputs = [(path.name, _read(path)) for path in files]
    with services(json_mode) as root:
        found = root.batches.files(inputs)
        if dry_run:
            estimate = root.batches.estimate(found, model=model, retry_failed=retry_failed)
            if json_mode:
                return _dump(estimate)
            return _print_estimate(estimate)
        info = root.batches.create(
            found, model=model, api_base=api_base, concurrency=concurrency, origin="cli"
        )
        if info.state != "queued" and not json_mode:
            done = info.counts.drafted + info.counts.failed
            err.print(
                f"Resuming batch {info.id} ({info.state}): {done} of {info.counts.to_draft} "
                "rules done before; nothing done is drafted again.",
                highlight=False,
            )
        try:
            info = root.batches.run(
                info.id,
                retry_failed=retry_failed,
                concurrency=concurrency,
                on_phase=_freeze_before_drafting,
            )
        except KeyboardInterrupt:
            err.print("Stopped. Run the same command again to continue where it stopped.")
            sys.exit(130)
        written = _write_outputs(out, root.batches.outputs(info.id))
    if json_mode:
        _dump({"batch": info.model_dump(mode="json"), "files": [str(p) for p in written]})
    else:
        _print_batch(info, written)
    if info.counts.failed:
        sys.exit(EXIT_SOME_FAILED)


def _write_outputs(folder: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    """Each file written whole (to a temporary name, then renamed), never half."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files:
        target = folder / name
        partial = target.with_name(f".{name}.partial")
        partial.write_bytes(content)
        os.replace(partial, target)
        written.append(target)
    return written


def _print_estimate(estimate: Any) -> None:
    table = Table("file", "rules", "restrictive", "to draft", "prompt tokens", "completion tokens")
    for m in estimate.manuals:
        table.add_row(
            m.file,
            str(m.rules),
            str(m.restrictive),
            str(m.to_draft),
            f"{m.prompt_tokens:,}",
            f"~{m.completion_tokens:,}",
        )
    out.print(table)
    cost = (
        f"about ${estimate.cost:.4f}"
        if estimate.cost is not None
        else "unknown (litellm has no price for this model)"
    )
    resumed = f" (resuming batch {estimate.batch})" if estimate.batch else ""
    out.print(
        f"Dry run{resumed}: {estimate.to_draft} rules would be drafted with {estimate.model}: "
        f"{estimate.prompt_tokens:,} prompt tokens, about {estimate.completion_tokens:,} "
        f"completion tokens; cost {cost}. Re-asks and retries come on top. Nothing was stored.",
        highlight=False,
    )


def _print_batch(info: Any, written: list[Path]) -> None:
    table = Table("manual", "rules", "drafted", "ready", "blocked", "failed", "skipped")
    for m in info.manuals:
        c = m.counts
        table.add_row(
            m.manual,
            str(c.rules),
            str(c.drafted),
            str(c.ready),
            str(c.blocked),
            str(c.failed),
            str(c.skipped),
        )
    out.print(table)
    usage = info.usage
    cost = f"${usage.cost:.4f}" if usage.cost is not None else "not priced"
    out.print(
        f"Batch {info.id} {info.state}: {usage.model_calls} model calls, "
        f"{usage.prompt_tokens:,} prompt and {usage.completion_tokens:,} completion tokens, "
        f"cost {cost}.",
        highlight=False,
    )
    for path in written:
        out.print(f"  wrote {path}", highlight=False)
    if info.counts.failed:
        out.print(
            f"[red]{info.counts.failed} rules failed[/] (see the reports); run the same command "
            "with --retry-failed to retry only those.",
            highlight=False,
        )
    out.print(
        "The drafts wait in the review queue: run `policy-rewriter serve` and open /review.",
        highlight=False,
    )


@app.command("worker")
def worker(
    poll: Annotated[
        float, typer.Option(min=0.1, max=60, help="Seconds between looks when idle.")
    ] = 1.0,
    until_idle: Annotated[
        bool, typer.Option("--until-idle", help="Stop when no batch is left to work on.")
    ] = False,
) -> None:
    """Run the web app's batches with other workers (PostgreSQL; the servers set
    POLICY_REWRITER_BATCH_WORKERS=true): each rule is claimed by one worker and drafted once;
    a dead worker's rules are taken over. Ctrl-C or SIGTERM stops after the calls in flight."""
    import signal
    import threading

    stopping = threading.Event()

    def stop(_signum: int, _frame: Any) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with services(True) as root:
        drafted = root.batches.work(
            poll=poll,
            until_idle=until_idle,
            stop=stopping.is_set,
            on_event=lambda message: err.print(message, highlight=False),
        )
    err.print(f"worker {os.getpid()} stopped; it drafted {drafted} rules", highlight=False)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[
        int,
        typer.Option(min=1, max=64, help="Server processes, each serving every route (uvicorn)."),
    ] = 1,
) -> None:
    """Run the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from service.web.app import create_app
    from service.web.hardening import is_loopback, unsafe_to_serve

    settings = _settings()
    if not is_loopback(host):
        with services() as root:
            problems = unsafe_to_serve(settings, host, root.people.users())
        if problems:
            err.print(f"[red]Refusing to serve on {host}[/], an interface others can reach:")
            for problem in problems:
                err.print(f"  - {problem}", highlight=False)
            err.print("Fix these, or serve on 127.0.0.1 behind a reverse proxy.")
            raise typer.Exit(2)
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port)
        return
    # Each worker process builds its app from the environment: hand it the data folder.
    os.environ["POLICY_REWRITER_DATA_DIR"] = str(settings.data_dir.resolve())
    uvicorn.run(
        "service.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # A worker answers health checks only between its imports' C parts: on a busy
        # machine the default 5 s has it killed and restarted before it ever starts.
        timeout_worker_healthcheck=60,
    )


@eval_app.callback(invoke_without_command=True)
def evaluate(
    ctx: typer.Context,
    dataset: Annotated[
        list[str] | None,
        typer.Option(help="A dataset name under evaluations/datasets, or a folder; repeatable."),
    ] = None,
    model: Annotated[str, typer.Option(help="The drafting model (litellm string).")] = "builtin",
    api_base: Annotated[
        str | None, typer.Option(help="URL of an OpenAI-compatible server for the model.")
    ] = None,
    judge: Annotated[
        str | None, typer.Option(help="A litellm model that scores every draft (optional).")
    ] = None,
    judge_api_base: Annotated[
        str | None, typer.Option(help="URL of an OpenAI-compatible server for the judge.")
    ] = None,
    terms: Annotated[
        Path | None,
        typer.Option(help="Terms of Service sentences with unfair-clause tags (JSON Lines)."),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Where the JSON and HTML results are written.")
    ] = None,
    json_mode: JsonFlag = False,
) -> None:
    """Run the product on labelled datasets and print every figure with its 95 % interval."""
    if ctx.invoked_subcommand is not None:
        return
    from service.evaluation import paths
    from service.evaluation.datasets import load_dataset, resolve
    from service.evaluation.report import print_table, save_result
    from service.evaluation.run import evaluate as run_evaluation

    root = paths.datasets_root()
    folders = [resolve(d, root) for d in dataset] if dataset else paths.all_datasets(root)
    chosen = [load_dataset(folder) for folder in folders]
    say = (lambda _m: None) if json_mode else (lambda m: err.print(m, highlight=False))
    result = run_evaluation(
        chosen,
        settings=_settings(),
        model=model,
        api_base=api_base,
        judge=judge,
        judge_api_base=judge_api_base,
        terms_path=terms if terms is not None else paths.default_terms(),
        say=say,
    )
    json_path, html_path = save_result(result, out_dir or paths.results_dir())
    if json_mode:
        sys.stdout.write(result.model_dump_json(indent=1) + "\n")
    else:
        print_table(result, Console(width=max(out.width, 150)))
    err.print(f"saved {json_path} and {html_path}", highlight=False)


@eval_app.command("compare")
def evaluate_compare(
    run_a: Annotated[Path, typer.Argument(help="An earlier result (JSON).")],
    run_b: Annotated[Path, typer.Argument(help="A later result (JSON).")],
    json_mode: JsonFlag = False,
) -> None:
    """Each overall figure of two runs, its change, and whether the intervals overlap."""
    from service.evaluation.report import compare
    from service.evaluation.run import load_result

    console = Console(file=sys.stderr) if json_mode else Console(width=max(out.width, 150))
    rows = compare(load_result(run_a), load_result(run_b), console)
    if json_mode:
        _dump(
            [
                {k: (v.model_dump() if isinstance(v, BaseModel) else v) for k, v in r.items()}
                for r in rows
            ]
        )


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise PolicyRewriterError(f"{path}: no such file")
    return path.read_bytes()


def main() -> None:
    configure_process(local_models=LOCAL_MODELS)
    try:
        app()
    except PolicyRewriterError as exc:
        err.print(f"[red]error:[/] {exc.message}", highlight=False)
        sys.exit(1)
