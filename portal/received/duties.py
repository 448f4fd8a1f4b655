"""The periodic services as duties (issue 28: they belong "in the due lists of the duties feature where there is
one"): each service in force is handed to the duties feature as a duty rule (``guanai_get_duty_rules``), done when
a service record says so, due when this feature's due list says so (``due.next_due``), owned by the village's area
cadre who brings people to the check (a deployment moves it in ``GUANAI_GROUP_SETTINGS[group]["duties"]
["periodic_<code>"]``, {"owner": role}). The duties feature names nothing of this one: the rules carry the SQL.

The services are the group plugins' (their seeds: 002 "每半年为老人做一次免费查体", "每年为老人过一次生日", the yearly
两癌 screening; 003 each semester's health check and puberty class)."""
from __future__ import annotations

from functools import partial

from sqlalchemy import select

from ..plugin.manager import current_plugins
from ..plugin.records import DutyRule, PeriodicService
from .due import next_due
from .models import Participation, ServiceRecord

#: The duty code of a periodic service: its own code with this prefix (a group's duty codes are unique, and the
#: older people's group has a birthday duty of its own, a visit on the day: the service names it in ``duty`` and
#: the two are one duty, done by the visit or by the service recorded).
PREFIX = "periodic_"
#: Who owns a periodic service's duty unless the deployment says otherwise.
OWNER = "village_cadre"


def _done(key: str):
    """(person id, day) of each time the service was received."""
    return select(ServiceRecord.beneficiary_id, ServiceRecord.day).where(ServiceRecord.service == key)


def _due(service: PeriodicService, last, entered, today):
    return next_due(service, last, entered, today)


def duty_rules(group: str) -> list:
    """The periodic services of ``group`` in force, as duty rules."""
    return [DutyRule(PREFIX + p.code, p.names, "service", OWNER, source=p.source, where=p.applies,
                     done=partial(_done, p.key), due=partial(_due, p), records=(ServiceRecord, Participation),
                     same_as=p.duty)
            for p in current_plugins().periodic_services(group) if p.group == group]
