"""The kinds of notification: each a label (for preferences) and a sentence made from its parameters."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l


def _pairing_created(p):
    return _("You have %(n)d new pairing(s) for %(service)s: %(people)s. Please accept or decline them.", **p)


def _pairing_declined(p):
    return _("%(volunteer)s declined the pairing with %(person)s (%(service)s): %(note)s. The person returns to "
             "the next run.", **p)


def _activity_changed(p):
    return _("The activity %(title)s on %(when)s has changed. Please check the details.", **p)


def _activity_cancelled(p):
    return _("The activity %(title)s on %(when)s is cancelled.", **p)


def _check_expiring(p):
    return _("The background check of %(volunteer)s ends on %(date)s. Renew it to keep working with minors.", **p)


def _check_expired(p):
    return _("The background check of %(volunteer)s ended on %(date)s. Until it is renewed it counts as not "
             "passed: no pairings or activities with minors.", **p)


def _checks_digest(p):
    return _("Background checks in your area on %(date)s: %(expiring)d end within 30 days, %(expired)d have ended. "
             "Open the list to renew them.", **p)


def _flags_digest(p):
    return _("%(helpers)d helpers of your area have a pending or expired background check: %(n)d pairings with minors "
             "are flagged and will be suspended on %(date)s unless a passed check is recorded first.", **p)


def _visit_due_soon(p):
    return _("A visit to %(person)s (%(rule)s) is due on %(date)s.", **p)


def _visit_overdue(p):
    return _("The visit to %(person)s (%(rule)s) was due on %(date)s: %(days)d days overdue.", **p)


def _overdue_digest(p):
    return _("%(n)d visits are overdue in your area this week (%(week)s).", **p)


def _incident_step_overdue(p):
    return _("Overdue: %(step)s of the incident %(type)s for %(person)s (%(place)s) was due at %(deadline)s.", **p)


def _cycle_due_soon(p):
    return _("The check of %(place)s (%(period)s) is due on %(date)s: %(pending)d people still to check.", **p)


def _cycle_overdue(p):
    return _("The check of %(place)s (%(period)s) is %(days)d days overdue: %(pending)d people still to check.", **p)


def _pairings_ended(p):
    return _("%(volunteer)s no longer helps (%(cause)s): %(n)d pairing(s) ended: %(people)s. Each needs a new helper "
             "and is in the next run.", **p)


def _pairings_flagged(p):
    return _("The background check of %(volunteer)s is pending or expired: %(n)d pairing(s) with minors are flagged "
             "(%(people)s) and will be suspended on %(date)s unless a passed check is recorded first.", **p)


def _incident_opened(p):
    return _("Urgent: %(type)s for %(person)s (%(place)s) at %(when)s. Open the incident to see who is being "
             "called and what is done.", **p)


def _signup_promoted(p):
    return _("A place opened: you moved up from the waiting list and are confirmed for %(title)s on %(when)s.", **p)


def _pairings_suspended(p):
    return _("The background check of %(volunteer)s was not renewed in time: %(n)d pairing(s) with minors are "
             "suspended (%(people)s). They start again only in a new pairing once a passed check is recorded.", **p)


def _suspended_digest(p):
    return _("%(helpers)d helpers of your area had no passed background check at the end of the grace period: "
             "%(n)d pairings with minors were suspended today, and those people need a new helper.", **p)


def _file_failed(p):
    return _("Your file could not be made: %(title)s. %(error)s", **p)


def _file_ready(p):
    return _("Your file is ready: %(title)s. Download it before %(until)s.", **p)


#: kind -> (label, sentence maker). A plugin's own kinds pass their sentence as ``params["text"]``.
KINDS = {
    "pairing_created": (_l("New pairings"), _pairing_created),
    "pairing_declined": (_l("Declined pairings"), _pairing_declined),
    "activity_changed": (_l("Activity changes"), _activity_changed),
    "activity_cancelled": (_l("Cancelled activities"), _activity_cancelled),
    "check_expiring": (_l("Background checks ending soon"), _check_expiring),
    "check_expired": (_l("Background checks ended"), _check_expired),
    "checks_digest": (_l("Background checks ending in your area (one notice per day)"), _checks_digest),
    "flags_digest": (_l("Pairings flagged in your area (one notice per day)"), _flags_digest),
    "visit_due_soon": (_l("Visits due soon"), _visit_due_soon),
    "visit_overdue": (_l("Overdue visits"), _visit_overdue),
    "overdue_digest": (_l("Weekly digest of overdue visits"), _overdue_digest),
    "incident_step_overdue": (_l("Overdue incident steps"), _incident_step_overdue),
    "cycle_due_soon": (_l("Re-verification checks due soon"), _cycle_due_soon),
    "cycle_overdue": (_l("Overdue re-verification checks"), _cycle_overdue),
    "pairings_ended": (_l("Pairings ended because the helper went"), _pairings_ended),
    "pairings_flagged": (_l("Pairings flagged by a background check"), _pairings_flagged),
    "signup_promoted": (_l("Moved up from a waiting list"), _signup_promoted),
    "incident_opened": (_l("Urgent incidents opened"), _incident_opened),
    "file_ready": (_l("Files ready to download"), _file_ready),
    "file_failed": (_l("Files that could not be made"), _file_failed),
    "pairings_suspended": (_l("Pairings suspended by a background check"), _pairings_suspended),
    "suspended_digest": (_l("Pairings suspended in your area (one notice per day)"), _suspended_digest),
}

#: Kinds sent by email (and the plugins' channels, SMS for one) as well as the bell unless the user chose
#: otherwise: what a person must not miss (issue 27). Every other kind stays in the portal by default.
DEFAULT_CHANNELS = {"signup_promoted": "email", "activity_changed": "email", "activity_cancelled": "email",
                    "pairings_ended": "email", "pairings_flagged": "email", "pairings_suspended": "email",
                    "check_expired": "email", "incident_step_overdue": "email", "incident_opened": "email"}


def default_channel(kind: str) -> str:
    """How ``kind`` is delivered to a user who chose nothing for it."""
    return DEFAULT_CHANNELS.get(kind, "portal")


def kind_label(kind: str) -> str:
    return str(KINDS[kind][0]) if kind in KINDS else kind


def describe(notification) -> str:
    """The notification's sentence in the current language."""
    params = notification.params or {}
    if notification.kind in KINDS:
        try:
            return KINDS[notification.kind][1](params)
        except (KeyError, TypeError, ValueError):
            pass
    return str(params.get("text", notification.kind))
