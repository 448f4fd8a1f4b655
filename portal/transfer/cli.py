"""``guanai import ledger`` and ``guanai export ledger``: the same import and export as the pages."""
from __future__ import annotations

import os
from types import SimpleNamespace

import click
from flask.cli import with_appcontext
from ..core.sql import by_pinyin


@click.group("import")
def import_group():
    """Import spreadsheets (.xlsx, .xls, .csv) into the portal."""


@click.group("export")
def export_group():
    """Export lists to spreadsheets (.xlsx, .csv)."""


def _fail(problems: list[str]) -> None:
    for line in problems:
        click.echo(line, err=True)
    raise SystemExit(2)


def _actor(username: str | None):
    """The user the command acts as (their jurisdiction applies), else the system with an administrator's view."""
    from ..auth.models import User
    from ..extensions import db
    if username is None:
        return SimpleNamespace(id=None, role="admin", place=None, group=None, is_authenticated=True)
    user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()
    if user is None:
        _fail([f"--user: no user is called {username!r}"])
    return user


def _place(actor, code: str):
    from ..core.scoping import scoped
    from ..extensions import db
    from ..places.models import Place
    place = db.session.execute(scoped(Place, actor).where(Place.code == code)).scalar_one_or_none()
    if place is None:
        _fail([f"--place: no place has the code {code!r}"])
    return place


def _group(code: str | None) -> str | None:
    from ..plugin.manager import current_plugins
    groups = current_plugins().groups
    if code is not None and code not in groups:
        _fail([f"--group: unknown group {code!r} (one of: {', '.join(groups)})"])
    return code


@import_group.command("ledger")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--place", "place_code", required=True, help="Code of the village, or of the township or county "
              "whose villages the sheet names.")
@click.option("--group", default=None, help="Group code of the rows without a 身份类别.")
@click.option("--update", is_flag=True, help="Update people already in the ledger with the sheet's fields "
              "(default: skip them).")
@click.option("--commit", is_flag=True, help="Write the rows (default: only show the preview).")
@click.option("--user", "username", default=None, help="Act as this user (their jurisdiction and group apply).")
@click.option("--outside-reason", default=None, help="Why rows outside their group's rule are written anyway "
              "(kept in their notes); without it such rows stop the import.")
@with_appcontext
def import_ledger(file, place_code, group, update, commit, username, outside_reason):
    """Preview a ledger sheet, and with --commit write it in one transaction (nothing when a row is bad)."""
    from .commit import commit_preview
    from .preview import Options, build_preview
    actor = _actor(username)
    place = _place(actor, place_code)
    with open(file, "rb") as fh:
        content = fh.read()
    preview = build_preview(actor, os.path.basename(file), content, Options(place, _group(group), update))
    for row in preview.to_confirm:
        click.echo(f"row {row.number}, 身份类别: {row.name}: category to confirm")
    for row in preview.outside:
        click.echo(f"row {row.number}, 身份类别: {row.name}: outside the group's rules ({row.outside})")
    _report_and_commit(preview, commit, lambda: commit_preview(actor, preview, place.id, outside_reason),
                       preview.unknown_columns())


@import_group.command("volunteers")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--place", "place_code", required=True, help="Code of the village, or of the area whose villages "
              "the sheet names.")
@click.option("--update", is_flag=True, help="Update volunteers already known (same name and phone).")
@click.option("--commit", is_flag=True, help="Write the rows (default: only show the preview).")
@click.option("--user", "username", default=None, help="Act as this user.")
@with_appcontext
def import_volunteers(file, place_code, update, commit, username):
    """Preview a volunteers sheet, and with --commit write it in one transaction."""
    from .volunteers import commit_volunteers, preview_volunteers
    actor = _actor(username)
    place = _place(actor, place_code)
    with open(file, "rb") as fh:
        preview = preview_volunteers(actor, os.path.basename(file), fh.read(), place, update)
    _report_and_commit(preview, commit, lambda: commit_volunteers(actor, preview, place.id))


def _report_and_commit(preview, commit: bool, write, unknown: list[str] = ()) -> None:
    """Print a preview's counts and problems (exit 2 on any), and with ``commit`` write it in one transaction."""
    from ..extensions import db
    from .commit import ImportRefused
    click.echo(", ".join(f"{n} {what}" for what, n in preview.counts.items()) + f" ({len(preview.rows)} rows)")
    if unknown:
        click.echo("columns not imported: " + ", ".join(unknown))
    if not preview.ok:
        _fail(preview.problems + preview.row_problems())
    if not commit:
        click.echo("nothing written: add --commit to write")
        return
    try:
        run = write()
    except ImportRefused as refused:
        db.session.rollback()
        _fail(refused.problems)
    db.session.commit()
    click.echo(f"written: {run.counts['written_new']} new, {run.counts['written_update']} updated (import {run.id})")


@export_group.command("ledger")
@click.option("--group", required=True, help="The group whose ledger is exported.")
@click.option("--place", "place_code", default=None, help="Only this place and below.")
@click.option("-o", "--output", metavar="FILE", required=True, help="FILE.xlsx or FILE.csv")
@click.option("--user", "username", default=None, help="Export what this user may see.")
@with_appcontext
def export_ledger(group, place_code, output, username):
    """Write a group's active ledger to a spreadsheet."""
    from ..core.scoping import scoped
    from ..ledger.models import Beneficiary
    from ..places.models import subtree_ids
    from ..core.outputs import check_output, output_file
    from .export import chunks, ledger_rows
    kind = output.rsplit(".", 1)[-1].lower()
    if kind not in ("xlsx", "csv"):
        _fail([f"-o: write a .xlsx or .csv file, not {output!r}"])
    check_output(output)
    actor = _actor(username)
    group = _group(group)
    stmt = scoped(Beneficiary, actor).where(Beneficiary.group == group, Beneficiary.status == "active")
    if place_code:
        stmt = stmt.where(Beneficiary.place_id.in_(subtree_ids(_place(actor, place_code))))
    header, rows = ledger_rows(actor, group, stmt.order_by(by_pinyin(Beneficiary.name), Beneficiary.id))
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            yield row
    with output_file(output) as out:
        for chunk in chunks(kind, header, counted(), group):
            out.write(chunk)
    click.echo(f"{count} people -> {output}")
