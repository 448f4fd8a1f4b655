"""The elderly report section: age bands, self-care, living alone, who looks after them (001 篇十七)."""
from __future__ import annotations

from sqlalchemy import case

from portal.plugin import ReportSection, Text, count_table, sex_table, tally

from .forms import FAMILY, SELF_CARE
from .models import ElderProfile

AGE_BANDS = [("60-69", 60, 69), ("70-79", 70, 79), ("80-89", 80, 89), ("90+", 90, None), ("<60", 0, 59)]
CARE = [("carer", Text("有照料人", "A named carer")), ("proxy", Text("只有代购人", "Only a proxy shopper")),
        ("none", Text("无人照料", "Nobody named"))]


def _profile():
    from portal.ledger.models import Beneficiary
    return ElderProfile, ElderProfile.beneficiary_id == Beneficiary.id


def sections(report, group) -> list[ReportSection]:
    from portal.ledger.models import Beneficiary
    care = case((ElderProfile.carer != "", "carer"), (ElderProfile.proxy_shopper != "", "proxy"), else_="none")
    rows = report.at_end_crosstab(group.code, _profile(), band=report.age_band(AGE_BANDS), sex=Beneficiary.gender,
                                  self_care=ElderProfile.self_care, family=ElderProfile.family_structure, care=care)
    ages, self_care, family = tally(rows, "band", "sex"), tally(rows, "self_care"), tally(rows, "family")
    care = tally(rows, "care")
    tables = [
        sex_table("elderly-ages", Text("年龄段（期末）", "Age bands at period end"), Text("年龄", "Age"), ages,
                  [(b[0], b[0]) for b in AGE_BANDS], chart=True),
        count_table("elderly-self-care", Text("自理能力", "Self-care"), Text("自理", "Self-care"), self_care, SELF_CARE),
        count_table("elderly-family", Text("家庭结构（独居等）", "Living alone or with others"), Text("家庭", "Family"),
                    family, FAMILY),
        count_table("elderly-care", Text("谁在照料", "Who looks after them"), Text("照料", "Care"), care, CARE,
                    chart=False),
    ]
    return [ReportSection("elderly-breakdowns", Text("留守老人：分类统计", "Elderly: breakdowns of the official forms"),
                          tables, group=group.code, order=20)]
