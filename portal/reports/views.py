"""The report pages: the statistics with charts and map, the spreadsheet, the print layout, the commendation."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..core.cache import area_key
from ..core.time import local_today
from ..extensions import db
from ..places.choices import area_places
from ..places.models import Place
from ..web.access import COORDINATORS, STAFF, roles_required
from ..web.numbers import BadNumber, id_arg, id_field, id_value, int_value
from .build import all_tables, build_report, report_area
from .building import kept_or_built, on_worker, state
from .context import Report
from .period import Period, period_from, this_quarter

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates", static_folder="static",
               static_url_path="/static")


def _areas() -> list[Place]:
    """The places a report may cover: the user's county, townships and villages."""
    return area_places(current_user, ("county", "township", "village"))  # the tree, siblings by pinyin (issue 27)


def _chosen() -> tuple[Period, Place]:
    """The period and area from the query string; a ValueError names the field that is wrong."""
    default = this_quarter()
    kind = request.args.get("kind", "quarterly")
    period = period_from(kind, _number("year", default.year), _number("quarter", default.quarter))
    return period, report_area(current_user, place_id=id_arg("place"))


def _number(name: str, default: int | None) -> int | None:
    """A whole number from the query string: the default when absent, None (refused later) when not a number."""
    if request.values.get(name) is None:
        return default
    try:
        return int_value(name, 0, 99999)
    except BadNumber:
        return None


def _bad_request(message: str):
    return render_template("reports/index.html", report=None, error=message, areas=_areas(),
                           args=request.args, today=local_today()), 400


@bp.route("/")
@roles_required(*STAFF)
def index():
    """This quarter's report (or the chosen period and area): tables with their charts, and the map."""
    try:
        period, place = _chosen()
    except ValueError as bad:
        return _bad_request(str(bad))
    report = Report(period, current_user, place)
    base = _kept_key(period, place)
    if on_worker(place):  # a large area: built on the worker, the page follows it (portal.reports.building)
        found = kept_or_built(base, base)
        if found.html is None:
            return _building_page(report, found, "")
        html = found.html
    else:
        html = sections_html(period, place)
    return render_template("reports/index.html", report=report, error=None, areas=_areas(), args=request.args,
                           today=local_today(), sections_html=Markup(html))


def _building_page(report: Report, found, part: str):
    """The page shown while a large area's report is built on the worker, or why its build failed."""
    args = {**_args(report.period, report.place), **({"part": part} if part else {})}
    return render_template("reports/building.html", report=report, failed=found.failed, areas=_areas(),
                           args=request.args, today=local_today(), status_url=url_for(".building", **args),
                           part=part), 202 if found.failed is None else 503


@bp.route("/building")
@roles_required(*STAFF)
def building():
    """How far a large area's report build is (JSON for ``progress.js``): ``part=print`` for the print layout."""
    try:
        period, place = _chosen()
    except ValueError as bad:
        return {"error": str(bad)}, 400
    base = _kept_key(period, place)
    want = base + ":print" if request.args.get("part") == "print" else base
    return state(base, want)


def sections_html(period: Period, place: Place) -> str:
    """The report's sections as HTML, built once for every worker and server (``portal.reports.kept``).

    A county's report is some forty aggregates over 100,000 people: dozens of coordinators opening this
    quarter's report at once would each pay for it, on each worker. Tables longer than
    ``GUANAI_REPORT_TABLE_ROWS`` show their first rows and open whole on their own page (a county's 1,500
    villages made the page 8.5 MB); each whole table is kept by the same build. The fragments hold no form,
    token or name of the user; the page around them is rendered per request.
    """
    from .kept import kept_text, lifetime, write
    base = _kept_key(period, place)

    def build() -> str:
        parts = _sections_parts(build_report(period, current_user, place), base)
        seconds = lifetime()
        if seconds:  # each long table whole, for its own page, from the same figures
            for key, text in parts.items():
                if key != base:
                    write(key, text, seconds)
        return parts[base]
    return kept_text(base, build)


