"""Reviews overdue (issue 29, "a list of reviews overdue"; 003 and 002 programmes are reviewed, e.g. 低保 yearly):
cases granted and not ended whose next review has passed are listed, most overdue first, with counts by programme;
ended or not-yet-granted cases and reviews still to come are not; scoped like the register."""
from datetime import date, timedelta

from portal.assistance.models import AssistanceCase
from portal.assistance.reviews import overdue_counts, overdue_reviews
from portal.core.time import local_today
from portal.extensions import db

from ..factories import add_person


def _case(person, programme, state, review):
    db.session.add(AssistanceCase(beneficiary_id=person.id, programme=programme, state=state, next_review=review,
                                  handled_by="民政所张干事"))


def test_reviews_past_their_day_are_listed_most_overdue_first(client, login, county):
    today = local_today()
    east = add_person("elderly", county["v_east"], name="王奶奶", birth=date(1940, 1, 1))
    west = add_person("elderly", county["v_west"], name="李爷爷", birth=date(1941, 1, 1))
    _case(east, "dibao", "paying", today - timedelta(days=40))
    _case(east, "old_age", "approved", today - timedelta(days=3))
    _case(west, "dibao", "review", today - timedelta(days=10))
    _case(west, "medical", "ended", today - timedelta(days=90))          # ended: no review
    _case(west, "temporary", "applied", today - timedelta(days=90))      # not granted yet
    _case(east, "medical", "paying", today)                              # due today: not yet overdue
    _case(east, "disability", "paying", None)                            # no review set
    db.session.commit()
    rows = overdue_reviews(county["users"]["coord"])
    assert [(r.name, r.programme, r.days_overdue(today)) for r in rows] == [
        ("王奶奶", "dibao", 40), ("李爷爷", "dibao", 10), ("王奶奶", "old_age", 3)]
    assert overdue_counts(county["users"]["coord"]) == {"dibao": 2, "old_age": 1}
    assert [r.name for r in overdue_reviews(county["users"]["west"])] == ["李爷爷"]
    assert overdue_counts(county["users"]["coord"], place=county["east"]) == {"dibao": 1, "old_age": 1}
    login("coord")
    page = client.get("/assistance/reviews").get_data(as_text=True)
    assert "逾期未复核" in page and "王奶奶" in page and "民政所张干事" in page
    assert client.get(f"/assistance/reviews?place={county['west'].id}").get_data(as_text=True).count("王奶奶") == 0
    login("vol")
    assert client.get("/assistance/reviews").status_code == 403
