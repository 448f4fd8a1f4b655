"""The children's spreadsheet columns: the 2016 national form 农村留守儿童基本情况登记表 and village ledgers."""
from __future__ import annotations

from portal.plugin import ImportColumn, cells

from .forms import PARENT_STATUSES, RELATIONS, SCHOOLING

RELATION_WORDS = {w: "grandparent" for w in ("祖父", "祖母", "外祖父", "外祖母", "爷爷", "奶奶", "外公", "外婆", "祖父母",
                                             "外祖父母", "祖辈", "爷孙", "祖孙")}
RELATION_WORDS.update({w: "parent" for w in ("父亲", "母亲", "父", "母", "父子", "父女", "母子", "母女")})
RELATION_WORDS.update({w: "relative" for w in ("叔叔", "伯伯", "姑姑", "舅舅", "姨妈", "阿姨", "哥哥", "姐姐", "亲戚",
                                              "亲属", "其他亲属", "叔侄", "姑侄", "舅甥", "兄弟", "兄妹", "姐弟", "姐妹")})
RELATION_WORDS.update({w: "entrusted" for w in ("邻居", "朋友", "受委托人", "其他", "老师")})
SCHOOLING_WORDS = {"在读": "in_school", "就读": "in_school", "在校就读": "in_school", "小学": "in_school",
                   "初中": "in_school", "高中": "in_school", "幼儿园": "preschool", "在园": "preschool",
                   "学龄前": "preschool", "失学": "dropped_out", "未入学": "not_school_age", "散居": "not_school_age"}
STATUS_WORDS = {"外出": "away", "务工": "away", "外出务工": "away", "在家务农": "home", "在家": "home",
                "去世": "deceased", "死亡": "deceased", "病故": "deceased", "重病": "seriously_ill",
                "残疾": "disabled", "服刑": "imprisoned", "失踪": "missing"}


def _label(options):
    return lambda code: cells.label_of(options, code)


def _note(zh: str, en: str, *synonyms: str, household: bool = False) -> ImportColumn:
    """A column the profile has no field for: kept in the notes as "header：value", never dropped."""
    return ImportColumn("notes", {"zh": zh, "en": en}, synonyms, prefix=zh, core=True, export=False,
                        household=household)


def _part(field: str, zh: str, en: str, prefix: str, *synonyms: str, parse=None) -> ImportColumn:
    """One of several columns filling one field (the father's and the mother's work place)."""
    return ImportColumn(field, {"zh": zh, "en": en}, synonyms, parse=parse, prefix=prefix, export=False)


IMPORT_COLUMNS = [
    # The 2016 form heads its name column 儿童姓名: the core's 姓名, in the children's words.
    ImportColumn("name", {"zh": "姓名", "en": "Name"}, ("儿童姓名", "留守儿童姓名"), core=True, export=False),
    ImportColumn("parents_away_since", {"zh": "父母外出务工时间", "en": "Parents away since"},
                 ("外出务工时间", "父母外出时间", "外出时间"), parse=cells.a_date),
    ImportColumn("father_status", {"zh": "父亲情况", "en": "Father"}, ("父亲状况",),
                 parse=cells.choice(PARENT_STATUSES, STATUS_WORDS), show=_label(PARENT_STATUSES)),
    ImportColumn("mother_status", {"zh": "母亲情况", "en": "Mother"}, ("母亲状况",),
                 parse=cells.choice(PARENT_STATUSES, STATUS_WORDS), show=_label(PARENT_STATUSES)),
    ImportColumn("guardian_name", {"zh": "监护人姓名", "en": "Guardian's name"},
                 ("委托监护人姓名", "实际监护人姓名", "委托监护人", "监护人", "实际监护情况姓名",
                  "实际监护人")),
    ImportColumn("guardian_relation", {"zh": "与儿童关系", "en": "Guardian's relation"},
                 ("与被监护人关系", "委托监护人与被监护人关系", "委托监护人与儿童关系", "监护人与儿童关系", "与留守儿童关系",
                  "实际监护情况与被监护人关系"),
                 parse=cells.choice(RELATIONS, RELATION_WORDS), show=_label(RELATIONS)),
    ImportColumn("guardian_phone", {"zh": "监护人电话", "en": "Guardian's phone"},
                 ("委托监护人电话", "委托监护人联系电话", "监护人联系电话", "实际监护人联系电话",
                  "实际监护情况联系电话", "委托监护情况联系电话"), parse=cells.phone),
    ImportColumn("parents_work_place", {"zh": "父母务工地", "en": "Where the parents work"},
                 ("父母务工地点", "务工地点", "父母外出务工地点")),
    _part("parents_work_place", "父亲务工地点", "Father's work place", "父亲", "父亲务工地", "父亲外出务工地点"),
    _part("parents_work_place", "母亲务工地点", "Mother's work place", "母亲", "母亲务工地", "母亲外出务工地点"),
    ImportColumn("parents_phone", {"zh": "父母联系电话", "en": "Parents' phone"}, ("父母电话",), parse=cells.phone),
    _part("parents_phone", "父亲联系电话", "Father's phone", "父亲", "父亲电话", parse=cells.phone),
    _part("parents_phone", "母亲联系电话", "Mother's phone", "母亲", "母亲电话", parse=cells.phone),
    ImportColumn("school", {"zh": "学校", "en": "School"}, ("就读学校", "所在学校", "学校名称")),
    ImportColumn("grade_class", {"zh": "年级班级", "en": "Grade and class"}, ("年级", "班级", "就读年级")),
    ImportColumn("schooling", {"zh": "就学情况", "en": "Schooling"}, ("就学状况", "在校情况", "是否在校"),
                 parse=cells.choice(SCHOOLING, SCHOOLING_WORDS), show=_label(SCHOOLING)),
    ImportColumn("help_needed", {"zh": "需要的帮助", "en": "Help needed"}, ("帮扶需求", "需求")),
    ImportColumn("wishes", {"zh": "心愿清单", "en": "Wishes"}, ("心愿", "微心愿")),
    # What the national form asks and the profile keeps as text (000, 004).
    ImportColumn("living_situation", {"zh": "监护类型", "en": "Kind of guardianship"},
                 ("监护方式", "实际监护情况监护类型"),
                 core=True, export=False),
    # The 2016 form has no head of household: siblings are listed under the same parents, so the father's
    # name (else the mother's) names the household an import makes or joins.
    _note("父亲姓名", "Father's name", household=True),
    _note("母亲姓名", "Mother's name", household=True),
    _note("是否学校寄宿", "Boarding at school", "是否寄宿", "寄宿情况"),
    _note("身体情况", "Health", "身体状况", "健康状况"),
    # What the rules read to tell a child's class when the sheet gives none (004: 低保, 重残重病): kept in the
    # notes like the other columns the profile has no field for, and read by ``rules.classify``.
    _note("是否低保", "Low-income (低保) family", "低保", "低保户", "是否低保户", "是否享受低保"),
    _note("残疾类别", "Disability", "是否残疾", "残疾情况", "残疾等级"),
]

# "留守儿童" in a mixed 三留守 ledger's 身份类别 is class 6, 农村留守儿童 (004 二(一)6), not only the group.
CATEGORY_NAMES = {"留守儿童": "left_behind", "农村留守": "left_behind", "困境儿童": "hardship", "事实无人抚养": "unsupported",
                  "低保儿童": "low_income", "重残重病儿童": "disabled_low_income"}
