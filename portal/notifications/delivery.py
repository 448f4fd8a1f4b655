"""Delivery beyond the portal, run by the queue: email at once or in a daily digest, and plugins' channels.

Email is sent with the standard library's smtplib when ``GUANAI_SMTP_HOST`` is set (off by default). Every
notification not kept in the portal is also handed to ``guanai_deliver_notification``, where plugins send
it by their own channels (SMS needs a provider's approved signature and template: plugins know them).
A notification is claimed by a conditional UPDATE before it is sent, so several workers send it once; a
claim whose worker died is given back after ``STALE_CLAIM``.
"""
from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from ..core.time import utcnow
from ..extensions import db
from ..plugin.manager import current_plugins
from .models import Notification, NotificationSetting

log = logging.getLogger(__name__)
BATCH = 200


def email_enabled() -> bool:
    return bool(current_app.config.get("GUANAI_SMTP_HOST"))


def send_email(to: str, subject: str, body: str) -> None:
    """Send one plain-text email through the configured SMTP server."""
    config = current_app.config
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config["GUANAI_SMTP_FROM"], to, subject
    message.set_content(body)
    with smtplib.SMTP(config["GUANAI_SMTP_HOST"], config["GUANAI_SMTP_PORT"], timeout=30) as smtp:
        if config.get("GUANAI_SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("GUANAI_SMTP_USER"):
            smtp.login(config["GUANAI_SMTP_USER"], config["GUANAI_SMTP_PASSWORD"])
        smtp.send_message(message)


def _address(user_id: int) -> str:
    setting = db.session.get(NotificationSetting, user_id)
    return setting.email if setting else ""


#: A claimed notification not sent after this long lost its worker; it is sent again.
STALE_CLAIM = timedelta(minutes=15)
CLAIMED = {"pending": "sending", "digest": "digesting"}


def _claim(ids: list[int], state: str) -> list[int]:
    """Take the rows still in ``state`` for this worker; the others are someone else's. Commits."""
    now = utcnow()
    db.session.execute(update(Notification).where(  # claims of a worker that died give their rows back
        Notification.delivery == CLAIMED[state], Notification.delivered_at < now - STALE_CLAIM).values(delivery=state))
    mine = []
    for note_id in ids:
        if db.session.execute(update(Notification).where(Notification.id == note_id, Notification.delivery == state)
                              .values(delivery=CLAIMED[state], delivered_at=now)).rowcount == 1:
            mine.append(note_id)
    db.session.commit()
    return mine


def _to_plugins(note: Notification, channel: str) -> bool:
    return any(current_plugins().hook.guanai_deliver_notification(notification=note, user=note.user, channel=channel))


def deliver_pending() -> int:
    """Send every notification waiting to go out at once; returns how many were handled (a queue task)."""
    ids = db.session.execute(select(Notification.id).where(Notification.delivery == "pending")
                             .order_by(Notification.id).limit(BATCH)).scalars().all()
    handled = 0
    for note_id in _claim(list(ids), "pending"):
        note = db.session.get(Notification, note_id)
        ok = _to_plugins(note, "email")
        address = _address(note.user_id)
        if email_enabled() and address:
            try:
                with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
                    link = note.url()
                    send_email(address, f"{_('Guanai')}: {note.title()}", note.text() + ("\n\n" + link if link else ""))
                ok = True
            except (OSError, smtplib.SMTPException):
                log.exception("email for notification %s failed", note_id)
        note.delivery, note.delivered_at = ("sent" if ok else "failed"), utcnow()
        db.session.commit()
        handled += 1
    return handled


def send_digests(period: str) -> int:
    """Send each user one email with their notifications kept for the daily digest (a daily task)."""
    ids = db.session.execute(select(Notification.id).where(Notification.delivery == "digest")
                             .order_by(Notification.user_id, Notification.id)).scalars().all()
    by_user: dict[int, list[Notification]] = {}
    for note_id in _claim(list(ids), "digest"):
        note = db.session.get(Notification, note_id)
        by_user.setdefault(note.user_id, []).append(note)
    for user_id, notes in by_user.items():
        ok = all([_to_plugins(note, "digest") for note in notes]) and bool(notes)
        address = _address(user_id)
        if email_enabled() and address:
            try:
                with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
                    lines = [f"- {n.text()}" + (f"\n  {n.url()}" if n.endpoint else "") for n in notes]
                    send_email(address, _("Guanai: your notifications of %(day)s", day=period), "\n".join(lines))
                ok = True
            except (OSError, smtplib.SMTPException):
                log.exception("digest email for user %s failed", user_id)
        for note in notes:
            note.delivery, note.delivered_at = ("sent" if ok else "failed"), utcnow()
        db.session.commit()
    return len(by_user)
