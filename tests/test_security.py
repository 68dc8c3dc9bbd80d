"""Security: disabling users and revoking tokens (CLI and API, at once), hostile uploads,
sign-in rate limits, security headers, and refusing to serve others with default secrets."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from typer.testing import CliRunner

from service.cli import app as cli
from service.core.domain import User
from service.core.settings import Settings
from service.ingest.uploads import safe_name
from service.stages.root import Root
from service.store.models import UserRow
from service.web.app import create_app
from service.web.hardening import LoginLimiter, unsafe_to_serve
from tests.html import csrf_of

RUNNER = CliRunner()
MANUAL = b"# Shop\n\n## Returns\n\n2.3 Refunds are given only as store credit.\n\n2.4 We reply within a week.\n"
PASSWORD = "a-long-password"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def web(root: Root) -> Iterator[TestClient]:
    with TestClient(create_app(root=root)) as client:
        yield client


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> int:
    csrf = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"name": name, "password": password, "csrf": csrf, "next": "/review"},
        follow_redirects=False,
    )
    return answer.status_code


# --- users and tokens -----------------------------------------------------------------------


def test_cli_disable_revoke_and_rotate_take_effect_at_once(root: Root, settings: Settings) -> None:
    token = root.people.add_user("rita", ["reviewer"], password=PASSWORD).token
    data = ["--data-dir", str(settings.data_dir)]
    with TestClient(create_app(root=root)) as client:
        assert client.get("/api/me", headers=bearer(token)).json()["name"] == "rita"

        # disabled from another process's CLI: refused on the very next request, and says why
        assert RUNNER.invoke(cli, [*data, "users", "disable", "rita"]).exit_code == 0
        refused = client.get("/api/me", headers=bearer(token))
        assert refused.status_code == 401
        assert "'rita' is disabled" in refused.json()["message"]
        assert RUNNER.invoke(cli, [*data, "users", "enable", "rita"]).exit_code == 0
        assert client.get("/api/me", headers=bearer(token)).status_code == 200

        # tokens are listed by id and label, never with their secret
        second = RUNNER.invoke(cli, [*data, "users", "token", "rita", "--label", "laptop"])
        laptop = re.search(r"prw_\S+", second.output)
        assert laptop is not None
        listed = RUNNER.invoke(cli, [*data, "users", "tokens", "rita", "--json"])
        assert listed.exit_code == 0 and "prw_" not in listed.output
        assert (
            token not in listed.output
            and hashlib.sha256(token.encode()).hexdigest() not in listed.output
        )
        assert [t.label for t in root.people.tokens("rita")] == [
            "created with the user",
            "laptop",
        ]

        # revoked by label: that token is refused as revoked, the other still works
        revoked = RUNNER.invoke(cli, [*data, "users", "revoke", "laptop"])
        assert revoked.exit_code == 0, revoked.output
        gone = client.get("/api/me", headers=bearer(laptop.group(0)))
        assert gone.status_code == 401 and "was revoked" in gone.json()["message"]
        assert client.get("/api/me", headers=bearer(token)).status_code == 200

        # rotated: every old token revoked, the new one works
        rotated = RUNNER.invoke(cli, [*data, "users", "rotate", "rita"])
        new = re.search(r"prw_\S+", rotated.output)
        assert rotated.exit_code == 0 and new is not None
        assert "was revoked" in client.get("/api/me", headers=bearer(token)).json()["message"]
        assert client.get("/api/me", headers=bearer(new.group(0))).json()["name"] == "rita"

        unknown = client.get("/api/me", headers=bearer("prw_never-issued"))
        assert unknown.status_code == 401 and "not known" in unknown.json()["message"]
    missing = RUNNER.invoke(cli, [*data, "users", "revoke", "999"])
    assert "no API token with id 999" in str(missing.exception)


def test_admin_api_disables_users_and_revokes_tokens(root: Root, web: TestClient) -> None:
    admin = root.people.add_user("ada", ["admin"]).token
    rita = root.people.add_user("rita", ["reviewer"], password=PASSWORD).token

    assert web.post("/api/users/ada/disable", headers=bearer(rita)).status_code == 403
    assert web.get("/api/tokens", headers=bearer(rita)).status_code == 403

    # rita signs in with the form; disabling her ends that session on its next request
    assert sign_in(web, "rita") == 303
    assert web.get("/review", follow_redirects=False).status_code == 200
    disabled = web.post("/api/users/rita/disable", headers=bearer(admin))
    assert disabled.status_code == 200 and disabled.json()["active"] is False
    page = web.get("/review", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert web.get("/api/me", headers=bearer(rita)).status_code == 401
    assert sign_in(web, "rita") == 401  # nor can she sign in again
    web.cookies.clear()
    assert web.post("/api/users/rita/enable", headers=bearer(admin)).status_code == 200
    assert web.post("/api/users/ada/disable", headers=bearer(admin)).status_code == 409
    assert web.post("/api/users/ada/rotate", headers=bearer(admin)).status_code == 409
    own = root.people.tokens("ada")[0].id
    assert web.post(f"/api/tokens/{own}/revoke", headers=bearer(admin)).status_code == 409
    assert web.get("/api/me", headers=bearer(admin)).status_code == 200

    tokens = web.get("/api/tokens", params={"user": "rita"}, headers=bearer(admin))
    assert tokens.status_code == 200
    assert set(tokens.json()[0]) == {
        "id", "user", "label", "created_at", "last_used_at", "revoked_at", "revoked_by"
    }  # fmt: skip
    assert rita not in tokens.text
    token_id = tokens.json()[0]["id"]
    revoked = web.post(f"/api/tokens/{token_id}/revoke", headers=bearer(admin))
    assert revoked.status_code == 200 and revoked.json()["revoked_by"] == "ada"
    refused = web.get("/api/me", headers=bearer(rita))
    assert (
        refused.status_code == 401 and f"(id {token_id}) was revoked" in refused.json()["message"]
    )
    assert refused.headers["www-authenticate"] == "Bearer"

    rotated = web.post("/api/users/rita/rotate", headers=bearer(admin))
    assert rotated.status_code == 200
    assert web.get("/api/me", headers=bearer(rotated.json()["token"])).status_code == 200
    assert web.post("/api/tokens/99999/revoke", headers=bearer(admin)).status_code == 404
    assert web.post(f"/api/tokens/{2**40}/revoke", headers=bearer(admin)).status_code == 422


def test_a_stale_session_cookie_is_told_so_by_the_api(root: Root, web: TestClient) -> None:
    root.people.add_user("rita", ["reviewer"], password=PASSWORD)
    assert sign_in(web, "rita") == 303
    assert web.get("/api/me").status_code == 200
    # disabled by a plain write (as another process's older code might): the stored session
    # is still there, and is refused because its user is disabled
    with root.db.session() as session:
        session.execute(update(UserRow).where(UserRow.name == "rita").values(active=False))
    assert web.get("/review", follow_redirects=False).status_code == 303
    stale = web.get("/api/me")
    assert (
        stale.status_code == 401 and "session cookie is no longer valid" in stale.json()["message"]
    )


# --- uploads --------------------------------------------------------------------------------


def word_file(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def repacked(data: bytes, change: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """The Word package `data` with some parts replaced and others added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            target.writestr(entry.filename, change.get(entry.filename, source.read(entry)))
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>2.3 Refunds &lol3;</w:t></w:r></w:p></w:body></w:document>"
)
EXTERNAL = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>2.3 Refunds &secret;</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.fixture
def owner(root: Root, web: TestClient) -> TestClient:
    web.headers.update(bearer(root.people.add_user("olive", ["owner"]).token))
    return web


