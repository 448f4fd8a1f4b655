"""Sweeps and delivery through the real queue: once per period with two workers, email to a local SMTP sink."""
import email
import email.policy
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from portal import create_app
from portal.assignment.models import Pairing
from portal.assignment.pairings import respond
from portal.core.periodic import PeriodicRun, period_key
from portal.core.time import local_now, local_today
from portal.extensions import db
from portal.hookspecs import hookimpl
from portal.notifications.models import Notification, NotificationPreference, NotificationSetting
from portal.volunteers.models import Volunteer

from ..assignment.test_runs import committed, run_and_solve, scene  # noqa: F401  (scene is a fixture)
from ..background.queueing import Consumers, use_real_queue, wait_for
from ..volunteers.test_volunteering import volunteer

# Through the real queue: workers read and write on connections of their own.
pytestmark = pytest.mark.commits


@pytest.fixture
def consumers():
    running = Consumers()
    yield running
    running.stop_all()


def told():
    return sorted((n.user.username, n.kind) for n in db.session.execute(select(Notification)).scalars())


@pytest.mark.clock
def test_the_check_sweep_runs_once_per_period_with_two_workers(app, county, tmp_path, consumers, client, login):
    use_real_queue(app, tmp_path)
    other = create_app({**{k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "GUANAI_QUEUE_URL",
                                                       "GUANAI_QUEUE_NAME")}, "TESTING": True})
    v = volunteer(county, "老李", user=county["users"]["vol"])
    v.background_checked_on = local_today() - timedelta(days=340)  # ends in 25 days
    db.session.commit()
    for _ in range(3):  # every worker's scheduler wakes the sweep, several times in the period
        app.extensions["guanai_queue"].enqueue("volunteers.check_sweep")
        other.extensions["guanai_queue"].enqueue("volunteers.check_sweep")
    consumers.start(app)
    consumers.start(other)
    wait_for(lambda: app.extensions["guanai_queue"].pending() == 0 and db.session.execute(
        select(func.count(PeriodicRun.id)).where(PeriodicRun.finished_at.is_not(None))).scalar_one() == 1)
    consumers.stop_all()
    # the volunteer hears of their own check; each coordinator gets the sweep's one notice for their area (issue 32)
    assert told() == [("coord", "checks_digest"), ("east", "checks_digest"), ("vol", "check_expiring")]
    assert db.session.execute(select(PeriodicRun.task, PeriodicRun.period)).all() == [
        ("volunteers.check_sweep", period_key("day"))]
    login("vol")
    assert "请联系协调员重新审查" in client.get("/me/").get_data(as_text=True)

    # a later day: the check has ended; the sweep of that day tells the same people once more, and only once
    v = db.session.get(Volunteer, v.id)
    v.background_checked_on = local_today() - timedelta(days=400)
    db.session.commit()
    tomorrow = period_key("day", local_now() + timedelta(days=1))
    for _ in range(2):
        app.extensions["guanai_queue"].enqueue("volunteers.check_sweep", period=tomorrow)
        other.extensions["guanai_queue"].enqueue("volunteers.check_sweep", period=tomorrow)
    consumers.start(app)
    consumers.start(other)
    wait_for(lambda: db.session.execute(select(func.count(PeriodicRun.id)).where(
        PeriodicRun.finished_at.is_not(None))).scalar_one() == 2 and app.extensions["guanai_queue"].pending() == 0)
    consumers.stop_all()
    assert told() == sorted([("coord", "checks_digest"), ("east", "checks_digest"), ("vol", "check_expiring"),
                             ("coord", "checks_digest"), ("east", "checks_digest"), ("vol", "check_expired")])
    v = db.session.get(Volunteer, v.id)
    assert v.background_check_state == "expired" and not v.background_checked
    assert "已于" in client.get("/me/").get_data(as_text=True)
    login("coord")
    assert "已于" in client.get(f"/volunteers/{v.id}").get_data(as_text=True)
    with other.app_context():
        db.engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """A local SMTP server keeping what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()


class FakeSms:
    """The small example of another channel: a plugin that 'sends' every notification it is handed."""

    def __init__(self):
        self.sent = []

    @hookimpl
    def guanai_deliver_notification(self, notification, user, channel):
        self.sent.append((user.username, notification.kind, channel, notification.text()))
        return True


def test_email_and_a_plugin_channel_deliver_once_and_digests_once_a_day(app, scene, tmp_path, consumers,  # noqa: F811
                                                                         smtp_sink):
    sink, port = smtp_sink
    use_real_queue(app, tmp_path, GUANAI_SMTP_HOST="127.0.0.1", GUANAI_SMTP_PORT=port,
                   GUANAI_SMTP_FROM="guanai@example.org")
    sms = FakeSms()
    app.extensions["guanai"].pm.register(sms, name="fake_sms")
    county = scene["county"]
    users = county["users"]
    scene["ann"].user_id = users["vol"].id
    for name, channel in (("coord", "email"), ("east", "digest")):
        db.session.add(NotificationSetting(user_id=users[name].id, email=f"{name}@example.org"))
        db.session.add(NotificationPreference(user_id=users[name].id, kind="pairing_declined", channel=channel))
    db.session.commit()
    committed(run_and_solve(app, county), users["east"])
    pairing = db.session.execute(select(Pairing).where(Pairing.volunteer_id == scene["ann"].id)).scalars().first()
    respond(users["vol"], pairing, False, "家里有事")
    db.session.commit()  # the commit puts the delivery on the queue
    assert app.extensions["guanai_queue"].pending() == 1
    consumers.start(app)
    wait_for(lambda: len(sink.messages) == 1 and app.extensions["guanai_queue"].pending() == 0)
    for _ in range(2):  # more looks (every worker's minute check) send nothing twice
        app.extensions["guanai_queue"].enqueue("notifications.deliver")
    wait_for(lambda: app.extensions["guanai_queue"].pending() == 0)
    message = sink.messages[0]
    assert message["To"] == "coord@example.org" and message["From"] == "guanai@example.org"
    assert message["Subject"] == "关爱: 被谢绝的结对"
    body = message.get_content()
    assert "安姐 谢绝了与" in body and "家里有事" in body and f"/volunteers/{scene['ann'].id}" in body
    assert sms.sent and sms.sent[0][:3] == ("coord", "pairing_declined", "email")
    for _ in range(2):  # the digest of a day goes once, whatever the number of looks
        app.extensions["guanai_queue"].enqueue("notifications.digest", period="2026-12-01")
    wait_for(lambda: len(sink.messages) == 2 and app.extensions["guanai_queue"].pending() == 0)
    consumers.stop_all()
    digest = sink.messages[1]
    assert digest["To"] == "east@example.org" and "2026-12-01" in digest["Subject"]
    assert "家里有事" in digest.get_content()
    assert len(sink.messages) == 2
    states = dict(db.session.execute(select(Notification.user_id, Notification.delivery)).all())
    assert states[users["coord"].id] == "sent" and states[users["east"].id] == "sent"
    assert states[users["vol"].id] == "portal"  # the volunteer's new pairings: in the portal only
