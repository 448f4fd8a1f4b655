"""The admin creates users and assigns roles, groups and places; passwords never reach the audit log."""
from sqlalchemy import select

from portal.auth.models import User
from portal.core.audit import AuditEntry
from portal.extensions import db


def user_form(county, **changes):
    data = {"username": "newcoord", "display_name": "新协调员", "role": "coordinator", "place_id": county["east"].id,
            "group": "", "active": "y", "password": "a-good-password"}
    data.update(changes)
    return data


def test_admin_creates_a_coordinator_who_can_sign_in(client, county, login):
    login("admin")
    assert client.post("/admin/users/new", data=user_form(county)).status_code == 302
    user = db.session.execute(select(User).filter_by(username="newcoord")).scalar_one()
    assert (user.role, user.place_id, user.group) == ("coordinator", county["east"].id, None)
    entry = db.session.execute(select(AuditEntry).where(AuditEntry.entity == "user")).scalar_one()
    assert "password_hash" not in entry.after and entry.after["username"] == "newcoord"
    client.post("/logout")
    assert login("newcoord", "a-good-password").status_code == 302


def test_user_form_names_each_problem_and_writes_nothing(client, county, login):
    login("admin")
    cases = [
        (user_form(county, role="staff", group=""), "群体工作人员须指定群体"),
        (user_form(county, place_id=0), "协调员和群体工作人员须指定管辖范围"),
        (user_form(county, username="admin"), "该用户名已被使用"),
        (user_form(county, username="has space"), "请使用字母、数字、点、横线或下划线"),
        (user_form(county, password=""), "新用户须设置密码"),
        (user_form(county, password="short"), "10"),
    ]
    for data, message in cases:
        page = client.post("/admin/users/new", data=data)
        assert page.status_code == 200 and message in page.get_data(as_text=True), message
    assert db.session.execute(select(User).filter_by(username="newcoord")).scalar_one_or_none() is None


def test_staff_get_a_group_and_only_staff_keep_one(client, county, login):
    login("admin")
    client.post("/admin/users/new", data=user_form(county, username="kidstaff", role="staff", group="children"))
    staff = db.session.execute(select(User).filter_by(username="kidstaff")).scalar_one()
    assert staff.group == "children"
    client.post(f"/admin/users/{staff.id}", data=user_form(county, username="kidstaff", role="coordinator",
                                                           group="children", password=""))
    db.session.refresh(staff)
    assert (staff.role, staff.group) == ("coordinator", None)
    assert staff.check_password("a-good-password")  # an empty password field keeps the old one


def test_deactivated_user_cannot_sign_in(client, county, login):
    user = county["users"]["east"]
    login("admin")
    client.post(f"/admin/users/{user.id}", data=user_form(county, username="east", active="", password=""))
    client.post("/logout")
    assert login("east").status_code == 200
