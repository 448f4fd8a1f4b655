"""The leader suggestion on the demo township's elders (issue 30): the search with bounds against the one solving every set.

Build a demo county first, e.g. ``DATABASE_URL=sqlite:///$PWD/.bench/town.db guanai db upgrade heads && guanai demo
--people township``, then ``DATABASE_URL=... python bench/groups_township.py``: the township of the demo volunteer,
its oldest group's people and the volunteers there, timed with both searches, the leaders compared, the load beside.
"""
import os
import time

from sqlalchemy import func, select

from portal import create_app
from portal.aidgroups.demo import oldest_group
from portal.aidgroups.forming import build_instance, params_of
from portal.auth.models import User
from portal.extensions import db
from portal.places.models import Place
from portal.volunteers.models import Volunteer
from matching import load_grouping
from matching._group_leaders import suggest_component, suggest_component_plain
from matching._group_model import build_components

app = create_app()
with app.app_context():
    group = oldest_group()
    user = db.session.execute(select(User).where(User.username == "volunteer")).scalar_one()
    leader = db.session.execute(select(Volunteer).where(Volunteer.user_id == user.id)).scalar_one()
    village = db.session.get(Place, leader.place_id)
    township = village.parent if village.level == "village" else village
    t0 = time.perf_counter()
    built = build_instance(group, township, params_of(size=10))
    t_sql = time.perf_counter() - t0
    instance = load_grouping(built.doc)
    r = instance.rules
    t0 = time.perf_counter()
    comps = build_components(instance)
    t_dist = time.perf_counter() - t0
    print(f"{township.name}: {len(instance.people)} {group} people, {len(instance.candidates)} candidates, "
          f"{len(comps)} villages; instance from the database {t_sql:.2f} s, distances {t_dist:.3f} s")
    for name, search in (("bounded", suggest_component), ("plain", suggest_component_plain)):
        t0 = time.perf_counter()
        chosen, evals = [], 0
        for comp in comps:
            local, stats = search(comp, r.size, r.min_size, r.max_size)
            chosen += comp.candidates[local].tolist()
            evals += stats["evaluations"]
        print(f"  {name}: {time.perf_counter() - t0:.2f} s, {evals} assignments solved, leaders {sorted(chosen)}, "
              f"load {os.getloadavg()[0]:.1f}")
