"""The ledger as a plugin: every group's pages under /g/<group>/, its scope rules and its vocabularies."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints
from ..web.forms import form_labels
from .forms import BeneficiaryForm
from .models import Beneficiary, Household
from .scopes import visible_households, visible_people

guanai_get_blueprints = feature_blueprints(__package__, "views")


@hookimpl
def guanai_get_scope_rules():
    return {Beneficiary: visible_people, Household: visible_households}


@hookimpl
def guanai_get_vocabularies():
    return {
        "genders": {"F": _l("Female"), "M": _l("Male")},
        # Why a person leaves the ledger (domain.md, "Re-verification").
        "leave_reasons": {"aged_out": _l("Aged out"), "parents_returned": _l("Parents or family returned"),
                          "moved": _l("Moved away"), "deceased": _l("Deceased"), "other": _l("Other")},
        "record_statuses": {"active": _l("In the ledger"), "left": _l("Left the ledger")},
        "visit_modes": {"home": _l("home visit"), "phone": _l("phone call"), "video": _l("video call"),
                        "school": _l("at school")},
        "audit_actions": {"create": _l("created"), "update": _l("changed"), "leave": _l("left the ledger"),
                          "return": _l("came back to the ledger")},
        "audit_entities": {"beneficiary": _l("Ledger record")},
        "audit_fields": {**form_labels(BeneficiaryForm), "status": _l("Status"), "left_reason": _l("Reason for leaving"),
                         "left_on": _l("Left on"), "household_id": _l("Household"), "place_id": _l("Village or grid")},
        # A ledger record's own labels, first for its entries (another feature's "name" is not a person's).
        "audit_fields_beneficiary": {**form_labels(BeneficiaryForm), "group": _l("Group"), "status": _l("Status"),
                                     "household_id": _l("Household"), "place_id": _l("Village or grid")},
    }