def _sections_parts(report: Report, base: str) -> dict[str, str]:
    """{key: HTML}: the report's sections under ``base``, and each table longer than the page shows whole."""
    limit = current_app.config.get("GUANAI_REPORT_TABLE_ROWS", 40)
    parts = {f"{base}:table:{table.key}": _table_html(report, table)
             for _section, table in all_tables(report) if len(table.rows) > limit}
    parts[base] = render_template("reports/_sections.html", report=report, limit=limit,
                                  more_args=_args(report.period, report.place))
    return parts


def build_parts(base: str) -> dict[str, str]:
    """Every kept part of the report of the current request's page, from one build: its sections, long tables and
    print layout (the worker's ``reports.build_page``)."""
    period, place = _chosen()
    report = build_report(period, current_user, place)
    return {**_sections_parts(report, base), base + ":print": _print_html(report)}


def _print_html(report: Report) -> str:
    return render_template("reports/print.html", report=report, today=local_today())


def _kept_key(period: Period, place: Place) -> str:
    """What decides a report's figures: the period, the area, the user's view (role, place, group), the language."""
    role, user_place, group, locale = area_key(current_user)
    return f"{period.kind}:{period.year}:{period.quarter or 0}:{place.id}:{role}:{user_place}:{group}:{locale}"


def _args(period: Period, place: Place) -> dict:
    return {"kind": period.kind, "year": period.year, "quarter": period.quarter or "", "place": place.id}


def _table_html(report: Report, table) -> str:
    return render_template("reports/_table.html", report=report, table=table)


@bp.route("/table/<key>")
@roles_required(*STAFF)
def table_page(key: str):
    """One table of the report whole (a county's villages), from the figures kept with the report's page."""
    from .kept import kept_text
    try:
        period, place = _chosen()
    except ValueError as bad:
        return _bad_request(str(bad))

    def build() -> str:
        report = build_report(period, current_user, place)
        found = next((t for _s, t in all_tables(report) if t.key == key), None)
        if found is None:
            abort(404)
        return _table_html(report, found)
    if on_worker(place):  # not kept (any more): the report's page builds it, this table with it
        from .kept import read
        html = read(f"{_kept_key(period, place)}:table:{key}")
        if html is None:
            return redirect(url_for(".index", **_args(period, place)))
    else:
        html = kept_text(f"{_kept_key(period, place)}:table:{key}", build)
    return render_template("reports/table.html", report=Report(period, current_user, place), table_html=Markup(html),
                           back=url_for(".index", **_args(period, place)))


def queued_file(kind: str, period: Period, place: Place):
    """A county's report PDF or workbook is made on the queue (issue 32), beyond ``GUANAI_EXPORT_QUEUE_ROWS``
    people in the area: a redirect to the file's page, or None when it is made here."""
    from ..background.files import making_file, start_file_job
    from .building import people_in
    if making_file():
        return None
    if people_in(place) <= current_app.config["GUANAI_EXPORT_QUEUE_ROWS"]:
        return None
    name = f"report-{place.code}-{period.short_label.replace(' ', '')}.{kind}"
    job = start_file_job(current_user, "reports.make_file", f"{place.name} · {period.label} ({kind.upper()})", name,
                         MIME[kind], params={"kind": kind})
    flash(_("The report of %(place)s is being made: this page shows how far it is, and the bell tells you when it "
            "is ready.", place=place.name), "info")
    return redirect(url_for("files.detail", job_id=job.id))


MIME = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@bp.route("/print")
@roles_required(*STAFF)
def print_layout():
    """The same report laid out for A4 paper: area, period and date on every page, numbered pages; with
    ``?format=pdf`` as a PDF (a county's made on the queue)."""
    try:
        period, place = _chosen()
    except ValueError as bad:
        return _bad_request(str(bad))
    if request.args.get("format") == "pdf":
        queued = queued_file("pdf", period, place)
        if queued is not None:
            return queued
    elif on_worker(place):  # a large area's print layout is built with its page, on the worker
        base = _kept_key(period, place)
        found = kept_or_built(base, base + ":print")
        return found.html if found.html is not None else \
            _building_page(Report(period, current_user, place), found, "print")
    html = _print_html(build_report(period, current_user, place))
    if request.args.get("format") != "pdf":
        return html
    from ..core.pdf import PdfUnavailable
    try:
        data = report_pdf(html, period, place)
    except PdfUnavailable:
        flash(_("PDF downloads are not available here: use the browser's print, and choose to save as PDF."), "error")
        return redirect(url_for(".print_layout", **{k: v for k, v in request.args.items() if k != "format"}))
    name = f"report-{place.code}-{period.short_label.replace(' ', '')}.pdf"
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename={name}", "Cache-Control": "no-store"})


