"""The women's plugin's pages: job postings with a poster and WeChat text, who was told, interested, placed."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import escape

from portal.core.scoping import get_or_404, scoped
from portal.core.time import local_today
from portal.ledger.models import Beneficiary
from portal.places.models import Place
from portal.plugin import db
from portal.web.access import group_required
from portal.web.numbers import decimal_value, id_field

from .jobs import STEPS, JobOutcome, JobPosting, record_step, share_text
from .training import TrainingRecord

bp = Blueprint("women", __name__, template_folder="templates")


@bp.route("/jobs", methods=["GET", "POST"])
@group_required("women")
def jobs():
    """The postings of the user's area; staff add one."""
    if request.method == "POST":
        place = get_or_404(Place, id_field("place"), current_user)
        try:
            closes_on = date.fromisoformat(request.form.get("closes_on", ""))
        except ValueError:
            flash("请填写报名截止日期。", "warning")
            return redirect(url_for("women.jobs"))
        title, employer = request.form.get("title", "").strip(), request.form.get("employer", "").strip()
        if not title or not employer:
            flash("请填写岗位名称和用工单位。", "warning")
            return redirect(url_for("women.jobs"))
        posting = JobPosting(title=title[:120], employer=employer[:120], place_id=place.id,
                             workplace=request.form.get("workplace", "")[:200], pay=request.form.get("pay", "")[:64],
                             contact=request.form.get("contact", "")[:120], closes_on=closes_on,
                             details=request.form.get("details", ""), created_by_id=current_user.id)
        db.session.add(posting)
        db.session.commit()
        return redirect(url_for("women.job", posting_id=posting.id))
    postings = db.session.execute(scoped(JobPosting, current_user).order_by(JobPosting.closes_on.desc()).limit(100)
                                  ).scalars().all()
    places = db.session.execute(scoped(Place, current_user).where(Place.level.in_(("county", "township", "village")))
                                .order_by(Place.path)).scalars().all()
    return render_template("women/jobs.html", postings=postings, places=places, today=local_today())


@bp.route("/jobs/<int:posting_id>", methods=["GET", "POST"])
@group_required("women")
def job(posting_id: int):
    """A posting: its WeChat text and poster, and each woman of the area told, interested or placed."""
    posting = get_or_404(JobPosting, posting_id, current_user)
    if request.method == "POST":
        step = request.form.get("step", "")
        if step not in STEPS:
            abort(400)
        person = get_or_404(Beneficiary, id_field("person"), current_user,
                            Beneficiary.group == "women")
        record_step(current_user, posting, person.id, step, local_today())
        db.session.commit()
        return redirect(url_for("women.job", posting_id=posting.id))
    women = db.session.execute(scoped(Beneficiary, current_user).join(Place, Beneficiary.place_id == Place.id).where(
        Beneficiary.group == "women", Beneficiary.status == "active", Place.path.startswith(posting.place.path))
        .order_by(Beneficiary.name).limit(500)).scalars().all()
    steps = dict(db.session.execute(db.select(JobOutcome.beneficiary_id, JobOutcome.step)
                                    .filter_by(posting_id=posting.id)).all())
    return render_template("women/job.html", posting=posting, text=share_text(posting), women=women, steps=steps,
                           step_names={"told": "已告知", "interested": "有意向", "placed": "已上岗"})


@bp.route("/jobs/<int:posting_id>/poster.svg")
@group_required("women")
def poster(posting_id: int):
    """A poster image (SVG, 750 x 1000, as a phone shows it) to share in the village's WeChat group."""
    posting = get_or_404(JobPosting, posting_id, current_user)
    lines = share_text(posting).split("\n")[1:7]
    rows = "".join(f'<text x="60" y="{300 + 80 * i}" font-size="34">{escape(line)}</text>' for i, line in enumerate(lines))
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="750" height="1000" viewBox="0 0 750 1000">'
           '<rect width="750" height="1000" fill="#fff5f0"/><rect width="750" height="180" fill="#c0392b"/>'
           '<text x="375" y="115" font-size="64" fill="#fff" text-anchor="middle" font-weight="bold">招工信息</text>'
           f'<text x="375" y="250" font-size="44" text-anchor="middle" font-weight="bold">{escape(posting.title)}</text>'
           f'{rows}<text x="375" y="960" font-size="26" text-anchor="middle" fill="#666">'
           f'{escape(posting.place.name)}妇联</text></svg>')
    return Response(svg, mimetype="image/svg+xml")


@bp.route("/<int:person_id>/training", methods=["POST"])
@group_required("women")
def training(person_id: int):
    """Record a course a woman attended (and her certificate) from her ledger page."""
    person = get_or_404(Beneficiary, person_id, current_user, Beneficiary.group == "women")
    hours = decimal_value("hours", 0, 1000, request.form) or 0  # "inf", "nan", 2^64: a 400 naming the field
    try:
        attended_on = date.fromisoformat(request.form.get("attended_on", ""))
    except ValueError:
        abort(400)
    course = request.form.get("course", "").strip()
    if not course or attended_on > local_today() or not 0 <= hours <= 500:
        flash("请填写课程、不晚于今天的日期和 0 到 500 的学时。", "warning")
    else:
        db.session.add(TrainingRecord(beneficiary_id=person.id, course=course[:120], attended_on=attended_on,
                                      hours=hours, certificate=request.form.get("certificate", "").strip()[:120],
                                      recorded_by_id=current_user.id))
        db.session.commit()
    return redirect(request.referrer or url_for("women.jobs"))
