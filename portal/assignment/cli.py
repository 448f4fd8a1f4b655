"""Automatic assignment from the command line: ``guanai match export`` and ``guanai match run``."""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("match")
def match_group():
    """Automatic volunteer assignment from the command line."""


def _run_target(service_code: str, place_code: str, role: str | None):
    from ..extensions import db
    from ..places.models import Place
    from ..plugin.manager import current_plugins
    problems = []
    pairing = [s for s in current_plugins().services.values() if s.delivery == "pairing"]
    # A service is named by group and code (<group>.<code>); the code alone does when only one group has it.
    found = [s for s in pairing if service_code in (s.key, s.code)]
    service = found[0] if len(found) == 1 else None
    if service is None:
        keys = ", ".join(sorted(s.key for s in pairing))
        what = "names services of several groups:" if found else "unknown pairing service"
        problems.append(f"--service: {what} {service_code!r} (one of: {keys})")
    place = db.session.execute(db.select(Place).filter_by(code=place_code)).scalar_one_or_none()
    if place is None:
        problems.append(f"--place: no place has the code {place_code!r}")
    if service is not None and role is not None and role not in service.helper_roles:
        problems.append(f"--role: {service.key} asks for {', '.join(service.helper_roles)}")
    if problems:
        for line in problems:
            click.echo(line, err=True)
        raise SystemExit(2)
    return service, place, role or service.helper_roles[0]


@match_group.command("export")
@click.option("--service", "service_code", required=True, help="Service: <group>.<code>, or a code only one group offers.")
@click.option("--place", "place_code", required=True, help="Place code of the area, e.g. 430501.")
@click.option("--role", default=None, help="Helper role, for services with several.")
@click.option("-o", "--output", metavar="FILE", required=True)
@with_appcontext
def match_export(service_code, place_code, role, output):
    """Write the guanai-matching/1 instance the portal would solve."""
    import json

    from ..core.outputs import check_output, output_file
    from .instance import build_instance
    check_output(output)
    service, place, role = _run_target(service_code, place_code, role)
    built = build_instance(service, role, place, {})
    with output_file(output, "w") as fh:
        json.dump(built.doc, fh, ensure_ascii=False, indent=1)
    click.echo(f"{len(built.doc['beneficiaries'])} people, {len(built.doc['volunteers'])} volunteers -> {output}")


@match_group.command("run")
@click.option("--service", "service_code", required=True)
@click.option("--place", "place_code", required=True)
@click.option("--role", default=None)
@click.option("--commit", is_flag=True, help="Write the pairings when the run is solved.")
@with_appcontext
def match_run(service_code, place_code, role, commit):
    """Run an assignment, print objective, coverage and reasons; optionally commit it."""
    from collections import Counter

    from ..extensions import db
    from .pairings import CommitRefused, commit_run
    from .review import stored_result
    from .runs import create_run, execute_run
    service, place, role = _run_target(service_code, place_code, role)
    run = create_run(None, service, role, place)
    execute_run(run.id)
    if run.status != "proposed":
        click.echo(run.error, err=True)
        raise SystemExit(1)
    result = stored_result(run)
    people = len(run.instance["beneficiaries"])
    paired = len(result.assignments)
    click.echo(f"run {run.id}: objective {result.objective:.6f}")
    click.echo(f"coverage: {paired} of {people} paired ({100 * paired / max(people, 1):.0f}%)")
    for reason, n in Counter(u.reason for u in result.unassigned).most_common():
        click.echo(f"unassigned, {reason}: {n}")
    if commit:
        try:
            counts = commit_run(None, run)
        except CommitRefused as refused:
            raise click.ClickException(str(refused))
        db.session.commit()
        click.echo(f"committed: {counts['new']} new, {counts['kept']} kept, {counts['ended']} ended")
