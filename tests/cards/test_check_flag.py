"""A helper whose background check does not count is flagged on the printed cards too (issue 27: the pairing list,
dashboard, person and helper pages said so; the contact card a family keeps did not), by the pairing list's reader
(``assignment.ending.flagged_ids``): a pairing with a minor, the check pending, failed or expired."""
from datetime import timedelta

from portal.core.time import local_today
from portal.extensions import db

from .test_printing import text_of


def test_the_contact_and_pairing_cards_flag_a_helper_whose_check_lapsed(client, scene, login):
    login("east")
    home = f"/cards/household/{scene['home'].id}"
    assert "背景审查" not in text_of(client, home)  # 陈老师's check passed
    scene["teacher"].background_check = "pending"
    db.session.commit()
    page = text_of(client, home)
    assert "陈老师" in page and "背景审查：审查中" in page
    assert page.count("背景审查") == 1  # 赵阿姨 helps the grandmother: no check asked for work with elders
    pairing = text_of(client, f"/cards/pairing/{scene['child_pairing'].id}")
    assert pairing.count("背景审查：审查中") == 2  # the family's copy and the helper's
    # passed too long ago: expired
    scene["teacher"].background_check = "passed"
    scene["teacher"].background_checked_on = local_today() - timedelta(days=400)
    db.session.commit()
    assert "背景审查：已过期" in text_of(client, f"/cards/batch/contacts?place={scene['county']['v_east'].id}")
