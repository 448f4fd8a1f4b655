"""A large sheet's commit is handed to the queue (issue 32), here with the app's immediate queue (the task runs as
it is queued, in the test's transaction); tests/background/test_import_jobs.py goes through the real queue.
The ledgers imported are those of 004 关于加强农村留守儿童关爱保护工作的意见 (一人一档)."""
import io
import re

from sqlalchemy import func, select

from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.transfer.models import ImportJob, ImportRun
from portal.volunteers.models import Volunteer

from .sheets import village_sheet
from .test_volunteers import sheet as volunteers_sheet


def commit_address(client, county, content=None, url="/transfer/import", name="东村.xlsx") -> str:
    response = client.post(url, data={"file": (io.BytesIO(content or village_sheet()), name),
                                      "place": str(county["v_east"].id), "group": ""},
                           content_type="multipart/form-data")
    page = client.get(response.location).get_data(as_text=True)
    return re.search(r"/transfer/(?:volunteers/)?import/[^/\"?]+/commit", page).group(0)


def jobs() -> list[ImportJob]:
    return list(db.session.execute(select(ImportJob)).scalars())


def test_a_small_sheet_is_still_committed_in_the_request(client, county, login):
    """Under GUANAI_IMPORT_QUEUE_ROWS (1,000 rows of the sheet) a commit takes a few seconds at most: it stays in
    the request, as exports under GUANAI_EXPORT_QUEUE_ROWS do; a row refused there is named on the preview."""
    login("east")
    commit = commit_address(client, county)
    refused = client.post(commit, data={"place": county["v_east"].id, "group": "", "update": "0"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and 'id="refused"' in page and "第 7 行，身份类别：" in page
    done = client.post(commit, data={"place": county["v_east"].id, "group": "", "update": "0",
                                     "outside_rules_reason": "村委会核实"})
    assert done.status_code == 302 and done.location.endswith("/transfer/import")
    assert jobs() == [] and db.session.execute(select(func.count()).select_from(Beneficiary)).scalar_one() == 5


def test_nobody_else_sees_an_import_job(client, county, login, app):
    app.config["GUANAI_IMPORT_QUEUE_ROWS"] = 3
    login("east")
    commit = commit_address(client, county)
    response = client.post(commit, data={"place": county["v_east"].id, "group": "children", "update": "0"})
    job_id = int(response.location.rsplit("/", 1)[-1])
    job = db.session.get(ImportJob, job_id)
    assert job.status == "refused" and [p[:2] for p in job.problems] == [[7, "身份类别"]]  # 王芳: not a child
    for other in ("west", "coord", "admin", "kids"):
        login(other)
        for url in (f"/transfer/jobs/{job_id}", f"/transfer/jobs/{job_id}/status"):
            assert client.get(url).status_code == 404, (other, url)
        assert f"/transfer/jobs/{job_id}" not in client.get("/transfer/import").get_data(as_text=True)
    login("east")
    assert "第 7 行" in client.get(f"/transfer/jobs/{job_id}").get_data(as_text=True)
    # the owner finds it again from the upload page (the volunteers' upload page lists only volunteers' imports)
    listed = client.get("/transfer/import").get_data(as_text=True)
    assert f'href="/transfer/jobs/{job_id}"' in listed and "未写入任何数据：表格中有问题。" in listed
    assert f"/transfer/jobs/{job_id}" not in client.get("/transfer/volunteers/import").get_data(as_text=True)


def test_a_ledger_job_ends_on_the_groups_list_with_the_mapping_fixed_on_the_page(client, county, login, app):
    app.config["GUANAI_IMPORT_QUEUE_ROWS"] = 3
    header = ["姓名", "性别", "出生日期", "身份类别", "住处"]
    rows = [[f"孩子{i}", "男", "2015-01-0{}".format(i + 1), "留守儿童", f"东村{i}号"] for i in range(4)]
    login("east")
    commit = commit_address(client, county, village_sheet(rows, header))
    fixed = {"place": county["v_east"].id, "group": "children", "update": "0", "mapped": "1", "col-0": "姓名",
             "col-1": "性别", "col-2": "出生日期", "col-3": "身份类别", "col-4": "家庭住址"}
    job_page = client.post(commit, data=fixed).location
    assert "/transfer/jobs/" in job_page
    done = client.get(job_page)  # the immediate queue wrote it already: the group's list, with the counts
    assert done.status_code == 302 and done.location.endswith("/g/children/")
    addresses = dict(db.session.execute(select(Beneficiary.name, Beneficiary.address)).all())
    assert addresses == {f"孩子{i}": f"东村{i}号" for i in range(4)}
    run = db.session.execute(select(ImportRun)).scalar_one()
    assert run.counts["written_new"] == 4 and jobs()[0].import_run_id == run.id


def test_a_volunteers_sheet_is_committed_on_the_queue_too(client, county, login, app):
    app.config["GUANAI_IMPORT_QUEUE_ROWS"] = 3
    login("coord")
    commit = commit_address(client, county, volunteers_sheet(), url="/transfer/volunteers/import", name="志愿者.xlsx")
    response = client.post(commit, data={"place": county["v_east"].id, "update": "0"})
    assert "/transfer/jobs/" in response.location
    done = client.get(response.location)
    assert done.status_code == 302 and done.location.endswith("/volunteers/")
    assert set(db.session.execute(select(Volunteer.name)).scalars()) == {"周老师", "吴大哥"}
    job = jobs()[0]
    assert (job.what, job.status) == ("volunteers", "done")
    assert db.session.get(ImportRun, job.import_run_id).counts["written_new"] == 2


def test_a_job_whose_place_left_the_users_area_fails_and_writes_nothing(county, app):
    """The worker answers as the user who asked: a place outside their area (moved meanwhile) is not theirs."""
    from portal.transfer import store
    from portal.transfer.jobs import commit_import, start_import_job
    from portal.transfer.sheets import read_rows
    east = county["users"]["east"]
    rows = read_rows("东村.xlsx", village_sheet())
    with app.test_request_context("/transfer/import/x/commit"):
        job = start_import_job(east, "ledger", "t" * 32, "东村.xlsx", rows,
                               {"place": county["v_west"].id, "group": None, "update": False, "mapping": None,
                                "reason": "村委会核实"})
        db.session.commit()
        assert store.unpack(job.sheet) == rows  # the kept rows, dates included, as a worker elsewhere reads them
    commit_import(job.id)
    job = db.session.get(ImportJob, job.id)
    assert (job.status, job.sheet) == ("failed", None) and "不在您的管辖范围内" in job.error
    assert db.session.execute(select(func.count()).select_from(Beneficiary)).scalar_one() == 0
