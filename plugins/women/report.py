"""The women's report section: age bands, years the husband has been away, help received (002)."""
from __future__ import annotations

from sqlalchemy import case

from portal.plugin import ReportSection, Text, count_table, current_plugins, tally, years_before

from .models import WomanProfile

AGE_BANDS = [("<30", 0, 29), ("30-39", 30, 39), ("40-49", 40, 49), ("50-59", 50, 59), ("60+", 60, None)]
AWAY = [("<1", 0, 1), ("1-2", 1, 3), ("3-4", 3, 5), ("5+", 5, None)]


def _profile():
    from portal.ledger.models import Beneficiary
    return WomanProfile, WomanProfile.beneficiary_id == Beneficiary.id


def years_away(report):
    """The band of years the husband has been away at period end, as a CASE on his leaving date."""
    end = report.period.end
    whens = []
    for label, low, high in AWAY:
        cond = WomanProfile.husband_away_since <= years_before(end, low)
        if high is not None:
            cond = cond & (WomanProfile.husband_away_since > years_before(end, high))
        whens.append((cond, label))
    return case(*whens, else_="")


def sections(report, group) -> list[ReportSection]:
    screened_since = years_before(report.period.end, 1)
    rows = report.at_end_crosstab(group.code, _profile(), band=report.age_band(AGE_BANDS), away=years_away(report),
                                  screened=case((WomanProfile.last_screening > screened_since, "yes"), else_="no"))
    ages, away, screened = tally(rows, "band"), tally(rows, "away"), tally(rows, "screened")
    help_counts = report.paired_by_service_at_end(group.code)
    services = current_plugins().services_of(group.code, "pairing")
    tables = [
        count_table("women-ages", Text("年龄段（期末）", "Age bands at period end"), Text("年龄", "Age"), ages,
                    [(b[0], b[0]) for b in AGE_BANDS]),
        count_table("women-away", Text("丈夫外出年限", "Years the husband has been away"), Text("年", "Years"), away,
                    [(a[0], a[0]) for a in AWAY] + [("", Text("未登记", "Not recorded"))]),
        count_table("women-screening", Text("一年内做过“两癌”筛查", "Two-cancer screening within the year"),
                    Text("筛查", "Screened"), screened, [("yes", Text("是", "Yes")), ("no", Text("否", "No"))],
                    chart=False),
        count_table("women-help", Text("得到的帮扶（期末结对，按服务）", "Help received: pairings at period end, by service"),
                    Text("服务", "Service"), help_counts, [(s.key, s.name) for s in services], chart=False),
    ]
    tables.append(training_and_jobs(report, group))
    return [ReportSection("women-breakdowns", Text("留守妇女：分类统计", "Women: breakdowns of the official forms"),
                          tables, group=group.code, order=20)]


def training_and_jobs(report, group):
    """Skills training in the period (courses attended, women trained, hours, certificates) and the job postings'
    outcomes dated in the period (told, interested, placed), each one SQL aggregate (000, 002)."""
    from sqlalchemy import case, func, select

    from portal.ledger.models import Beneficiary
    from portal.plugin import ReportTable, db

    from .jobs import JobOutcome
    from .training import TrainingRecord
    start, end = report.period.start, report.period.end
    courses, women, hours, certificates = db.session.execute(
        select(func.count(TrainingRecord.id), func.count(func.distinct(TrainingRecord.beneficiary_id)),
               func.coalesce(func.sum(TrainingRecord.hours), 0),
               func.coalesce(func.sum(case((TrainingRecord.certificate != "", 1), else_=0)), 0))
        .join(Beneficiary, TrainingRecord.beneficiary_id == Beneficiary.id)
        .where(*report.people_where(group.code), TrainingRecord.attended_on >= start, TrainingRecord.attended_on <= end)
    ).one()
    steps = dict(db.session.execute(
        select(JobOutcome.step, func.count(JobOutcome.id)).join(Beneficiary, JobOutcome.beneficiary_id == Beneficiary.id)
        .where(*report.people_where(group.code), JobOutcome.on >= start, JobOutcome.on <= end)
        .group_by(JobOutcome.step)).all())
    rows = [[Text("参加培训（人次）", "Courses attended"), courses], [Text("参加培训的妇女", "Women trained"), women],
            [Text("培训学时", "Hours of training"), round(float(hours), 1)],
            [Text("取得证书", "Certificates earned"), int(certificates)],
            [Text("告知就业岗位（人）", "Told of a job"), steps.get("told", 0)],
            [Text("有就业意向（人）", "Interested in a job"), steps.get("interested", 0)],
            [Text("实现就业（人）", "Placed in a job"), steps.get("placed", 0)]]
    return ReportTable("women-training-jobs", Text("技能培训与就业（本期）", "Training and jobs in the period"),
                       [Text("项目", "Item"), Text("数量", "Count")], rows)
