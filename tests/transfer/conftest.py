"""The transfer tests' county has a sub-place "一组" under 东村 (a grid), as villages keep their groups."""
import pytest

from ..factories import make_place


@pytest.fixture
def grid(county):
    from portal.extensions import db
    place = make_place("G1", "一组", "grid", county["v_east"])
    db.session.commit()
    return place
