"""A letter "to the parents away" never goes to an orphan's parents: seed 004 (二(一) 1: 孤儿 "失去父母或查找不到生父母";
2: 事实无人抚养儿童, parents dead, missing, in prison, ...). It goes to the guardian the ledger names instead, or the
child is listed, with the reason, as having nobody to tell; the printed letter (A4, and as a PDF) names the child,
the guardian and the village (issue 30)."""
import subprocess
from datetime import date

import pytest
from sqlalchemy import select

from plugins.children.models import ChildProfile
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.outreach.models import OutreachDelivery, OutreachMessage
from portal.outreach.service import compose, send


def _child(county, name, category=None, **profile):
    person = Beneficiary(group="children", name=name, gender="F", birth_date=date(2014, 5, 1),
                         place_id=county["v_east"].id, address="东村3组12号", category=category)
    db.session.add(person)
    db.session.flush()
    db.session.add(ChildProfile(beneficiary_id=person.id, **profile))
    return person


@pytest.fixture
def kids(county):
    out = {"away": _child(county, "留守娃", "left_behind", parents_phone="13812345678", guardian_name="王奶奶",
                          guardian_phone="13900000001"),
           "orphan": _child(county, "孤儿娃", "orphan", father_status="deceased", mother_status="deceased",
                            parents_phone="13812340000", guardian_name="李爷爷", guardian_phone="13900000002"),
           "alone": _child(county, "无人娃", "unsupported", father_status="imprisoned", mother_status="missing"),
           "landline": _child(county, "座机娃", "orphan", father_status="deceased", mother_status="missing",
                              guardian_name="赵姑姑", guardian_phone="0731-1234567")}
    db.session.commit()
    return out


def _message(county):
    return compose(None, "children", "parents", county["v_east"], "致家长的一封信", "{name}的家长：寒假安全请注意。")


def test_an_orphans_letter_goes_to_the_guardian_or_nobody_with_the_reason(county, kids):
    m = _message(county)
    db.session.commit()
    rows = {d.beneficiary.name: d for d in m.deliveries}
    assert (rows["留守娃"].relation, rows["留守娃"].phone, rows["留守娃"].reason) == ("parents", "13812345678", "")
    assert rows["留守娃"].counts_as_contact
    orphan = rows["孤儿娃"]  # never the dead parents' old number
    assert (orphan.relation, orphan.name, orphan.phone, orphan.status) == ("guardian", "李爷爷", "13900000002", "pending")
    assert "孤儿" in orphan.reason and not orphan.counts_as_contact
    alone = rows["无人娃"]
    assert (alone.status, alone.phone) == ("no_family", "") and "事实无人抚养" in alone.reason
    landline = rows["座机娃"]   # the guardian has only a landline: a letter to the guardian, not to the parents
    assert (landline.relation, landline.status, landline.problem) == ("guardian", "no_number", "not_mobile")


def test_the_preview_lists_who_is_told_instead_and_who_nobody(client, login, county, kids):
    m = _message(county)
    db.session.commit()
    login("kids")
    page = client.get(f"/outreach/{m.id}").get_data(as_text=True)
    instead = page.split('id="told-instead"')[1].split("</ul>")[0]
    assert "孤儿娃" in instead and "李爷爷" in instead and "监护人" in instead and "孤儿" in instead
    assert "留守娃" not in instead
    nobody = page.split('id="nobody-to-tell"')[1].split("</ul>")[0]
    assert "无人娃" in nobody and "事实无人抚养儿童" in nobody


def test_sending_skips_the_child_with_nobody_and_texts_the_guardian(county, kids):
    from portal.hookspecs import hookimpl
    from portal.outreach.channels import SmsChannel
    from portal.plugin.manager import current_plugins

    class Counting(SmsChannel):
        def __init__(self):
            self.taken = []

        def send(self, phone, text, key):
            self.taken.append(phone)
            return "ok"

    channel = Counting()

    class Provider:
        @hookimpl
        def guanai_get_sms_channel(self):
            return channel

    current_plugins().pm.register(Provider(), name="test-sms")
    try:
        m = _message(county)
        counts = send(None, m)
    finally:
        current_plugins().pm.unregister(name="test-sms")
    assert sorted(channel.taken) == ["13812345678", "13900000002"]
    assert counts == {"sent": 2, "failed": 0, "to_print": 0, "skipped": 1}  # the landline's letter: no_number
    statuses = dict(db.session.execute(select(OutreachDelivery.beneficiary_id, OutreachDelivery.status)).all())
    assert statuses[kids["alone"].id] == "no_family"


def test_the_letters_pdf_names_the_child_the_guardian_and_the_village(client, login, county, kids, tmp_path):
    m = _message(county)
    send(None, m)   # no channel installed: every letter is to print
    db.session.commit()
    login("kids")
    reply = client.get(f"/outreach/{m.id}/letters?format=pdf")
    assert reply.status_code == 200 and reply.mimetype == "application/pdf"
    pdf = tmp_path / "letters.pdf"
    pdf.write_bytes(reply.data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout
    squeezed = "".join(text.split())
    for words in ("孤儿娃", "李爷爷", "东村", "东村3组12号", "寒假安全请注意", "赵姑姑"):
        assert words in squeezed, words
    assert "无人娃" not in squeezed                # nobody to write to: no letter
    assert squeezed.count("致家长的一封信") == 3   # one letter a page for the three families written to
