"""Security headers on every response, and no start in production without a secret key (issue 12)."""
import pytest

from portal import create_app


def test_every_response_carries_the_security_headers(client, county, login):
    for response in (client.get("/login"), client.get("/no/such/page")):
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Server"] == "guanai"


def test_templates_have_no_inline_script():
    import pathlib
    import re
    root = pathlib.Path(__file__).resolve().parents[2]
    for page in [*root.glob("portal/**/templates/**/*.html"), *root.glob("plugins/**/templates/**/*.html")]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), page
        assert not re.search(r"\son[a-z]+=|style=", text), page


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("GUANAI_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    monkeypatch.setenv("SECRET_KEY", "a" * 64)
    assert create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"}).config["SECRET_KEY"] == "a" * 64
