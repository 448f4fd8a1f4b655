"""``guanai match export -o``: a path that cannot be written is one line and exit 2 (issue 26)."""
from tests.outputs import assert_refused, unwritable


def test_an_unwritable_output_is_one_line_and_exit_2(app, county, tmp_path):
    runner = app.test_cli_runner()
    for path in unwritable(tmp_path, ".json"):
        result = runner.invoke(args=["match", "export", "--service", "children.caring_pairing", "--place", "T1",
                                     "-o", path])
        assert_refused(result, path)
