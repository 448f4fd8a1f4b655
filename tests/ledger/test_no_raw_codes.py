"""No raw codes on Chinese pages (issue 27): the history and the audit page show a category, a service, a
guardian's relation, a risk level and its time in words and local time; the bell needs no emoji font."""
import re
from datetime import datetime

from sqlalchemy import select

from portal.core.audit import record
from portal.extensions import db
from portal.ledger.models import Beneficiary

from ..factories import add_person, add_volunteer
from .test_ledger import form

RAW = ("left_behind", "hardship", "grandparent", "caring_pairing", "risk_since", "risk_level", "relative",
       "2026-12-06T18:00:00")


def test_history_and_audit_show_words_and_local_times(client, county, login):
    login("east")
    client.post("/g/children/new", data=form(county))
    person = db.session.execute(select(Beneficiary)).scalar_one()
    edited = form(county, category="hardship", services=["children.caring_pairing"], version=str(person.version),
                  **{"profile-guardian_relation": "relative"})
    assert client.post(f"/g/children/{person.id}/edit", data=edited).status_code == 302
    before = {"risk_level": "general", "risk_since": None}
    record(None, "update", "beneficiary", person.id, {**before, "group": "children"},
           {"risk_level": "high", "risk_since": datetime(2026, 12, 6, 18, 0).isoformat(), "group": "children"})
    db.session.commit()
    page = client.get(f"/g/children/{person.id}").get_data(as_text=True)
    history = page[page.index('class="history"') if 'class="history"' in page else 0:]
    assert "农村留守儿童" in history and "其他困境儿童" in history       # left_behind -> hardship
    assert "结对帮扶（爱心家庭）" in history                            # the service, by its name
    assert "祖父母/外祖父母" in history and "其他亲属" in history          # grandparent -> relative
    assert "2026-12-07 02:00" in history                              # risk_since in Beijing time
    for raw in RAW:
        assert raw not in history, raw
    login("admin")
    audit = client.get("/admin/audit/").get_data(as_text=True)
    for raw in RAW:
        assert raw not in audit.split("<table", 1)[1], raw


def test_the_bell_is_an_svg_icon_and_the_training_button_says_what_it_records(client, county, login):
    helper = add_volunteer(county, "安姐")
    login("east")
    page = client.get("/").get_data(as_text=True)
    assert "🔔" not in page and 'class="icon bell-icon"' in page
    helper_page = client.get(f"/reverify/helpers/{helper.id}").get_data(as_text=True)
    button = helper_page[helper_page.index('id="record-training"'):].split("</form>")[0]
    assert "登记日期" in button and "基本信息" not in button


def test_lists_sort_names_by_pinyin(client, county, login):
    """李 (li), 王 (wang), 张 (zhang), 赵 (zhao): in code point order 张 (5F20) comes before 李 (674E)."""
    for name in ("赵四", "张三", "王五", "李二", "阿大"):
        add_person("children", county["v_east"], name=name)
    login("east")
    names = ("阿大", "李二", "王五", "张三", "赵四")
    pages = [client.get(f"/g/children/?sort=name&page={n}").get_data(as_text=True) for n in (1, 2)]
    shown = [n for page in pages for n in re.findall(r'/g/children/\d+">([^<]+)</a>', page) if n in names]
    assert shown == list(names)
    backwards = client.get("/g/children/?sort=-name").get_data(as_text=True)
    assert [n for n in re.findall(r'/g/children/\d+">([^<]+)</a>', backwards) if n in names][0] == "赵四"