def test_hostile_word_files_are_refused_with_a_clear_error(root: Root, owner: TestClient) -> None:
    good = word_file(["2.3 Refunds are given only as store credit.", "2.4 We reply within a week."])
    assert owner.post("/api/manuals", files={"file": ("ok.docx", good)}).status_code == 201

    def upload(data: bytes, name: str = "hostile.docx") -> tuple[int, dict[str, str]]:
        answer = owner.post("/api/manuals", files={"file": (name, data)})
        return answer.status_code, answer.json()

    status, body = upload(repacked(good, {"word/document.xml": LAUGHS}))
    assert status == 422 and "declares a DTD or XML entities" in body["message"]
    assert "word/document.xml" in body["message"]
    status, body = upload(repacked(good, {"word/document.xml": EXTERNAL}))
    assert status == 422 and "declares a DTD or XML entities" in body["message"]

    # a zip bomb: 20 MB of zeros packs into about 20 KB
    bomb = repacked(good, {}, {"word/media/bomb.bin": b"\0" * 20_000_000})
    assert len(bomb) < 1_000_000
    status, body = upload(bomb)
    assert status == 413 and body["error"] == "too_large" and "zip bomb" in body["message"]
    many = repacked(good, {}, {f"word/media/{i}.xml": b"<a/>" for i in range(2100)})
    status, body = upload(many)
    assert status == 413 and "2,1" in body["message"] and "zip bomb" in body["message"]

    # the type is read from the content: a PDF or an image is no Word file or text file
    status, body = upload(b"%PDF-1.7\n" + b"0" * 200, "manual.docx")
    assert status == 422 and "its content is a PDF" in body["message"]
    status, body = upload(good, "manual.md")
    assert status == 422 and "zip package" in body["message"]
    status, body = upload(b"\x89PNG\r\n\x1a\n" + b"x" * 100, "manual.md")
    assert status == 422 and "a PNG image" in body["message"]
    complaints = owner.post("/api/complaints", files={"file": ("c.csv", good)})
    assert complaints.status_code == 422 and "zip package" in complaints.json()["message"]

    # nothing was stored from any of them
    assert [m.manual for m in root.library.manuals()] == ["ok"]


