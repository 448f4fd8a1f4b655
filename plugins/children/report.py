"""The children's report sections: the breakdowns of the official forms, and classes 1-3 left unpaired (004)."""
from __future__ import annotations

from portal.plugin import ReportSection, Text, count_table, current_plugins, sex_table, tally, uncovered_roster

from .forms import RELATIONS, SCHOOLING
from .models import ChildProfile

AGE_BANDS = [("0-5", 0, 5), ("6-13", 6, 13), ("14-16", 14, 16), ("17", 17, 17)]


def _profile():
    from portal.ledger.models import Beneficiary
    return ChildProfile, ChildProfile.beneficiary_id == Beneficiary.id


def must_pair(group, settings) -> list[str]:
    """Classes whose every child must be paired: priority up to ``must_pair_priority`` (classes 1-3, 004)."""
    return [c.code for c in group.categories if c.priority <= settings.get("must_pair_priority", 3)]


def help_received(report, group):
    counts = report.paired_by_service_at_end(group.code)
    services = current_plugins().services_of(group.code, "pairing")
    title = Text("得到的帮扶（期末结对，按服务）", "Help received: pairings at period end, by service")
    return count_table("children-help", title, Text("服务", "Service"), counts, [(s.key, s.name) for s in services], chart=False)


def sections(report, group) -> list[ReportSection]:
    settings = current_plugins().settings(group.code)
    from portal.ledger.models import Beneficiary
    rows = report.at_end_crosstab(group.code, _profile(), band=report.age_band(AGE_BANDS), sex=Beneficiary.gender,
                                  schooling=ChildProfile.schooling, guardian=ChildProfile.guardian_relation)
    ages, schooling, guardians = tally(rows, "band", "sex"), tally(rows, "schooling"), tally(rows, "guardian")
    breakdowns = ReportSection(
        "children-breakdowns", Text("留守儿童：分类统计", "Children: breakdowns of the official forms"), [
            sex_table("children-ages", Text("年龄段（期末）", "Age bands at period end"), Text("年龄", "Age"), ages,
                      [(label, label) for label, _low, _high in AGE_BANDS], chart=True),
            count_table("children-schooling", Text("就学情况", "Schooling"), Text("就学", "Schooling"), schooling,
                        SCHOOLING),
            count_table("children-guardians", Text("监护类型", "Guardianship"), Text("监护人", "Guardian"), guardians,
                        RELATIONS),
            help_received(report, group)],
        group=group.code, order=20,
        note=Text("健康状况和寄宿情况尚未登记在台账中。", "Health and boarding are not recorded in the ledger yet."))
    roster = uncovered_roster(report, group, must_pair(group, settings), "children-must-pair",
                              Text("一至三类儿童未结对名单（须100%结对）",
                                   "Classes 1-3 without a pairing (must be 100% paired)"))
    must = ReportSection("children-must-pair", Text("留守儿童：必须结对的儿童", "Children: who must be paired"),
                         [roster], group=group.code, order=31)
    return [breakdowns, must]
