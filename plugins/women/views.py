"""The women's plugin's pages: job postings with a poster and WeChat text, who was told, interested, placed
(002: 积极提供就业岗位信息，通过微信群发布), and the courses a woman attended (000: 技能培训)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import escape

from portal.core.scoping import get_or_404, scoped
from portal.core.time import local_today
from portal.ledger.models import Beneficiary
from portal.places.models import Place
from portal.places.choices import area_places, place_choices
from portal.plugin import db
from portal.web.access import group_required
from portal.web.numbers import id_field, id_list

from .forms import JobPostingForm, TrainingForm
from .jobs import STEP_NAMES, STEPS, JobOutcome, JobPosting, advance_step, post_job, record_step, share_text
from .training import TrainingRecord
from portal.core.sql import by_pinyin

bp = Blueprint("women", __name__, template_folder="templates")


def _area_choices(user) -> list[tuple[int, str]]:
    return place_choices(area_places(user, ("county", "township", "village")), "full")  # by pinyin (issue 27)


@bp.route("/jobs", methods=["GET", "POST"])
@group_required("women")
def jobs():
    """The postings of the user's area, newest closing first; staff add one with the form beside them."""
    form = JobPostingForm()
    form.place.choices = _area_choices(current_user)
    if form.validate_on_submit():
        posting = post_job(current_user, form.data)
        db.session.commit()
        flash(_("Job posted: share its text and poster in the villages' WeChat groups."), "success")
        return redirect(url_for("women.job", posting_id=posting.id))
    postings = db.session.execute(scoped(JobPosting, current_user).order_by(JobPosting.closes_on.desc()).limit(100)
                                  ).scalars().all()
    return render_template("women/jobs.html", postings=postings, form=form, today=local_today()), \
        (422 if form.errors else 200)


@bp.route("/jobs/<int:posting_id>", methods=["GET", "POST"])
@group_required("women")
def job(posting_id: int):
    """A posting: its WeChat text and poster, and each woman of the area told, interested or placed; one woman's
    step by her buttons, or many women's at once (all told after a WeChat message)."""
    posting = get_or_404(JobPosting, posting_id, current_user)
    if request.method == "POST":
        step = request.form.get("step", "")
        if step not in STEPS:
            abort(400)
        many = id_list("people", request.form)
        ids = many or [id_field("person")]
        if ids == [None]:
            flash(_("Choose at least one woman."), "warning")
            return redirect(url_for("women.job", posting_id=posting.id))
        found = db.session.execute(scoped(Beneficiary, current_user, db.select(Beneficiary.id)).where(
            Beneficiary.id.in_(ids), Beneficiary.group == "women")).scalars().all()
        if len(set(found)) != len(set(ids)):
            abort(404)
        if many:
            moved = advance_step(current_user, posting, found, step, local_today())
            flash(_("%(n)d women now %(step)s.", n=moved, step=STEP_NAMES[step]), "success")
        else:
            record_step(current_user, posting, found[0], step, local_today())
        db.session.commit()
        return redirect(url_for("women.job", posting_id=posting.id))
    women = db.session.execute(scoped(Beneficiary, current_user).join(Place, Beneficiary.place_id == Place.id).where(
        Beneficiary.group == "women", Beneficiary.status == "active", Place.path.startswith(posting.place.path))
        .order_by(by_pinyin(Beneficiary.name)).limit(500)).scalars().all()
    steps = dict(db.session.execute(db.select(JobOutcome.beneficiary_id, JobOutcome.step)
                                    .filter_by(posting_id=posting.id)).all())
    counts = {s: sum(1 for v in steps.values() if STEPS.index(v) >= STEPS.index(s)) for s in STEPS}
    return render_template("women/job.html", posting=posting, text=share_text(posting), women=women, steps=steps,
                           step_names=STEP_NAMES, counts=counts)


@bp.route("/jobs/<int:posting_id>/poster.svg")
@group_required("women")
def poster(posting_id: int):
    """A poster image (SVG, 750 x 1000, as a phone shows it) to share in the village's WeChat group."""
    posting = get_or_404(JobPosting, posting_id, current_user)
    lines = share_text(posting).split("\n")[1:7]
    rows = "".join(f'<text x="60" y="{300 + 80 * i}" font-size="34">{escape(line)}</text>' for i, line in enumerate(lines))
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="750" height="1000" viewBox="0 0 750 1000">'
           '<rect width="750" height="1000" fill="#fff5f0"/><rect width="750" height="180" fill="#c0392b"/>'
           f'<text x="375" y="115" font-size="64" fill="#fff" text-anchor="middle" font-weight="bold">'
           f'{escape(_("Jobs"))}</text>'
           f'<text x="375" y="250" font-size="44" text-anchor="middle" font-weight="bold">{escape(posting.title)}</text>'
           f'{rows}<text x="375" y="960" font-size="26" text-anchor="middle" fill="#666">'
           f'{escape(_("%(place)s women’s federation", place=posting.place.name))}</text></svg>')
    return Response(svg, mimetype="image/svg+xml")


@bp.route("/<int:person_id>/training", methods=["POST"])
@group_required("women")
def training(person_id: int):
    """Record a course a woman attended (and her certificate) from her ledger page; what is wrong is named."""
    person = get_or_404(Beneficiary, person_id, current_user, Beneficiary.group == "women")
    form = TrainingForm()
    if form.validate_on_submit():
        db.session.add(TrainingRecord(beneficiary_id=person.id, course=form.course.data.strip(),
                                      attended_on=form.attended_on.data, hours=float(form.hours.data or 0),
                                      certificate=(form.certificate.data or "").strip(), recorded_by_id=current_user.id))
        db.session.commit()
        flash(_("Course recorded."), "success")
    else:
        for field, errors in form.errors.items():
            label = getattr(form, field).label.text if hasattr(form, field) else field
            flash(_("%(field)s: %(problem)s", field=label, problem=" ".join(str(e) for e in errors)), "warning")
    return redirect(url_for("ledger.detail", group="women", person_id=person.id) + "#training")
