"""``guanai import ledger`` and ``guanai export ledger``: the preview summary, problems one a line, exit 2."""
from sqlalchemy import select

from portal.extensions import db
from portal.transfer.models import ImportRun

from .helpers import count, people
from .sheets import village_rows, village_sheet


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_preview_only_writes_nothing(app, county, grid, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", "ledger", write(tmp_path, "东村.xlsx", village_sheet()), "--place", "V1"])
    assert result.exit_code == 0, result.output
    assert "5 new" in result.output and "nothing written" in result.output
    assert count() == 0


def test_commit_writes_and_a_second_run_adds_nobody(app, county, grid, tmp_path):
    runner = app.test_cli_runner()
    path = write(tmp_path, "东村.xlsx", village_sheet())
    refused = runner.invoke(args=["import", "ledger", path, "--place", "V1", "--commit"])
    assert refused.exit_code == 2 and "row 7, 身份类别: 王芳: outside the group's rules" in refused.output
    assert count() == 0  # a woman whose husband's years away are not recorded is written only with a reason
    result = runner.invoke(args=["import", "ledger", path, "--place", "V1", "--commit", "--outside-reason", "村委会核实"])
    assert result.exit_code == 0, result.output
    assert "written: 5 new, 0 updated" in result.output
    again = runner.invoke(args=["import", "ledger", path, "--place", "V1", "--commit"])
    assert "5 duplicate" in again.output and "written: 0 new" in again.output
    assert count() == 5
    assert db.session.execute(select(db.func.count()).select_from(ImportRun)).scalar_one() == 2


def test_a_bad_row_exits_2_names_every_problem_and_writes_nothing(app, county, grid, tmp_path):
    rows = village_rows()
    rows[0][4] = "2019-13-40"
    rows[2][7] = "call me"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", "ledger", write(tmp_path, "bad.xlsx", village_sheet(rows)), "--place", "V1",
                                 "--commit"])
    assert result.exit_code == 2
    assert ("row 4, 出生日期: 2019-13-40 不是日期\n"
            "row 7, 联系电话: 请填写手机号（11位）或带区号的固定电话，如 0731-1234567。\n") in result.output
    assert count() == 0


def test_bad_options_exit_2(app, county, tmp_path):
    runner = app.test_cli_runner()
    path = write(tmp_path, "x.xlsx", village_sheet())
    result = runner.invoke(args=["import", "ledger", path, "--place", "NOPE"])
    assert result.exit_code == 2 and "--place: no place has the code 'NOPE'" in result.output
    result = runner.invoke(args=["import", "ledger", path, "--place", "V2", "--user", "east"])
    assert result.exit_code == 2 and "--place" in result.output  # 西村 is outside east's jurisdiction
    result = runner.invoke(args=["import", "ledger", path, "--place", "V1", "--group", "martians"])
    assert result.exit_code == 2 and "--group: unknown group" in result.output


def test_export_then_import_changes_nothing(app, county, grid, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(args=["import", "ledger", write(tmp_path, "东村.xlsx", village_sheet()), "--place", "V1", "--commit",
                        "--outside-reason", "村委会核实"])
    before = {n: (p.phone, p.address, p.notes, p.birth_date, p.place_id, p.category) for n, p in people().items()}
    for group in ("children", "women", "elderly"):
        for kind in ("xlsx", "csv"):
            out = str(tmp_path / f"{group}.{kind}")
            result = runner.invoke(args=["export", "ledger", "--group", group, "-o", out])
            assert result.exit_code == 0, result.output
            again = runner.invoke(args=["import", "ledger", out, "--place", "C", "--group", group, "--update",
                                        "--commit"])
            assert again.exit_code == 0, again.output
            assert "0 new, 0 update" in again.output and "0 error" in again.output
    db.session.expire_all()
    after = {n: (p.phone, p.address, p.notes, p.birth_date, p.place_id, p.category) for n, p in people().items()}
    assert after == before


def test_an_unwritable_output_is_one_line_and_exit_2(app, county, tmp_path):
    """``guanai export ledger -o``: a path that cannot be written is one line and exit 2 (issue 26)."""
    from tests.outputs import assert_refused, unwritable
    runner = app.test_cli_runner()
    for path in unwritable(tmp_path, ".csv"):  # /dev/full is refused for its name: the kind is read from the suffix
        assert_refused(runner.invoke(args=["export", "ledger", "--group", "children", "-o", path]), path)
