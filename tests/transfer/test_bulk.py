"""The import writes through the ledger's batch service: exactly what ``save_record`` row by row wrote (the
same records, profiles, households and audit entries), all or nothing, and nobody twice."""
from datetime import date

import pytest
from sqlalchemy import select, text

from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.transfer.commit import ImportRefused, commit_preview

from ..factories import add_person, ledger_state
from .helpers import REASON, count, imported, per_row_commit, preview
from .sheets import id_number, national_form, village_rows, village_sheet


def both_ways(user, content, place, update=False, group=None) -> tuple[dict, dict]:
    """The ledger after committing ``content`` through the batch, then (rolled back) row by row."""
    states = []
    for write in (commit_preview, per_row_commit):
        result = preview(user, content, place, update=update, group=group)
        assert result.ok, result.row_problems()
        write(user, result, place.id, REASON)
        db.session.flush()
        states.append(ledger_state())
        db.session.rollback()
    return states[0], states[1]


def test_a_mixed_sheet_writes_what_the_row_by_row_path_wrote(county, grid):
    user = county["users"]["east"]
    batch, by_row = both_ways(user, village_sheet(), county["v_east"])
    assert len(batch["people"]) == 5 and len(batch["households"]) == 5  # 王德福's, and 李大山's two children share one
    assert {a[1] for a in batch["audit"]} == {"create", "import"} and len(batch["audit"]) == 6
    assert batch == by_row


def test_the_national_form_writes_what_the_row_by_row_path_wrote(county):
    user = county["users"]["east"]
    batch, by_row = both_ways(user, national_form(), county["v_east"], group="children")
    assert batch["profiles"]["children"] and batch == by_row


def test_an_update_writes_what_the_row_by_row_path_wrote(county, grid):
    user = county["users"]["east"]
    imported(user, village_sheet(), county["v_east"])
    rows = village_rows()
    rows[0][7] = "13811112222"          # a new phone
    rows[1][9] = "东村二组9号"           # a new address
    rows[2][12] = "丈夫在深圳"           # new notes
    rows[3][8] = ""                      # no sub-place: the village
    batch, by_row = both_ways(user, village_sheet(rows), county["v_east"], update=True)
    updates = [a for a in batch["audit"] if a[1] == "update"]
    assert len(updates) == 4 and all(a[5]["version"] == 2 for a in updates)
    assert batch == by_row


def test_a_failure_mid_way_writes_nothing(county, grid):
    """A record takes the second row's ID number between preview and commit: no row, household or entry stays."""
    user = county["users"]["east"]
    rows = village_rows()
    rows[1][6] = id_number("20140903", "789")
    result = preview(user, village_sheet(rows), county["v_east"])
    assert result.ok
    before = ledger_state()
    add_person("women", county["v_west"], name="别人", id_number=id_number("20140903", "789"))
    with pytest.raises(ImportRefused) as refused:
        commit_preview(user, result, county["v_east"].id)
    db.session.rollback()
    assert len(refused.value.problems) == 1 and refused.value.problems[0].startswith("row 5, 公民身份证号码:")
    assert db.session.execute(select(Beneficiary.name)).scalars().all() == ["别人"]
    after = ledger_state()
    assert after["households"] == before["households"] and len(after["audit"]) == len(before["audit"])


def test_reimport_adds_nobody_and_an_update_changes_only_what_differs(county, grid):
    user = county["users"]["east"]
    imported(user, village_sheet(), county["v_east"])
    first = ledger_state()
    again = imported(user, village_sheet(), county["v_east"], update=True)
    assert again.counts["same"] == 5 and count() == 5
    assert ledger_state()["people"] == first["people"]
    rows = village_rows()
    rows[4][7] = "13700003333"
    imported(user, village_sheet(rows), county["v_east"], update=True)
    person = db.session.execute(select(Beneficiary).where(Beneficiary.name == "陈思")).scalar_one()
    assert (person.phone, person.version, count()) == ("13700003333", 2, 5)
    assert person.birth_date == date(2012, 3, 4)


def test_matching_leaves_the_sessions_plan_setting_as_it_was(county, grid, backend):
    """On PostgreSQL the lookups are planned for their own names, and only they (the commit that may follow
    in the same transaction is planned as usual)."""
    imported(county["users"]["east"], village_sheet(), county["v_east"])
    again = preview(county["users"]["east"], village_sheet(), county["v_east"])
    assert again.counts["duplicate"] == 5
    if backend == "postgresql":
        assert db.session.execute(text("SHOW plan_cache_mode")).scalar_one() == "auto"
