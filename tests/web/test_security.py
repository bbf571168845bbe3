"""Step 3 and 5: sign-in, hashing, throttling, cookies, CSRF, headers, errors without a
traceback, settings with safe defaults, /health."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import ROOT

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def walker(areas: Any) -> Any:
    from bettercare.web.people import make_user

    return make_user("walker", PASSWORD, "lead", [areas["riverton"]])


def test_passwords_are_hashed_with_argon2(walker: Any) -> None:
    assert walker.password.startswith("argon2$")
    assert walker.check_password(PASSWORD)


def test_sign_in_sets_httponly_samesite_cookies(walker: Any) -> None:
    from django.test import Client

    client = Client()
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    response = client.post("/accounts/login/", {"username": "walker", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/plans/"
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert page.cookies["csrftoken"]["httponly"] and page.cookies["csrftoken"]["samesite"] == "Lax"
    assert client.get("/plans/").status_code == 200


def test_failed_sign_ins_are_throttled(walker: Any) -> None:
    from django.test import Client

    client = Client()
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "walker", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    fifth = client.post("/accounts/login/", {"username": "walker", "password": "wrong"})
    assert fifth.status_code == 429
    locked = client.post("/accounts/login/", {"username": "walker", "password": PASSWORD})
    assert locked.status_code in (403, 429)
    assert "sessionid" not in locked.cookies
    assert client.get("/plans/").status_code == 302  # still not signed in


def test_csrf_is_enforced_on_forms_and_the_api(client_for: Any, people: Any, riverton: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["assurer"])
    data = {"pointer": "/date_submitted", "value": "2014-09-20", "reason": "x", "seq": 0}
    page = client.post(f"/versions/{riverton.pk}/correct", data)
    assert page.status_code == 403 and b"Not allowed" in page.content
    api = client.post(
        f"/api/versions/{riverton.pk}/corrections",
        json.dumps(data),
        content_type="application/json",
    )
    assert api.status_code == 403
    riverton.refresh_from_db()
    assert not riverton.corrections.exists()


def test_security_headers(client_for: Any) -> None:
    response = client_for(None).get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert b"<script>" not in response.content  # no inline script on any page
    assert b"style=" not in response.content  # nor inline style (CSP style-src 'self')


def test_an_error_shows_a_page_never_a_traceback(
    client_for: Any, riverton: Any, monkeypatch: Any
) -> None:
    from django.conf import settings

    from bettercare.web import plan_page

    def broken(version: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(plan_page, "build", broken)
    client = client_for("lead")
    client.raise_request_exception = False
    response = client.get(f"/versions/{riverton.pk}/")
    assert settings.DEBUG is False
    assert response.status_code == 500
    assert b"Sorry, there is a problem" in response.content
    assert b"Traceback" not in response.content and b"secret internals" not in response.content


def test_health(client_for: Any) -> None:
    response = client_for(None).get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def _settings(tmp_path: Path, **env: str) -> dict[str, Any]:
    """The settings module as a fresh process sees them with this environment."""
    code = (
        "import json, bettercare.web.settings as s; print(json.dumps({k: str(getattr(s, k, None)) "
        "for k in ['DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECRET_KEY', "
        "'SECURE_HSTS_SECONDS']} | {'db': s.DATABASES['default']['ENGINE']}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BETTERCARE_", "DATABASE"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "PYTHONPATH": str(ROOT / "src"), "BETTERCARE_DATA": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_settings_default_safe_and_secret_key_kept(tmp_path: Path) -> None:
    first = _settings(tmp_path)
    assert first["DEBUG"] == "False" and first["SESSION_COOKIE_SECURE"] == "False"
    assert first["db"].endswith("sqlite3")
    key = tmp_path / "secret_key"
    assert key.read_text().strip() == first["SECRET_KEY"] and len(first["SECRET_KEY"]) > 40
    assert key.stat().st_mode & 0o077 == 0  # only the owner may read it
    assert _settings(tmp_path)["SECRET_KEY"] == first["SECRET_KEY"]  # kept, not regenerated
    behind_tls = _settings(tmp_path, BETTERCARE_TLS="1")
    assert behind_tls["SESSION_COOKIE_SECURE"] == "True" == behind_tls["CSRF_COOKIE_SECURE"]
    assert behind_tls["SECURE_HSTS_SECONDS"] == "31536000"
    postgres = _settings(tmp_path, DATABASE_URL="postgres://u:p@127.0.0.1:5/db")
    assert postgres["db"].endswith("postgresql")
