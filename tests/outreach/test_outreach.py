"""Outreach to families who are not users (003: 致家长一封信, 群发短信; 001: monthly contact with the absent family):
numbers checked, families without one listed, SMS through the installed channel once each however often it is
retried, letters printed otherwise, and every family told announced to the listeners (a duties feature)."""
from datetime import date

import pytest
from sqlalchemy import select

from plugins.children.models import ChildProfile
from portal.extensions import db
from portal.hookspecs import hookimpl
from portal.ledger.models import Beneficiary
from portal.outreach.channels import ChannelError, SmsChannel
from portal.outreach.models import OutreachDelivery, OutreachMessage
from portal.outreach.service import OutreachRefused, compose, letters_printed, mobile_number, send

NUMBERS = {"小红": "13812345678", "小明": "+86 139-1234-5678", "小刚": "0731-1234567", "小丽": "", "小芳": "12345"}


@pytest.fixture
def children(county):
    out = {}
    for name, phone in NUMBERS.items():
        person = Beneficiary(group="children", name=name, gender="F", birth_date=date(2016, 5, 1),
                             place_id=county["v_east"].id)
        db.session.add(person)
        db.session.flush()
        db.session.add(ChildProfile(beneficiary_id=person.id, parents_phone=phone))
        out[name] = person
    west = Beneficiary(group="children", name="西村娃", gender="M", birth_date=date(2016, 5, 1),
                       place_id=county["v_west"].id)
    db.session.add(west)
    db.session.commit()
    return out


class Flaky(SmsChannel):
    """A provider that refuses the first try of some numbers, and counts every text it takes."""

    def __init__(self, refuse=()):
        self.refuse, self.taken = set(refuse), []

    def send(self, phone, text, key):
        if phone in self.refuse:
            self.refuse.discard(phone)
            raise ChannelError("gateway busy")
        self.taken.append((phone, key))
        return f"ref-{len(self.taken)}"


class Provider:
    def __init__(self, channel):
        self.channel, self.told = channel, []

    @hookimpl
    def guanai_get_sms_channel(self):
        return self.channel

    @hookimpl
    def guanai_on_family_told(self, deliveries, actor):
        self.told += [(d.beneficiary_id, d.channel, d.counts_as_contact) for d in deliveries]


@pytest.fixture
def provider(app):
    plugin = Provider(Flaky(refuse={"13912345678"}))
    app.extensions["guanai"].pm.register(plugin, name="test-sms")
    yield plugin
    app.extensions["guanai"].pm.unregister(name="test-sms")


def test_numbers_are_checked():
    assert mobile_number("+86 139-1234-5678") == ("13912345678", "")
    assert mobile_number("0731-1234567") == ("", "not_mobile")
    assert mobile_number("") == ("", "missing") and mobile_number("12345") == ("", "not_mobile")


def test_a_message_to_a_villages_parents_lists_the_families_without_a_mobile(county, children):
    message = compose(None, "children", "parents", county["v_east"], "致家长的一封信", "{name}的家长：寒假注意安全。")
    db.session.commit()
    rows = {d.beneficiary.name: d for d in message.deliveries}
    assert set(rows) == set(NUMBERS)  # the village's children, not 西村's
    assert {n for n, d in rows.items() if d.status == "no_number"} == {"小刚", "小丽", "小芳"}
    assert rows["小刚"].problem == "not_mobile" and rows["小丽"].problem == "missing"
    assert rows["小明"].phone == "13912345678"
    with pytest.raises(OutreachRefused, match="没有这一类家人|no such family"):
        compose(None, "children", "husband", county["v_east"], "t", "b")


def test_a_retry_sends_nothing_twice_and_each_family_told_is_announced_once(county, children, provider):
    message = compose(None, "children", "parents", county["v_east"], "致家长的一封信", "{name}的家长：寒假注意安全。")
    db.session.commit()
    first = send(None, message, checkpoint=db.session.commit)
    assert first == {"sent": 1, "failed": 1, "to_print": 0, "skipped": 3}
    second = send(None, message, checkpoint=db.session.commit)
    assert second == {"sent": 1, "failed": 0, "to_print": 0, "skipped": 4}
    third = send(None, message, checkpoint=db.session.commit)
    assert third == {"sent": 0, "failed": 0, "to_print": 0, "skipped": 5}
    taken = provider.channel.taken
    assert sorted(p for p, _k in taken) == ["13812345678", "13912345678"]  # each number once
    assert taken[0][1] != taken[1][1]
    assert sorted(provider.told) == sorted([(children["小红"].id, "sms", True), (children["小明"].id, "sms", True)])
    text = "【东村】小红的家长：寒假注意安全。"
    from portal.outreach.service import text_for
    assert text_for(message, next(d for d in message.deliveries if d.beneficiary_id == children["小红"].id)) == text


def test_a_delivery_cut_short_while_sending_is_not_sent_again(county, children, provider):
    message = compose(None, "children", "parents", county["v_east"], "通知", "开学通知")
    delivery = next(d for d in message.deliveries if d.phone == "13812345678")
    delivery.status = "sending"  # the process stopped after calling the provider, before writing the answer
    db.session.commit()
    send(None, message)
    assert "13812345678" not in [p for p, _k in provider.channel.taken]


def test_without_a_channel_letters_are_printed_and_each_family_told_once(client, login, county, children, app):
    listener = Provider(None)
    app.extensions["guanai"].pm.register(listener, name="test-listener")
    try:
        login("kids")
        reply = client.post("/outreach/new", data={"contact": "children.parents", "place": county["v_east"].id,
                                                   "title": "致家长的一封信", "body": "{name}的家长：请每月给孩子打电话。"})
        assert reply.status_code == 302
        message = db.session.execute(select(OutreachMessage)).scalar_one()
        page = client.get(f"/outreach/{message.id}").get_data(as_text=True)
        assert "小丽" in page and "小刚" in page  # families without a mobile number are listed
        client.post(f"/outreach/{message.id}/send")
        letters = client.get(f"/outreach/{message.id}/letters").get_data(as_text=True)
        assert letters.count('class="letter"') == 5 and "小红的家长：请每月给孩子打电话。" in letters
        assert "小红的外出父母：" in letters and "None" not in letters  # the relation in words, never a field name
        form = client.get("/outreach/new").get_data(as_text=True)
        assert ">外出父母</option>" in form and ">监护人</option>" in form
        assert "None" not in form and "guardian_name" not in form
        client.post(f"/outreach/{message.id}/printed")
        client.post(f"/outreach/{message.id}/printed")  # again: nobody is told twice
        statuses = db.session.execute(select(OutreachDelivery.status)).scalars().all()
        assert statuses == ["printed"] * 5 and len(listener.told) == 5
    finally:
        app.extensions["guanai"].pm.unregister(name="test-listener")


def test_messages_are_scoped(client, login, county, children):
    message = compose(None, "children", "parents", county["v_east"], "开学须知", "开学通知")
    db.session.commit()
    login("west")
    assert client.get(f"/outreach/{message.id}").status_code == 404
    assert "开学须知" not in client.get("/outreach/").get_data(as_text=True)
    login("elders")  # another group's staff
    assert client.get(f"/outreach/{message.id}").status_code == 404
    assert client.post(f"/outreach/{message.id}/send").status_code == 404
    login("vol")
    assert client.get("/outreach/").status_code == 403
    login("east")
    assert "开学须知" in client.get("/outreach/").get_data(as_text=True)
