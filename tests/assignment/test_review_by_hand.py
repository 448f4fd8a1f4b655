"""The match review (issue 27): loads read in words, no bare objective value, several locks and forbids then one
re-run, and a person paired by hand with a helper checked against the same hard rules (004: female helpers for
girls from 8; households together), audited and told to the helper."""
from sqlalchemy import select

from portal.assignment.by_hand import AssignRefused, assign_by_hand, candidates
from portal.assignment.models import MatchRun, Pairing
from portal.core.audit import AuditEntry
from portal.extensions import db
from portal.notifications.models import Notification
from portal.volunteers.models import VolunteerService

from .test_runs import run_and_solve, scene  # noqa: F401  (scene is a fixture)


def test_the_summary_reads_loads_in_words_and_shows_no_objective(client, login, app, scene):  # noqa: F811
    county = scene["county"]
    run = run_and_solve(app, county, county["users"]["east"])
    login("east")
    page = client.get(f"/runs/{run.id}").get_data(as_text=True)
    loads = page.split('id="loads"')[1].split("</ul>")[0]
    assert "安姐" in loads and "2 人，分属 1 户（可带 1 户）" in loads  # the girl and her brother: one household
    assert "目标值" not in page and "Objective" not in page
    assert "目标值" not in client.get("/runs/").get_data(as_text=True)


def test_several_locks_and_forbids_then_one_run(client, login, app, scene):  # noqa: F811
    county = scene["county"]
    run = run_and_solve(app, county, county["users"]["east"])
    login("east")
    village = client.get(f"/runs/{run.id}/places/{county['v_east'].id}").get_data(as_text=True)
    assert 'id="adjust-form"' in village and "按这些改动重新运行" in village
    boy, girl, ann, bo = scene["boy"].id, scene["girl"].id, scene["ann"].id, scene["bo"].id
    before = db.session.execute(select(MatchRun.id)).scalars().all()
    moved = client.post(f"/runs/{run.id}/adjust-many", data={f"pair-{boy}-{bo}": "lock", f"pair-{girl}-{bo}": "forbid",
                                                             f"pair-{girl}-{ann}": ""})
    runs = db.session.execute(select(MatchRun).order_by(MatchRun.id)).scalars().all()
    assert len(runs) == len(before) + 1  # one run for both changes
    child = runs[-1]
    assert moved.location.endswith(f"/runs/{child.id}") and child.parent_id == run.id
    assert child.params["locked"] == [[boy, bo]] and child.params["forbidden"] == [[girl, bo]]
    audit = db.session.execute(select(AuditEntry).where(AuditEntry.action == "adjust")).scalar_one()
    assert len(audit.after["changes"]) == 2
    nothing = client.post(f"/runs/{run.id}/adjust-many", data={f"pair-{boy}-{bo}": ""})
    assert nothing.status_code == 302 and len(db.session.execute(select(MatchRun.id)).all()) == len(runs)


def test_a_person_is_paired_by_hand_only_within_the_hard_rules(client, login, app, scene):  # noqa: F811
    county = scene["county"]
    scene["bo"].user_id = county["users"]["vol"].id
    db.session.commit()
    run = run_and_solve(app, county, county["users"]["east"])
    girl, boy = scene["girl"], scene["boy"]
    rows = {c["name"]: c for c in candidates(run, girl.id)}
    assert rows["安姐"]["problems"] == []
    assert any("女性" in p for p in rows["薄哥"]["problems"])  # a girl of 8+ needs a female helper (004)
    try:
        assign_by_hand(county["users"]["east"], run, girl.id, scene["bo"].id)
    except AssignRefused as refused:
        assert "女性" in str(refused)
    else:
        raise AssertionError("a man was paired with a girl of 8+")
    db.session.rollback()
    login("east")
    page = client.get(f"/runs/{run.id}/assign/{boy.id}").get_data(as_text=True)
    assert "薄哥" in page and "与薄哥结对" in page
    client.post(f"/runs/{run.id}/assign/{boy.id}", data={"volunteer": scene["bo"].id})
    made = db.session.execute(select(Pairing)).scalar_one()
    assert (made.beneficiary_id, made.volunteer_id, made.response, made.run_id) == (boy.id, scene["bo"].id, "pending", None)
    assert db.session.execute(select(VolunteerService.load).where(
        VolunteerService.volunteer_id == scene["bo"].id)).scalar_one() == 1
    audit = db.session.execute(select(AuditEntry).where(AuditEntry.action == "assign")).scalar_one()
    assert audit.after["by_hand"] is True and audit.user_id == county["users"]["east"].id
    assert db.session.execute(select(Notification.kind).where(
        Notification.user_id == county["users"]["vol"].id)).scalars().all() == ["pairing_created"]
    again = client.post(f"/runs/{run.id}/assign/{boy.id}", data={"volunteer": scene["ann"].id}, follow_redirects=True)
    assert "已有帮扶人" in again.get_data(as_text=True)


def test_a_re_run_reuses_its_parents_instance_while_it_is_recent_and_proposed(app, scene):  # noqa: F811
    """Issue 27: a re-run answers without building again; the locks and forbids are this run's, declines stay."""
    from portal.assignment.runs import create_run, execute_run
    from portal.plugin.manager import current_plugins
    from .test_runs import child
    county = scene["county"]
    run = run_and_solve(app, county, county["users"]["east"])
    late = child(county, "后来的")  # added to the ledger after the proposal was made
    boy, bo, girl = scene["boy"].id, scene["bo"].id, scene["girl"].id
    service = current_plugins().services["children.caring_pairing"]

    def rerun():
        again = create_run(county["users"]["east"], service, "volunteer", county["east"],
                           {"locked": [[boy, bo]], "forbidden": [[girl, bo]]}, parent=run)
        execute_run(again.id)
        return db.session.get(MatchRun, again.id)
    reused = rerun()
    people = {b["id"] for b in reused.instance["beneficiaries"]}
    assert f"b{late.id}" not in people  # the parent's instance, not the ledger of now
    assert reused.instance["locked"] == [[f"b{boy}", f"v{bo}"]]
    assert reused.instance["forbidden"] == [[f"b{girl}", f"v{bo}"]]
    assert reused.status == "proposed"
    app.config["GUANAI_RERUN_REUSE_MINUTES"] = -1  # too old: built from the ledger
    built = rerun()
    assert f"b{late.id}" in {b["id"] for b in built.instance["beneficiaries"]}
