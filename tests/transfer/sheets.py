"""Real-looking sheets made by the tests: a village's 三留守 ledger, the 2016 national children's form, a GBK
csv, an .xls (xlwt), with title rows, merged headers, sign-off rows and blank rows."""
from __future__ import annotations

import io
from datetime import date

from portal.ledger.idcard import check_char


def id_number(birth: str = "20160501", serial: str = "123") -> str:
    first = "430521" + birth + serial
    return first + check_char(first)


def bad_check_digit(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


VILLAGE_HEADER = ["序号", "姓名", "性别", "民族", "出生日期", "年龄", "公民身份证号码", "联系电话", "组别", "家庭住址",
                  "身份类别", "户主姓名", "备注"]


def village_rows():
    """东村's mixed 三留守 ledger: a child, a child in hardship, a woman, an elderly man living alone (an age
    only), a sister sharing the first child's head of household."""
    return [
        [1, "李小红", "女", "汉族", date(2016, 5, 1), "", id_number(), "13800001111", "一组", "东村一组5号", "留守儿童",
         "李大山", ""],
        [2, "李小明", "男", "汉族", "2014/9/3", "", "", "无电话", "一组", "东村一组5号", "留守儿童", "李大山", ""],
        [3, "王芳", "女", "苗族", "1990年2月3日", "", "", "13900002222", "第三组", "王家湾8号", "留守妇女", "", "丈夫在东莞"],
        [4, "赵德胜", "男", "汉族", "", "78", "", "无", "三组", "赵家冲2号", "独居老人", "", ""],
        [5, "陈思", "女", "汉族", "2012-03-04", "", id_number("20120304", "456"), "", "", "东村6号", "困境儿童", "", ""],
    ]


def xlsx_bytes(rows, merges=(), title="Sheet1") -> bytes:
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def village_sheet(rows=None, header=VILLAGE_HEADER) -> bytes:
    """Title, a line about who filled it, the header, the rows with a blank row among them, the sign-off."""
    body = list(rows if rows is not None else village_rows())
    body.insert(2, [""] * len(header))
    return xlsx_bytes([["东乡东村“三留守”人员信息台账"], ["填报单位：东村村委会", "", "", "", "", "", "", "填报日期：2026年11月"],
                       header, *body, [""] * len(header), ["填表人：张会计", "", "", "", "审核人：王书记"]],
                      merges=["A1:M1"])


NATIONAL_TOP = ["序号", "个人基本情况", "", "", "", "", "", "", "", "家庭情况", "", "", "", "", "", "实际监护情况", "", "",
                "", "备注"]
NATIONAL_SUB = ["", "姓名", "性别", "民族", "出生日期", "公民身份证号码", "就学情况", "是否学校寄宿", "身体情况",
                "父亲姓名", "父亲务工地点", "父亲联系电话", "母亲姓名", "母亲务工地点", "母亲联系电话",
                "委托监护人姓名", "与被监护人关系", "联系电话", "监护类型", ""]


def national_rows():
    return [
        [1, "张小花", "女", "汉族", "2015-06-01", id_number("20150601", "234"), "在校", "否", "健康",
         "张大力", "广东东莞", "13700001111", "刘梅", "浙江宁波", "13700002222", "张奶奶", "祖母", "13700003333",
         "祖辈监护", ""],
        [2, "张小军", "男", "汉族", "2018-01-20", "", "学前", "否", "健康", "张大力", "广东东莞", "13700001111",
         "刘梅", "浙江宁波", "", "张奶奶", "祖母", "13700003333", "祖辈监护", "兄妹"],
    ]


def national_form(rows=None) -> bytes:
    """农村留守儿童基本情况登记表 (2016): a title, a place line, group cells merged over two header rows."""
    return xlsx_bytes([["农村留守儿童基本情况登记表"], ["乡镇：东乡    村（社区）：东村"], NATIONAL_TOP, NATIONAL_SUB,
                       *(rows if rows is not None else national_rows()), ["填表人：", "", "", "联系电话："]],
                      merges=["A1:T1", "A3:A4", "B3:I3", "J3:O3", "P3:S3", "T3:T4"])


WOMEN_HEADER = ["姓名", "出生年月", "联系电话", "丈夫姓名", "丈夫务工地点", "丈夫外出年限", "文化程度", "村"]


def women_csv(encoding="gbk") -> bytes:
    lines = [",".join(WOMEN_HEADER),
             "刘秀英,1985.04,13600001111,黄建国,广东深圳,3年,初中,东村",
             "孙桂兰,1979-11-02,无电话,周志强,浙江温州,5,小学,东村村委会"]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def elderly_xls() -> bytes:
    """An .xls as WPS and older Excel save it, made with xlwt."""
    import xlwt
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("留守老人")
    rows = [["东村留守老人花名册"], ["姓名", "性别", "年龄", "子女去向", "子女联系电话", "照料情况", "身份类别"],
            ["钱阿婆", "女", 82, "儿子在广东务工", "13500001111", "邻居照看", "高龄老人"],
            ["孙大爷", "男", 70, "女儿在长沙", "", "老伴照料", "留守老人"]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
