"""The overdue counts and gaps kept per village with the due table (portal.duties.counts), and the overdue list
paged by keyset: what the kept rows say is what counting the due table says, for every filter and view, after
each kind of change; a page chain shows every overdue duty once; stale or never-written counts are not used."""
from datetime import timedelta
import re

from sqlalchemy import func, select, update

from portal.core.time import local_today
from portal.extensions import db

from .conftest import born_years_ago, owner, someone, user, visit


def _county(county, grids):
    cadre = user("cadre", place=county["v_east"], role="coordinator")
    owner("village_cadre", cadre, place=county["v_east"])
    owner("grid_worker", user("worker"), place=grids["g1"])
    people = []
    for i in range(6):
        p = someone(grids["g1" if i % 2 else "g2"], category="left_behind", name=f"东{i}")
        visit(p, "door", days=3 + 4 * i)         # some overdue, some not
        people.append(p)
    people.append(someone(grids["g3"], category="left_behind", name="西0"))
    people.append(someone(grids["g1"], group="elderly", category="alone", birth=born_years_ago(75), name="老1"))
    return cadre, people


def _both(user_, filters):
    """The overdue total and counts from the kept rows and from the due table itself."""
    from portal.duties import counts, lists
    today = local_today()
    assert counts.usable(user_, filters.place, today)
    kept = (counts.kept_total(user_, filters, today), counts.kept_counts(user_, filters, today))
    direct = (db.session.execute(select(func.count()).select_from(lists.DutyDue).where(
        *lists.filter_clauses(user_, filters), lists.DutyDue.due_on < today)).scalar_one(),
              lists._due_counts(user_, filters, today))
    return kept, direct


def _same(kept, direct):
    assert kept[0] == direct[0]
    for key in ("village", "duty", "owner", "group"):
        assert sorted(map(repr, kept[1][key])) == sorted(map(repr, map(tuple, direct[1][key]))), key


def test_the_kept_counts_are_the_due_tables_counts_for_every_filter_and_view(app, county, grids):
    from portal.duties.cli import SYSTEM
    from portal.duties.lists import Filters
    cadre, people = _county(county, grids)
    users = [SYSTEM, county["users"]["coord"], county["users"]["east"], county["users"]["west"],
             county["users"]["kids"], county["users"]["elders"], cadre]
    filters = [Filters(), Filters(place=county["v_east"]), Filters(place=county["east"]), Filters(group="children"),
               Filters(duty="children.door"), Filters(role="grid_worker"), Filters(unowned=True),
               Filters(owner_id=cadre.id)]
    seen = 0
    from portal.duties import counts
    for u in users:
        for f in filters:
            kept, direct = _both(u, f)
            _same(kept, direct)
            seen += kept[0]
    assert seen > 0
    # the views of a township or the county read the sums per village and township (WAYS), the others the counts
    assert counts.summed(SYSTEM, Filters()) and counts.summed(county["users"]["coord"], Filters(group="children"))
    assert counts.summed(county["users"]["east"], Filters(place=county["east"]))
    assert not counts.summed(cadre, Filters()) and not counts.summed(SYSTEM, Filters(place=county["v_east"]))
    assert not counts.summed(SYSTEM, Filters(duty="children.door"))
    # after a visit, a move to the other village and a person leaving, the two still agree
    visit(people[5], "door", days=0)
    people[4].place_id = grids["g3"].id
    people[3].status = "inactive"
    db.session.commit()
    for u in users:
        _same(*_both(u, Filters()))
        _same(*_both(u, Filters(place=county["v_west"])))


def test_a_visit_takes_one_off_the_villages_count_and_the_page_says_so(app, county, grids, client, login):
    from portal.duties.models import DutyCount
    cadre, people = _county(county, grids)
    login("cadre")
    total = lambda: int(re.search(r'id="overdue-total">(\d+)<', client.get("/duties/overdue")  # noqa: E731
                                  .get_data(as_text=True)).group(1))
    kept = lambda: db.session.execute(select(func.sum(DutyCount.n)).where(  # noqa: E731
        DutyCount.village_id == county["v_east"].id, DutyCount.duty == "children.door",
        DutyCount.due_by < local_today())).scalar_one()
    n, before = kept(), total()
    visit(people[5], "door", days=0)      # its door visit was 23 days ago: overdue until now
    assert kept() == n - 1
    assert total() == before - 1


def test_the_gaps_kept_are_the_gaps_counted(app, county, grids):
    from portal.duties.cli import SYSTEM
    from portal.duties.models import DutyCount
    from portal.duties.owners import gaps
    _county(county, grids)
    kept = gaps(SYSTEM)
    db.session.execute(DutyCount.__table__.delete())      # as after the upgrade: counted from the due table
    direct = gaps(SYSTEM)
    assert kept and sorted(map(repr, kept)) == sorted(map(repr, direct))
    staff = gaps(county["users"]["elders"])
    assert staff and {g.village for g in staff} == {"东村"}


def test_stale_or_missing_counts_are_not_used(app, county, grids):
    from portal.duties import counts
    from portal.duties.cli import SYSTEM
    from portal.duties.lists import Filters, overdue_total
    from portal.duties.models import DutyCount
    _county(county, grids)
    today = local_today()
    total = overdue_total(SYSTEM, Filters())
    assert counts.usable(SYSTEM, None, today)
    assert not counts.usable(SYSTEM, None, today + timedelta(days=counts.HORIZON + 1))
    assert not counts.usable(SYSTEM, grids["g1"], today)                 # a grid: the due table answers
    db.session.execute(update(DutyCount).values(n=DutyCount.n + 100, as_of=today - timedelta(days=30)))
    assert overdue_total(SYSTEM, Filters()) == total                  # stale: not read
    db.session.execute(DutyCount.__table__.delete())
    assert not counts.usable(SYSTEM, None, today)
    assert overdue_total(SYSTEM, Filters()) == total


