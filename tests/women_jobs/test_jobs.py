"""Job postings for left-behind women (002: "积极提供就业岗位信息，通过微信群发布"): a poster and WeChat text, who was
told, interested, placed; scoped to the area."""
from datetime import date

from flask_babel import refresh
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
    assert client.post(f"/g/women/{woman.id}/training", data={"course": "", "attended_on": "2026-11-20"},
                       follow_redirects=True).get_data(as_text=True).count("课程：") == 1
    login("west")
    assert client.post(f"/g/women/{woman.id}/training", data={"course": "x", "attended_on": "2026-11-20"}
                       ).status_code == 404



def test_a_posting_with_missing_fields_shows_what_is_wrong_beside_them_and_writes_nothing(client, login, county):
    login("east")
    reply = client.post("/g/women/jobs", data={"title": "", "employer": "东乡制衣厂", "place": county["east"].id,
                                              "closes_on": "0001-01-01"})
    page = reply.get_data(as_text=True)
    assert reply.status_code == 422
    assert page.count('class="error"') == 2 and "岗位名称" in page and "报名截止" in page
    assert db.session.execute(select(JobPosting)).first() is None
    outside = client.post("/g/women/jobs", data={"title": "采茶工", "employer": "青山茶场", "place": county["west"].id,
                                                "closes_on": "2027-01-31"})
    assert outside.status_code == 422 and db.session.execute(select(JobPosting)).first() is None


def test_staff_tell_many_women_at_once_and_nobody_goes_back_a_step(client, login, county):
    """002: the job is sent to the village's WeChat group, so the staff mark everyone in it told at once."""
    women = [add_person("women", county["v_east"], name=n, birth=date(1985, 3, 1)) for n in ("刘桂兰", "张秀英", "王芳")]
    login("east")
    client.post("/g/women/jobs", data={"title": "采茶工", "employer": "青山茶场", "place": county["east"].id,
                                      "closes_on": "2027-01-31"})
    posting = db.session.execute(select(JobPosting)).scalar_one()
    client.post(f"/g/women/jobs/{posting.id}", data={"person": women[0].id, "step": "placed"})
    reply = client.post(f"/g/women/jobs/{posting.id}", data={"people": [w.id for w in women], "step": "told"},
                        follow_redirects=True)
    assert "2 位妇女已标记为“已告知”" in reply.get_data(as_text=True)
    steps = dict(db.session.execute(select(JobOutcome.beneficiary_id, JobOutcome.step)).all())
    assert steps == {women[0].id: "placed", women[1].id: "told", women[2].id: "told"}


def test_the_jobs_pages_speak_english_and_are_in_the_nav(client, login, county):
    add_person("women", county["v_east"], name="刘桂兰", birth=date(1985, 3, 1))
    login("east")
    assert 'href="/g/women/jobs"' in client.get("/").get_data(as_text=True)
    client.post("/lang/en", data={"next": "/"})
    refresh()  # the test's app context outlives its requests: Flask-Babel keeps the locale it chose on g
    client.post("/g/women/jobs", data={"title": "Tea picker", "employer": "Green Hill", "place": county["east"].id,
                                      "closes_on": "2027-01-31"})
    posting = db.session.execute(select(JobPosting)).scalar_one()
    page = client.get(f"/g/women/jobs/{posting.id}").get_data(as_text=True)
    assert "[Job] Tea picker" in page and "Told and placed" in page and "招工" not in page
    login("kids")
    refresh()
    assert 'href="/g/women/jobs"' not in client.get("/").get_data(as_text=True)
