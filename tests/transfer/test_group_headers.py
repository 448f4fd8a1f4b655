"""The core names no group (issue 26): the name headers a group's sheets use (儿童姓名 in the 2016 children's form,
老人姓名, 妇女姓名) come from that group's plugin, and read as the core's 姓名 for every group of a sheet."""
from __future__ import annotations

from portal.transfer.columns import CORE_COLUMNS, columns_for


def test_the_core_columns_carry_no_group_word():
    headers = {h for column in CORE_COLUMNS for h in column.headers}
    assert not headers & {"儿童姓名", "留守儿童姓名", "老人姓名", "妇女姓名"}


def test_each_group_brings_its_own_name_header(app):
    for group, header in (("children", "儿童姓名"), ("children", "留守儿童姓名"), ("elderly", "老人姓名"),
                          ("women", "妇女姓名")):
        columns = columns_for([group])
        assert columns.known(header) == "姓名"
        assert columns.column(group, "姓名").field == "name"
    mixed = columns_for(["children", "women", "elderly"])
    assert mixed.known("儿童姓名") == "姓名" and mixed.column("elderly", mixed.known("儿童姓名")).field == "name"
    assert columns_for(["elderly"]).known("儿童姓名") is None      # the elders' sheets never say it
    assert mixed.choices.count("姓名") == 1                         # one column to choose, not one per group


def test_without_the_group_its_header_is_unknown(migrated):
    from ..conftest import make_app
    app = make_app(migrated, GUANAI_DISABLED_PLUGINS=["children"])
    with app.app_context():
        assert columns_for(["elderly", "women"]).known("儿童姓名") is None
        assert columns_for(["elderly"]).known("老人姓名") == "姓名"
