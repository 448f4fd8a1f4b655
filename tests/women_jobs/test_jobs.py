"""Job postings for left-behind women (002: "积极提供就业岗位信息，通过微信群发布"): a poster and WeChat text, who was
told, interested, placed; scoped to the area."""
from datetime import date

from sqlalchemy import select

from plugins.women.jobs import JobOutcome, JobPosting
from portal.extensions import db

from ..factories import add_person


def test_staff_post_a_job_share_it_and_follow_each_woman(client, login, county):
    woman = add_person("women", county["v_east"], name="刘桂兰", birth=date(1985, 3, 1))
    far = add_person("women", county["v_west"], name="西村妇女", birth=date(1985, 3, 1))
    login("east")
    reply = client.post("/g/women/jobs", data={"title": "服装厂缝纫工", "employer": "东乡制衣厂",
                                              "place": county["east"].id, "pay": "月薪3500元", "contact": "王经理 13800001111",
                                              "closes_on": "2027-01-31"})
    assert reply.status_code == 302
    posting = db.session.execute(select(JobPosting)).scalar_one()
    page = client.get(f"/g/women/jobs/{posting.id}").get_data(as_text=True)
    assert "【招工信息】服装厂缝纫工" in page and "月薪3500元" in page and "刘桂兰" in page and "西村妇女" not in page
    poster = client.get(f"/g/women/jobs/{posting.id}/poster.svg")
    assert poster.mimetype == "image/svg+xml" and "服装厂缝纫工" in poster.get_data(as_text=True)
    for step in ("told", "interested", "placed"):
        client.post(f"/g/women/jobs/{posting.id}", data={"person": woman.id, "step": step})
    assert db.session.execute(select(JobOutcome.step)).scalars().all() == ["placed"]  # one row, the furthest step
    assert client.post(f"/g/women/jobs/{posting.id}", data={"person": far.id, "step": "told"}).status_code == 404


def test_postings_are_scoped_to_the_area_and_the_group(client, login, county):
    posting = JobPosting(title="采茶工", employer="青山茶场", place_id=county["east"].id, closes_on=date(2027, 1, 1))
    db.session.add(posting)
    db.session.commit()
    login("west")
    assert "采茶工" not in client.get("/g/women/jobs").get_data(as_text=True)
    assert client.get(f"/g/women/jobs/{posting.id}").status_code == 404
    login("kids")
    assert client.get("/g/women/jobs").status_code == 403
    login("east")
    assert "采茶工" in client.get("/g/women/jobs").get_data(as_text=True)


def test_a_womans_training_is_recorded_on_her_page_and_scoped(client, login, county):
    woman = add_person("women", county["v_east"], name="刘桂兰", birth=date(1985, 3, 1))
    login("east")
    client.post(f"/g/women/{woman.id}/training", data={"course": "电商直播培训", "attended_on": "2026-11-20",
                                                       "hours": "16", "certificate": "电子商务初级证书"})
    client.post(f"/g/women/{woman.id}/training", data={"course": "未来的课", "attended_on": "2099-01-01", "hours": "2"})
    page = client.get(f"/g/women/{woman.id}").get_data(as_text=True)
    assert "电商直播培训" in page and "电子商务初级证书" in page and "未来的课" not in page
    assert "共 16 学时" in page
    login("west")
    assert client.post(f"/g/women/{woman.id}/training", data={"course": "x", "attended_on": "2026-11-20"}
                       ).status_code == 404

