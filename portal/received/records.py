"""A periodic service recorded one by one (a home health check, a birthday visit), checked before it is kept."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from ..core.audit import write_change
from ..core.refusals import FieldRefused
from ..core.time import local_today
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from .models import ServiceRecord


class RecordRefused(FieldRefused):
    """A record that cannot be kept: ``field`` names the field at fault."""


def record_service(actor, person: Beneficiary, service: str, day: date, note: str = "") -> ServiceRecord:
    """Record that ``person`` received the periodic ``service`` (a key) on ``day``; audited, the caller commits."""
    owed = {p.key: p for p in current_plugins().periodic_services(person.group)}
    if service not in owed:
        raise RecordRefused("service", _("This service is not one this person is owed."))
    if day > local_today():
        raise RecordRefused("day", _("The day cannot be in the future."))
    if day < person.birth_date:
        raise RecordRefused("day", _("The day cannot be before the person was born."))
    row = ServiceRecord(beneficiary_id=person.id, service=service, day=day, note=(note or "").strip()[:300],
                        recorded_by_id=getattr(actor, "id", None))
    write_change(actor, "create", "service_record", row)
    return row
