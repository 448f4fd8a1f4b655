"""Signing in and out, throttling, password change, CSRF and the error pages."""
from portal import create_app
from portal.auth.models import LoginAttempt
from portal.extensions import db


def test_login_page_is_chinese_by_default(client, backend):
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page and 'lang="zh-CN"' in page


def test_english_can_be_chosen(client, backend):
    client.post("/lang/en", data={"next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in" in page and 'lang="en"' in page


def test_sign_in_and_out(client, county, login):
    response = login("coord")
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/").status_code == 200
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_beside_the_field(client, county, login):
    response = login("coord", "wrong")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.get_data(as_text=True)


def test_repeated_failures_throttle_even_the_right_password(client, county, login, app):
    for _ in range(app.config["GUANAI_LOGIN_MAX_FAILURES"]):
        login("coord", "wrong")
    response = login("coord")
    assert response.status_code == 429
    assert db.session.query(LoginAttempt).filter_by(success=True).count() == 0


def test_change_password(client, county, login):
    login("coord")
    bad = client.post("/password", data={"current": "nope", "new": "new-password-9", "confirm": "new-password-9"})
    assert "当前密码不正确" in bad.get_data(as_text=True)
    ok = client.post("/password", data={"current": "correct-horse-1", "new": "new-password-9",
                                        "confirm": "new-password-9"})
    assert ok.status_code == 302
    assert login("coord", "new-password-9").status_code == 302


def test_csrf_is_required_on_post(migrated, county):
    app = create_app({"SQLALCHEMY_DATABASE_URI": migrated, "SECRET_KEY": "t"})
    response = app.test_client().post("/login", data={"username": "coord", "password": "correct-horse-1"})
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)


def test_not_found_page(client, backend):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "页面不存在" in response.get_data(as_text=True)


def test_admin_pages_refuse_others(client, county, login):
    login("coord")
    assert client.get("/admin/users").status_code == 403
