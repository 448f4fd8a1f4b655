"""The women's report: training and jobs in the period, in SQL aggregates (000, 002)."""
from datetime import date

from plugins.women.jobs import JobOutcome, JobPosting
from portal.extensions import db
from tests.factories import add_person


def test_the_womens_report_counts_training_and_jobs_in_the_period(figures, build):
    """The quarter's training (courses, women, hours, certificates) and jobs (told, interested, placed)."""
    from datetime import datetime

    from plugins.women.training import TrainingRecord
    from .conftest import rows_by_first, table
    a = add_person("women", figures["v_east"], name="妇女甲", birth=date(1985, 1, 1), created_at=datetime(2026, 1, 1))
    b = add_person("women", figures["v_east"], name="妇女乙", birth=date(1986, 1, 1), created_at=datetime(2026, 1, 1))
    db.session.add_all([
        TrainingRecord(beneficiary_id=a.id, course="电商", attended_on=date(2026, 5, 1), hours=8, certificate="证书"),
        TrainingRecord(beneficiary_id=a.id, course="养殖", attended_on=date(2026, 6, 1), hours=4),
        TrainingRecord(beneficiary_id=b.id, course="电商", attended_on=date(2026, 1, 5), hours=8),  # Q1: not counted
    ])
    posting = JobPosting(title="采茶工", employer="茶场", place_id=figures["east"].id, closes_on=date(2026, 7, 1))
    db.session.add(posting)
    db.session.flush()
    db.session.add_all([JobOutcome(posting_id=posting.id, beneficiary_id=a.id, step="placed", on=date(2026, 5, 20)),
                        JobOutcome(posting_id=posting.id, beneficiary_id=b.id, step="told", on=date(2026, 5, 2))])
    db.session.commit()
    rows = rows_by_first(table(build(), "women-training-jobs"))
    assert rows["参加培训（人次）"] == [2] and rows["参加培训的妇女"] == [1] and rows["培训学时"] == [12.0]
    assert rows["取得证书"] == [1] and rows["告知就业岗位（人）"] == [1] and rows["实现就业（人）"] == [1]