def test_entities_in_an_html_manual_are_never_expanded(root: Root, owner: TestClient) -> None:
    laughs = "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 9)
    )  # 10**8 characters if expanded
    page = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY l0 "lol">{laughs}'
        '<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        "<html><body><p>2.3 Refunds &l8; &secret;</p><p>2.4 We reply within a week.</p></body></html>"
    )
    stored = owner.post("/api/manuals", files={"file": ("site.html", page.encode())})
    assert stored.status_code == 201, stored.text
    texts = [r.text for r in root.library.rules()]
    assert max(len(t) for t in texts) < 200 and not any("root:" in t for t in texts)


def test_the_batch_form_refuses_a_zip_bomb_too(root: Root, owner: TestClient) -> None:
    good = word_file(["2.3 Refunds are given only as store credit."])
    bomb = repacked(good, {}, {"word/media/bomb.bin": b"\0" * 20_000_000})
    answer = owner.post("/api/batches", files=[("files", ("legacy.docx", bomb))])
    assert answer.status_code == 413 and "zip bomb" in answer.json()["message"]
    assert root.batches.recent() == [] and root.library.manuals() == []


def test_upload_size_limit_is_a_413(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", max_file_bytes=100, _env_file=None)  # type: ignore[call-arg]
    small = Root(settings=settings)
    try:
        token = small.people.add_user("olive", ["owner"]).token
        with TestClient(create_app(root=small), headers=bearer(token)) as client:
            answer = client.post("/api/manuals", files={"file": ("big.md", MANUAL * 10)})
    finally:
        small.close()
    assert answer.status_code == 413 and "over the limit of 100 bytes" in answer.json()["message"]


def test_uploaded_names_are_stored_safely(root: Root, owner: TestClient) -> None:
    stored = owner.post("/api/manuals", files={"file": ("../../etc/cron.d/x<Shop>.md", MANUAL)})
    assert stored.status_code == 201, stored.text
    info = root.library.manuals()[0]
    assert info.filename == "x_Shop_.md" and info.manual == "x-shop"
    assert safe_name("..\\..\\windows\\evil.md") == "evil.md"
    assert safe_name("..") == "upload" and safe_name("") == "upload"
    assert safe_name('a"b<c>.md') == "a_b_c_.md" and safe_name("x\r\nShop.md") == "x__Shop.md"
    assert len(safe_name("x" * 500 + ".docx")) == 120 and safe_name("x" * 500 + ".docx").endswith(
        ".docx"
    )


# --- sign-in rate limits --------------------------------------------------------------------


def test_sign_in_is_rate_limited_per_account(root: Root, web: TestClient) -> None:
    root.people.add_user("rita", ["reviewer"], password=PASSWORD)
    for _ in range(5):
        assert sign_in(web, "rita", "wrong-password") == 401
    limited_csrf = csrf_of(web.get("/login").text)
    limited = web.post(
        "/login",
        data={"name": "rita", "password": PASSWORD, "csrf": limited_csrf, "next": "/review"},
        follow_redirects=False,
    )
    assert limited.status_code == 429  # even the right password waits
    assert 0 < int(limited.headers["retry-after"]) <= 300
    assert "Too many sign-in attempts" in limited.text
    assert "prw_session" not in limited.cookies


def test_sign_in_is_rate_limited_per_address(root: Root, web: TestClient) -> None:
    root.people.add_user("rita", ["reviewer"], password=PASSWORD)
    web.app.state.login_limiter = LoginLimiter(per_address=4)  # type: ignore[attr-defined]
    for i in range(4):
        assert sign_in(web, f"guess{i}", "wrong-password") == 401
    assert sign_in(web, "rita") == 429  # another account, the same address


def test_the_limit_lifts_after_its_window_and_a_success_clears_failures() -> None:
    now = [0.0]
    limiter = LoginLimiter(per_account=3, account_seconds=60, per_address=100, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.retry_after("Rita", "10.0.0.1") == 0
        limiter.attempted("rita", "10.0.0.1", succeeded=False)
    assert limiter.retry_after(" RITA ", "10.0.0.2") == 60  # per account, whatever the address
    now[0] = 30.5
    assert limiter.retry_after("rita", "10.0.0.2") == 30
    now[0] = 60.5
    assert limiter.retry_after("rita", "10.0.0.2") == 0
    limiter.attempted("rita", "10.0.0.2", succeeded=False)
    limiter.attempted("rita", "10.0.0.2", succeeded=True)
    limiter.attempted("rita", "10.0.0.2", succeeded=False)
    limiter.attempted("rita", "10.0.0.2", succeeded=False)
    assert limiter.retry_after("rita", "10.0.0.2") == 0


# --- headers --------------------------------------------------------------------------------


def csp_of(headers: dict[str, str] | object) -> dict[str, str]:
    policy = headers["content-security-policy"]  # type: ignore[index]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[-1] for part in policy.split("; ")}


def test_every_response_carries_the_security_headers(root: Root, web: TestClient) -> None:
    token = root.people.add_user("olive", ["owner", "reviewer"]).token
    for answer in [
        web.get("/login"),
        web.get("/api/health"),
        web.get("/api/me"),  # an error too
        web.get("/static/app.css"),
        web.get("/api/manuals", headers=bearer(token)),
    ]:
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "same-origin"
        policy = csp_of(answer.headers)
        assert policy["frame-ancestors"] == "'none'"
        assert policy["script-src"] == "'self'" and policy["object-src"] == "'none'"
        assert "unsafe-inline" not in answer.headers["content-security-policy"]
    docs = web.get("/docs")
    assert docs.status_code == 200 and csp_of(docs.headers)["frame-ancestors"] == "'none'"


def test_the_html_export_keeps_its_inline_style_within_the_policy(
    root: Root, web: TestClient
) -> None:
    token = root.people.add_user("olive", ["owner", "reviewer"]).token
    assert (
        web.post(
            "/api/manuals", files={"file": ("shop.md", MANUAL)}, headers=bearer(token)
        ).status_code
        == 201
    )
    export = web.get("/api/manuals/shop/export", params={"format": "html"}, headers=bearer(token))
    assert export.status_code == 200
    styles = re.findall(r"<style>(.*?)</style>", export.text, re.S)
    assert styles
    allowed = csp_of(export.headers)["style-src"].split()
    for style in styles:
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed
    assert not re.search(r"<script|\son\w+=|\sstyle=", export.text)


# --- refusing to start ----------------------------------------------------------------------


def test_serve_refuses_a_public_interface_with_default_secrets(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    assert (
        RUNNER.invoke(cli, [*data, "users", "add", "demo-reviewer", "--role", "reviewer"]).exit_code
        == 0
    )
    refused = RUNNER.invoke(cli, [*data, "serve", "--host", "192.0.2.1", "--port", "9"])
    assert refused.exit_code == 2
    assert "Refusing to serve on 192.0.2.1" in refused.output
    assert "policy-rewriter users disable demo-reviewer" in refused.output


def test_which_secrets_block_a_public_interface(tmp_path: Path) -> None:
    local = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    demo = [User(id=1, name="demo-reviewer", roles=["reviewer"])]
    assert unsafe_to_serve(local, "127.0.0.1", demo) == []
    assert unsafe_to_serve(local, "::1", demo) == []
    assert unsafe_to_serve(local, "0.0.0.0", [demo[0].model_copy(update={"active": False})]) == []
    assert len(unsafe_to_serve(local, "0.0.0.0", demo)) == 1

    def database(url: str) -> list[str]:
        settings = Settings(data_dir=tmp_path, database_url=url, _env_file=None)  # type: ignore[call-arg]
        return unsafe_to_serve(settings, "192.168.1.5", [])

    assert "POLICY_REWRITER_DATABASE_URL" in database("postgresql://app@db.internal/policies")[0]
    assert "default password" in database("postgresql://postgres:postgres@10.0.0.9/p")[0]
    assert database("postgresql://app:k7Qe9-long-secret@db.internal/policies") == []
    assert database("postgresql://postgres@127.0.0.1/p") == []  # a database on this machine


def pdf_with_stream(content: bytes) -> bytes:
    """A one-page PDF whose page content is `content`, Flate-compressed, with a right xref."""
    packed = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_a_pdf_bomb_is_refused_before_it_is_unpacked(root: Root, owner: TestClient) -> None:
    text = b"BT /F1 12 Tf 72 700 Td (2.3 Refunds are given only as store credit.) Tj ET"
    answer = owner.post("/api/manuals", files={"file": ("ok.pdf", pdf_with_stream(text))})
    assert answer.status_code == 201, answer.text
    # 300 MB of spaces after the text pack into about 300 KB
    bomb = pdf_with_stream(text + b" " * 300_000_000)
    assert len(bomb) < 1_000_000
    answer = owner.post("/api/manuals", files={"file": ("bomb.pdf", bomb)})
    assert answer.status_code == 413
    assert answer.json()["error"] == "too_large" and "PDF bomb" in answer.json()["message"]
    assert [m.manual for m in root.library.manuals()] == ["ok"]
