"""Benchmark of the spreadsheet import: a 10,000-row mixed village ledger previewed and committed.

Run ``python bench/transfer.py`` (``--rows N``, ``--database URL``; default a fresh SQLite file in a temporary
folder; for PostgreSQL pass ``--database postgresql+psycopg://...`` to an empty database). Prints the time to
write the .xlsx (left out of the figures), to preview it (read, header, mapping, validation, duplicates) and to
commit it in one transaction, then to preview it again (every row a duplicate) and to export the ledger.
``--profile`` prints where each step spends its time.
``--postgres PORT`` runs it on a private throwaway PostgreSQL cluster. "preview again" is the re-import of issue
32: right after the commit, every name looked up again (it took 31 s while the trigram index's pending list held
the new names; migration core_0009 turned the list off and the commit analyzes what it wrote).
Goals (issue 16): preview under 10 s and commit under 30 s on PostgreSQL. Measured (2026-12-02, 10,000 rows,
the shared 2-core machine under load average 10-20, so upper bounds): SQLite preview 2.3 s, commit 6.5 s
(23 s before the batch service, 285 s in the same loaded minutes); PostgreSQL preview 3.3-3.9 s, commit
23-28 s (36 s at load 20; 230 s before in the same minutes, 87 s at lighter load), preview again 4.9-7.9 s
(18-26 s before).
"""
from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "小红明华军芳丽强伟娟秀英兰桂德胜福贵平安静怡思远"
KINDS = ["留守儿童"] * 5 + ["困境儿童", "留守妇女", "留守妇女", "留守老人", "独居老人", "高龄老人"]


def id_number(birth: date, serial: int) -> str:
    from portal.ledger.idcard import check_char
    first = f"430521{birth:%Y%m%d}{serial % 1000:03d}"
    return first + check_char(first)


def make_sheet(rows: int, villages: list[str], seed: int = 16) -> bytes:
    from openpyxl import Workbook
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["东乡“三留守”人员信息台账"])
    sheet.append(["序号", "姓名", "性别", "出生日期", "公民身份证号码", "联系电话", "村", "组别", "家庭住址", "身份类别",
                  "户主姓名", "备注"])
    today = date.today()
    used: set[str] = set()
    for i in range(rows):
        kind = rng.choice(KINDS)
        age = rng.randint(1, 15) if "儿童" in kind else rng.randint(25, 55) if "妇女" in kind else rng.randint(60, 95)
        birth = today - timedelta(days=age * 365 + rng.randint(0, 300))
        gender = "女" if "妇女" in kind else rng.choice("男女")
        village = rng.choice(villages)
        head = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        number = id_number(birth, i) if i % 3 else ""
        number = "" if number in used else number  # a real sheet holds each number once
        used.add(number)
        sheet.append([i + 1, rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) + str(i), gender,
                      birth.isoformat(), number, f"138{i:08d}" if i % 4 else "无电话",
                      village, f"{rng.randint(1, 9)}组", f"{village}{rng.randint(1, 200)}号", kind, head, ""])
    sheet.append(["填表人：张会计", "", "", "审核人：王书记"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def build_county(n_villages: int):
    from portal.extensions import db
    from portal.places.models import Place
    root = Place(code="C", name="示范县", level="county")
    db.session.add(root)
    db.session.flush()
    root.set_path()
    township = Place(code="T1", name="东乡", level="township", parent=root)
    db.session.add(township)
    db.session.flush()
    township.set_path()
    names = []
    for i in range(n_villages):
        village = Place(code=f"V{i}", name=f"第{i}村", level="village", parent=township)
        db.session.add(village)
        db.session.flush()
        village.set_path()
        names.append(village.name)
    db.session.commit()
    return township, names


PROFILE = False


def timed(label: str, fn):
    start = time.perf_counter()
    if PROFILE:
        import cProfile
        import pstats
        profiler = cProfile.Profile()
        result = profiler.runcall(fn)
    else:
        result = fn()
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    print(f"{label:<36} {time.perf_counter() - start:7.2f} s   load {load}", flush=True)
    if PROFILE:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--villages", type=int, default=20)
    parser.add_argument("--database", default=None, help="an empty database (default: SQLite in a temp folder)")
    parser.add_argument("--profile", action="store_true", help="print where each step spends its time (cProfile)")
    parser.add_argument("--postgres", type=int, metavar="PORT", default=None,
                        help="a private throwaway PostgreSQL cluster on PORT (bench/portal.py's), stopped at the end")
    args = parser.parse_args()
    global PROFILE
    PROFILE = args.profile
    folder = tempfile.mkdtemp()
    cluster = None
    if args.postgres:
        import importlib.util
        spec = importlib.util.spec_from_file_location("bench_portal", os.path.join(os.path.dirname(__file__), "portal.py"))
        portal_bench = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(portal_bench)
        cluster = portal_bench.Postgres(args.postgres)
        cluster.start()
        args.database = cluster.url
    try:
        run(args, folder)
    finally:
        if cluster is not None:
            cluster.stop()


def run(args, folder: str) -> None:
    url = args.database or f"sqlite:///{folder}/bench.sqlite"
    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(revision="heads")
        township, villages = build_county(args.villages)
        from types import SimpleNamespace

        from portal.transfer.commit import commit_preview
        from portal.transfer.export import chunks, ledger_rows
        from portal.transfer.preview import Options, build_preview
        actor = SimpleNamespace(id=None, role="admin", place=None, group=None, is_authenticated=True)
        content = timed(f"write a {args.rows}-row .xlsx", lambda: make_sheet(args.rows, villages))
        print(f"{'database':<36} {url.split(':')[0]}")
        options = Options(township)
        preview = timed("preview", lambda: build_preview(actor, "bench.xlsx", content, options))
        print(f"{'rows':<36} {preview.counts}")
        if not preview.ok:
            print("\n".join(preview.problems + preview.row_problems()[:20]))
            raise SystemExit(1)

        print(f"{'outside the rules, to confirm':<36} {len(preview.outside)} rows, category to confirm: "
              f"{len(preview.to_confirm)}")

        def commit():  # rows outside their group's rule (women without the husband's years away) need a reason
            commit_preview(actor, preview, township.id, "bench: written as a township would, with one reason")
            db.session.commit()
        timed("commit (one transaction)", commit)
        again = timed("preview again (all duplicates)", lambda: build_preview(actor, "bench.xlsx", content, options))
        print(f"{'rows':<36} {again.counts}")
        from portal.core.scoping import scoped
        from portal.ledger.models import Beneficiary
        stmt = scoped(Beneficiary, actor).where(Beneficiary.group == "children").order_by(Beneficiary.id)

        def export():
            return sum(len(chunk) for chunk in chunks("xlsx", *ledger_rows(actor, "children", stmt)))
        size = timed("export children to .xlsx", export)
        print(f"{'export size':<36} {size / 1024:7.0f} KiB")


if __name__ == "__main__":
    main()
