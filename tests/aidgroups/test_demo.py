"""The demo county (issue 30's "done when"): the elders of a township formed into groups of about ten, a leader
each, the demo volunteer leading one, whose report reached the cadres."""
from sqlalchemy import func, select

from portal.aidgroups.models import AidGroup, AidGroupMember, GroupReport
from portal.auth.models import User
from portal.demo import build_demo_county
from portal.extensions import db
from portal.notifications.models import Notification
from portal.volunteers.models import Volunteer


def test_the_demo_forms_a_townships_elders_into_groups_and_a_report_reaches_the_cadres(app):
    build_demo_county(seed=7)
    groups = db.session.execute(select(AidGroup)).scalars().all()
    assert groups and {g.group for g in groups} == {"elderly"}
    assert len({g.place.parent_id for g in groups}) == 1  # one township
    sizes = dict(db.session.execute(select(AidGroupMember.aid_group_id, func.count()).where(
        AidGroupMember.left_on.is_(None)).group_by(AidGroupMember.aid_group_id)).all())
    assert all(3 <= n <= 12 for n in sizes.values()) and 6 <= sum(sizes.values()) / len(sizes) <= 12
    user = db.session.execute(select(User).filter_by(username="volunteer")).scalar_one()
    leader = db.session.execute(select(Volunteer).filter_by(user_id=user.id)).scalar_one()
    assert leader.id in {g.leader_id for g in groups}
    report = db.session.execute(select(GroupReport)).scalar_one()
    assert report.told >= 1 and db.session.execute(select(func.count(Notification.id)).where(
        Notification.kind == "aidgroup_report")).scalar_one() == report.told