def test_the_counts_stay_exact_for_the_horizon_after_a_refresh(app, county, grids):
    """A duty due in three days is not overdue today and is three days on, without a refresh in between."""
    from portal.duties import counts
    from portal.duties.cli import SYSTEM
    from portal.duties.lists import Filters, filter_clauses
    from portal.duties.models import DutyDue
    _county(county, grids)
    today = local_today()
    for ahead in range(0, counts.HORIZON + 1):
        day = today + timedelta(days=ahead)
        direct = db.session.execute(select(func.count()).select_from(DutyDue).where(
            *filter_clauses(SYSTEM, Filters()), DutyDue.due_on < day)).scalar_one()
        assert counts.kept_total(SYSTEM, Filters(), day) == direct, ahead


def test_the_overdue_list_pages_by_keyset_and_shows_each_overdue_duty_once(app, county, grids, client, login,
                                                                          monkeypatch):
    from portal.duties import views
    from portal.duties.cli import SYSTEM
    from portal.duties.lists import Filters, duty_rows
    _county(county, grids)
    monkeypatch.setattr(views, "PER_PAGE", 3)
    login("admin")
    url, seen, pages = "/duties/overdue", [], 0
    while url:
        page = client.get(url).get_data(as_text=True)
        table = page.split('id="overdue"')[1].split("</table>")[0]
        seen += re.findall(r'/duties/person/(\d+)">', table)
        nxt = re.search(r'href="([^"]+)" rel="next"', page)
        url = nxt.group(1).replace("&amp;", "&") if nxt else None
        pages += 1
        assert pages < 50
    everything = duty_rows(SYSTEM, Filters(), overdue=True)
    assert pages > 1 and len(seen) == len(everything)
    assert seen == [str(r.person_id) for r in everything]


def test_a_bad_cursor_is_a_400_naming_the_field(app, county, grids, client, login):
    _county(county, grids)
    login("admin")
    for bad in ("x", "2026-01-01.abc.children.door", "2026-13-01.1.children.door", "2026-01-01.1.",
                f"2026-01-01.{2 ** 64}.children.door"):
        r = client.get("/duties/overdue", query_string={"after": bad})
        assert r.status_code == 400 and "after" in r.get_data(as_text=True), bad


def test_paired_helpers_duties_are_counted_per_village_and_duty_not_per_helper(app, county, grids):
    """Every paired helper owns their own few duties (004): counting them one by one made a county's kept counts
    some 75,000 rows, all read by each view of the overdue list. They are kept per village and duty, with
    whether they have an owner; the totals and the counts by village, duty and group are the due table's, and
    the helpers' line by owner is their sum; a list filtered by one owner is counted from the due table."""
    from portal.duties import counts, lists
    from portal.duties.cli import SYSTEM
    from portal.duties.lists import Filters
    from portal.duties.models import DutyCount, DutyDue

    from ..factories import add_volunteer
    from .conftest import pair
    cadre, _people = _county(county, grids)
    helpers = [add_volunteer(county, f"帮{i}", user=user(f"helper{i}"), services=("children.caring_pairing",))
               for i in range(3)]
    no_account = add_volunteer(county, "无账号", services=("children.caring_pairing",))
    for i, h in enumerate([*helpers, no_account]):
        for j in range(2):
            pair(someone(grids["g1" if j else "g3"], category="left_behind", name=f"结{i}{j}"), h,
                 started_days_ago=100)   # the helper's monthly visit: overdue
    today = local_today()
    helper_rows = db.session.execute(select(DutyCount).where(DutyCount.owner_role == "helper")).scalars().all()
    assert helper_rows and all(r.owner_id is None for r in helper_rows)
    assert {r.owned for r in helper_rows} == {True, False}            # the volunteer without an account: no owner
    # one row per village, duty and day bucket, whatever the number of helpers
    assert len({(r.village_id, r.duty, r.owned, r.due_by) for r in helper_rows}) == len(helper_rows)
    for f in (Filters(), Filters(role="helper"), Filters(unowned=True), Filters(place=county["v_east"])):
        kept, direct = _both(SYSTEM, f)
        assert kept[0] == direct[0]
        for key in ("village", "duty", "group"):
            assert sorted(map(repr, kept[1][key])) == sorted(map(repr, map(tuple, direct[1][key]))), key
        each = [n for name, role, n in kept[1]["owner"] if name == counts.EACH_OWNER]
        named = sum(n for name, role, n in direct[1]["owner"] if role == "helper" and name is not None)
        assert sum(each) == named
    shown = lists.overdue_counts(SYSTEM, Filters(role="helper"))["owner"]
    assert any(line.startswith("各自 · ") or line.startswith("each their own · ") for line, _n in shown)
    # one helper's list: from the due table (the counts no longer say which helper)
    mine = Filters(owner_id=helpers[0].user_id)
    assert not counts.usable(SYSTEM, None, today, mine.owner_id)
    assert lists.overdue_total(SYSTEM, mine) == db.session.execute(select(func.count()).select_from(DutyDue).where(
        DutyDue.owner_id == helpers[0].user_id, DutyDue.due_on < today)).scalar_one() == 2
    # a coordinator who is also a paired helper sees their own duties anywhere: counted from the due table
    both = user("coordhelper", place=county["v_west"], role="coordinator")
    pair(someone(grids["g1"], category="left_behind", name="东结"),
         add_volunteer(county, "协调员帮扶", user=both, services=("children.caring_pairing",)), started_days_ago=100)
    assert not counts.usable(both, None, today)
    assert lists.overdue_total(both, Filters()) == len(lists.duty_rows(both, Filters(), overdue=True))
