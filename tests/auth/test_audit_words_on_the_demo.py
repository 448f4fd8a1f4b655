"""The audit page on the demo county reads in words (issue 27, "no Chinese page shows a code"): field labels, values
as labels, people and places by name, local times -- for the demo's own entries (mutual-aid groups, a leader's
report, a meeting) and those a new coordinator's first steps add (a match run with a lock and a forbid, its commit,
a person leaving the ledger)."""
import re
from datetime import date

from sqlalchemy import select

from portal.assignment.models import MatchRun
from portal.assignment.pairings import commit_run
from portal.assignment.runs import create_run, execute_run
from portal.auth.models import User
from portal.demo import DEMO_PASSWORD, build_demo_county
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.ledger.records import leave_record
from portal.places.models import Place
from portal.plugin.manager import current_plugins

#: A code as stored: lower-case ASCII words, perhaps joined by underscores (``leader_id``, ``ill``, ``monthly``).
CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*\b")


def changes_cells(html: str) -> list[str]:
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return [re.sub(r"<[^>]+>", " ", li) for li in re.findall(r"<li>(.*?)</li>", body, re.S)]


def test_every_audit_entry_of_a_demo_walk_reads_in_words(app, client):
    build_demo_county(seed=7)
    township = db.session.execute(select(User).filter_by(username="township")).scalar_one()
    place = township.place
    service = current_plugins().services["children.caring_pairing"]
    first = create_run(township, service, "volunteer", place)
    execute_run(first.id)
    first = db.session.get(MatchRun, first.id)
    pairs = [(int(a["beneficiary"][1:]), int(a["volunteer"][1:])) for a in first.result["assignments"][:2]]
    again = create_run(township, service, "volunteer", place, {"locked": [list(pairs[0])], "forbidden": [list(pairs[1])]},
                       parent=first)
    execute_run(again.id)
    commit_run(township, db.session.get(MatchRun, again.id))
    person = db.session.execute(select(Beneficiary).where(Beneficiary.status == "active")).scalars().first()
    leave_record(township, person, "moved", date(2026, 11, 1))
    db.session.commit()

    client.post("/login", data={"username": "admin", "password": DEMO_PASSWORD})
    cells, page = [], 1
    while True:
        html = client.get(f"/admin/audit/?page={page}").get_data(as_text=True)
        found = changes_cells(html)
        if not found:
            break
        cells += found
        page += 1
    assert len(cells) > 20
    raw = sorted({c for c in cells if CODE.search(c)})
    assert raw == [], "\n".join(raw)
    text = " ".join(cells)
    # the mutual-aid group's leader by name, its rhythm and a report's kind in words, a village by its full name
    assert "组长" in text and "每月" in text and ("生病" in text or "摔倒" in text)
    assert any(p.full_name in text for p in db.session.execute(select(Place)).scalars())
    left = changes_cells(client.get("/admin/audit/?entity=beneficiary&action=leave").get_data(as_text=True))
    assert "在册 → 已退出" in " ".join(left) and "迁出" in " ".join(left)
    # a run's locked and forbidden pairs by the names of the person and the helper; the commit's counts in words
    created = " ".join(changes_cells(client.get("/admin/audit/?entity=match_run&action=create").get_data(as_text=True)))
    assert "锁定的结对" in created and db.session.get(Beneficiary, pairs[0][0]).name in created
    assert "新增结对" in " ".join(changes_cells(
        client.get("/admin/audit/?entity=match_run&action=commit").get_data(as_text=True)))
