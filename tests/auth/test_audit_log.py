"""The administrators' audit page: who, what, when, before -> after with field labels, filtered (issue 12)."""
from ..ledger.test_ledger import form


def test_admin_lists_and_filters_the_audit_log(client, county, login):
    login("east")
    client.post("/g/children/new", data=form(county))
    client.post("/g/children/1/edit", data=form(county, name="李小花"))
    client.post("/password", data={"current": "correct-horse-1", "new": "another-pass-77", "confirm": "another-pass-77"})
    assert client.get("/admin/audit/").status_code == 403
    login("admin")
    page = client.get("/admin/audit/").get_data(as_text=True)
    assert "姓名: 李小红 → 李小花" in page and "修改了密码" in page and "east" in page
    only_updates = client.get("/admin/audit/?entity=beneficiary&action=update").get_data(as_text=True)
    assert "李小花" in only_updates and "修改了密码" not in only_updates.split("<table")[1]
    assert "李小红" not in client.get("/admin/audit/?user=admin").get_data(as_text=True).split("<table")[1]