def report_pdf(html: str, period: Period, place: Place) -> bytes:
    """The print layout as a PDF: the reports' style sheets, and the running head given as text (its address
    is a page of the portal, which WeasyPrint does not fetch)."""
    import os

    from ..core.pdf import pdf_of
    return pdf_of(html, request.url_root, {"/reports/static/": os.path.join(os.path.dirname(__file__), "static")},
                  css=[head_css(period, place)])


def make_file(job_id: int) -> None:
    """The queue's task: a report's PDF or workbook, as its owner would have had it."""
    from ..background.files import page_html, run_file_job
    from .xlsx import report_workbook

    def make(job, progress):
        period, place = _chosen()
        if job.params["kind"] == "xlsx":
            report = build_report(period, current_user, place)
            progress(50)
            return report_workbook(report)
        html = page_html()
        progress(40)
        return report_pdf(html, period, place)
    run_file_job(job_id, make)


def head_css(period: Period, place: Place) -> str:
    head = css_string(f"{place.full_name} · {period.label} · {_('Made on %(day)s', day=local_today().isoformat())}")
    return f"@page {{ @top-left {{ content: {head}; font-size: 8.5pt; }} }}\n"


@bp.route("/print.css")
@roles_required(*STAFF)
def print_head():
    """The printed pages' running head (area, period, date) as a stylesheet: the CSP allows no inline style."""
    try:
        period, place = _chosen()
    except ValueError:
        return Response("", mimetype="text/css")
    return Response(head_css(period, place), mimetype="text/css", headers={"Cache-Control": "no-store"})


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string (every character but letters, digits and a few marks escaped)."""
    return '"' + "".join(c if c.isalnum() or c in " ·-:()" else f"\\{ord(c):x} " for c in text) + '"'


@bp.route("/export.xlsx")
@roles_required(*STAFF)
def export():
    """The report as a spreadsheet, one sheet per table."""
    from .xlsx import report_workbook
    try:
        period, place = _chosen()
    except ValueError as bad:
        return _bad_request(str(bad))
    queued = queued_file("xlsx", period, place)
    if queued is not None:
        return queued
    data = report_workbook(build_report(period, current_user, place))
    name = f"report-{place.code}-{period.short_label.replace(' ', '')}.xlsx"
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={name}", "Cache-Control": "no-store"})


# --- the year-end commendation (评比表彰, 001) ------------------------------------------------------------

def _year_and_area() -> tuple[int, Place]:
    year = _number("year", local_today().year)
    period_from("annual", year, None)
    return year, report_area(current_user, place_id=id_value("place"))


@bp.route("/commendation", methods=["GET", "POST"])
@roles_required(*COORDINATORS)
def commendation():
    """Helpers ranked by their year's work; the coordinator marks nominations."""
    from .commendation import measures, ranking, toggle_nomination
    try:
        year, place = _year_and_area()
    except ValueError as bad:
        return render_template("reports/commendation.html", rows=[], error=str(bad), year=None, place=None,
                               areas=_areas(), measures=[]), 400
    if request.method == "POST":
        volunteer_id = id_field("volunteer")
        if volunteer_id is None or not toggle_nomination(current_user, year, place, volunteer_id):
            abort(404)
        db.session.commit()
        flash(_("Nominations saved."), "success")
        return redirect(url_for(".commendation", year=year, place=place.id))
    return render_template("reports/commendation.html", rows=ranking(current_user, year, place), error=None,
                           year=year, place=place, areas=_areas(), measures=measures(year))


@bp.route("/commendation/print")
@roles_required(*COORDINATORS)
def commendation_print():
    """The printable list of nominees and a certificate for each."""
    from .commendation import measures, nominees
    try:
        year, place = _year_and_area()
    except ValueError as bad:
        abort(400, str(bad))
    return render_template("reports/certificates.html", rows=nominees(current_user, year, place), year=year,
                           place=place, today=local_today(), measures=measures(year))
