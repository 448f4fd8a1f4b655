"""The plugins' sections (the official forms' breakdowns) arrive through the same hook as the core's."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from .conftest import rows_by_first, table


def test_children_age_bands_by_sex_at_period_end(figures, build):
    rows = rows_by_first(table(build(), "children-ages"))
    # a, b, f, g, h are on the ledger at end, all born 1 May 2016 (10 on 30 June): a and f girls.
    assert rows["6-13"] == [2, 3, 5]
    assert rows["0-5"] == [0, 0, 0]


def test_classes_1_to_3_without_a_pairing_are_listed_by_name(figures, build):
    t = table(build(), "children-must-pair")
    # b's pairing ended in June, f's was declined; a is paired; g and h are class 6.
    assert sorted(r[0] for r in t.rows) == ["儿童b", "儿童f"]
    assert {r[1] for r in t.rows} == {"孤儿", "低保家庭重残重病儿童"}


def test_help_received_counts_pairings_running_at_period_end(figures, build):
    rows = rows_by_first(table(build(), "children-help"))
    assert rows["结对帮扶（爱心家庭）"][0] == 2  # a and h


def test_elderly_breakdowns_come_from_the_elderly_plugin(figures, build):
    report = build()
    assert rows_by_first(table(report, "elderly-ages"))["70-79"] == [1, 0, 1]
    assert rows_by_first(table(report, "elderly-care"))["无人照料"][0] == 1
    assert {s.group for s in report.sections if s.key.endswith("breakdowns")} == {"children", "women", "elderly"}


def test_a_section_of_a_group_the_user_cannot_see_is_left_out(figures, build):
    report = build("elders")
    groups = {s.group for s in report.sections}
    assert groups == {"elderly", None}


def test_a_feature_adds_its_section_through_the_hook_and_it_reaches_the_spreadsheet(figures, app, build):
    from portal.hookspecs import hookimpl
    from portal.plugin import ReportSection, ReportTable
    from portal.reports.xlsx import report_workbook

    class Incidents:  # what a later feature does: its own section, for one group, in the group's place
        @hookimpl
        def guanai_get_report_sections(self, report):
            return [ReportSection("children-incidents", "事件", [ReportTable("incidents", "事件处置", ["类型", "起数"],
                                                                             [["安全", 2]])], group="children",
                                  order=40)]

    app.extensions["guanai"].pm.register(Incidents(), name="incidents-test")
    report = build()
    keys = [s.key for s in report.sections if s.group == "children"]
    assert keys == ["children-ledger", "children-breakdowns", "children-coverage", "children-must-pair",
                    "children-incidents", "children-visits", "children-duties", "children-study", "children-guardianship"]
    assert "incidents" in load_workbook(io.BytesIO(report_workbook(report))).sheetnames
    assert not [s for s in build("elders").sections if s.key == "children-incidents"]


@pytest.mark.clock
def test_women_age_bands_years_away_and_screening_on_the_period_end(figures, build):
    from datetime import date, datetime

    from plugins.women.models import WomanProfile
    from portal.extensions import db
    from tests.factories import add_person
    cases = [  # birth (age on 30 June 2026), husband away since, last screening
        (date(1996, 6, 30), date(2026, 1, 1), date(2026, 3, 1)),    # 30 today; away < 1 year; screened
        (date(1996, 7, 1), date(2023, 6, 30), date(2025, 6, 30)),   # 29; away exactly 3 years; screened a full year before
        (date(1960, 1, 1), None, None),                              # 66; not recorded; never screened
    ]
    for i, (birth, away, screened) in enumerate(cases):
        woman = add_person("women", figures["v_east"], name=f"妇女{i}", birth=birth, category="ordinary",
                           created_at=datetime(2026, 1, 1))
        db.session.add(WomanProfile(beneficiary_id=woman.id, husband_away_since=away, last_screening=screened))
    db.session.commit()
    report = build()
    ages = rows_by_first(table(report, "women-ages"))
    assert (ages["<30"][0], ages["30-39"][0], ages["60+"][0]) == (1, 1, 1)
    away = rows_by_first(table(report, "women-away"))
    assert (away["<1"][0], away["1-2"][0], away["3-4"][0], away["未登记"][0]) == (1, 0, 1, 1)
    screening = rows_by_first(table(report, "women-screening"))
    assert (screening["是"][0], screening["否"][0]) == (1, 2)
