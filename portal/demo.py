"""The demo county: a county in Hunan with townships, villages, households, people, volunteers and accounts."""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from functools import cache

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from .activities.models import Activity
from .auth.models import User
from .core.time import from_local, local_today, years_before
from .extensions import db
from .ledger.models import Beneficiary, Household
from .places.models import Place
from .plugin.manager import current_plugins
from .volunteers.models import Volunteer, VolunteerService

DEMO_PASSWORD = "guanai-demo"
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢唐许邓冯曾彭萧蔡潘田董袁"
GIVEN_F = ["秀英", "桂兰", "玉兰", "小红", "丽", "婷", "芳", "敏", "雨涵", "欣怡", "梓涵", "诗琪", "佳怡", "春花", "美玲"]
GIVEN_M = ["建国", "志强", "伟", "军", "磊", "浩然", "子轩", "宇航", "俊杰", "明", "国华", "德福", "家豪", "文博", "天佑"]
# A county in central Hunan: three townships and their villages, with real-looking coordinates.
TOWNSHIPS = [
    ("城关镇", 27.255, 111.735, ["东门村", "西塘村", "南岭村", "北山村", "河口村", "新桥村", "枫林村"]),
    ("石桥乡", 27.330, 111.820, ["石桥村", "杨家村", "竹山村", "荷塘村", "长冲村", "青龙村", "大坪村"]),
    ("青山乡", 27.190, 111.880, ["青山村", "白石村", "龙潭村", "桃源村", "水口村", "金塘村"]),
]
VOLUNTEER_KINDS = [("teacher", 30), ("cadre", 25), ("caring_mother", 20), ("neighbour", 35), ("youth", 25),
                   ("caring_family", 15)]
# Which services each kind of helper offers in the demo, when the county's plugins declare them.
OFFERS = {"teacher": ["tutoring", "counselling"], "cadre": ["caring_pairing", "weekly_visit", "heart_talk"],
          "caring_mother": ["caring_pairing", "counselling", "heart_talk"],
          "neighbour": ["daily_care", "proxy_shopping", "weekly_visit"],
          "youth": ["tutoring", "weekly_visit", "heart_talk"], "caring_family": ["caring_pairing", "tutoring"]}
SKILLS = {"teacher": ["math", "chinese", "english", "reading", "homework"], "cadre": ["counselling", "legal_aid"],
          "caring_mother": ["counselling", "homework", "care"], "neighbour": ["care", "shopping"],
          "youth": ["english", "reading", "ecommerce", "care"], "caring_family": ["homework", "counselling", "care"]}


def database_is_empty() -> bool:
    return db.session.execute(select(func.count(Place.id))).scalar_one() == 0


class DemoCounty:
    """What plugins get in ``guanai_populate_demo``: the places, households and helpers to add people."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.villages: list[Place] = []
        self.households: list[Household] = []
        self.count = 0

    def person_name(self, gender: str) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN_F if gender == "F" else GIVEN_M)

    def phone(self) -> str:
        return "1" + self.rng.choice("35789") + "".join(self.rng.choice("0123456789") for _ in range(9))

    def offered_keys(self, codes: list[str]) -> list[str]:
        """The keys of the county's pairing services with these codes, in any group that offers them."""
        return [s.key for code in codes for s in current_plugins().services.values()
                if s.code == code and s.delivery == "pairing"]

    def service_keys(self, group: str, codes: list[str]) -> list[str]:
        """A group's service keys for the codes a plugin names in its demo data."""
        return [f"{group}.{code}" for code in codes]

    def add(self, row):
        db.session.add(row)
        return row

    def add_person(self, group: str, household: Household, *, gender: str, age: int, category: str | None,
                   needs: list[str], services: list[str], living_situation: str = "") -> Beneficiary:
        """Add a beneficiary of ``group`` living in ``household``, ``age`` years old today."""
        birth = years_before(local_today(), age) - timedelta(days=self.rng.randint(1, 360))
        person = Beneficiary(group=group, name=household.head_name[0] + self.rng.choice(GIVEN_F if gender == "F" else GIVEN_M),
                             gender=gender, birth_date=birth, place_id=household.place_id, household_id=household.id,
                             address=household.address, category=category, needs=needs, services=services,
                             living_situation=living_situation, phone=self.phone() if age >= 16 else None)
        person.services = self.service_keys(group, services)
        db.session.add(person)
        db.session.flush()
        self.count += 1
        return person


def _place(code: str, name: str, level: str, parent: Place | None, lat=None, lon=None) -> Place:
    place = Place(code=code, name=name, level=level, parent=parent, lat=lat, lon=lon)
    db.session.add(place)
    db.session.flush()
    place.set_path()
    return place


def _build_places(demo: DemoCounty) -> tuple[Place, list[Place]]:
    county = _place("430500", "隆回县（示范）", "county", None, 27.25, 111.80)
    townships = []
    for t, (name, lat, lon, villages) in enumerate(TOWNSHIPS, start=1):
        township = _place(f"4305{t:02d}", name, "township", county, lat, lon)
        townships.append(township)
        for v, vname in enumerate(villages, start=1):
            vlat, vlon = lat + demo.rng.uniform(-0.05, 0.05), lon + demo.rng.uniform(-0.05, 0.05)
            village = _place(f"4305{t:02d}{v:03d}", vname, "village", township, round(vlat, 5), round(vlon, 5))
            demo.villages.append(village)
            for g in (1, 2):
                _place(f"4305{t:02d}{v:03d}{g:02d}", f"{vname}第{g}网格", "grid", village)
    return county, townships


def _build_households(demo: DemoCounty, n: int = 260) -> None:
    for i in range(n):
        village = demo.villages[i % len(demo.villages)]
        h = Household(place_id=village.id, head_name=demo.person_name(demo.rng.choice("FM")),
                      address=f"{village.name}{demo.rng.randint(1, 12)}组{demo.rng.randint(1, 60)}号", phone=demo.phone(),
                      lat=round(village.lat + demo.rng.uniform(-0.012, 0.012), 5),
                      lon=round(village.lon + demo.rng.uniform(-0.012, 0.012), 5))
        db.session.add(h)
        demo.households.append(h)
    db.session.flush()


def _build_volunteers(demo: DemoCounty) -> list[Volunteer]:
    volunteers = []
    for kind, n in VOLUNTEER_KINDS:
        for _ in range(n):
            village = demo.rng.choice(demo.villages)
            gender = "F" if kind == "caring_mother" else demo.rng.choice("FFM")
            checked = demo.rng.random() < 0.85
            v = Volunteer(name=demo.person_name(gender), gender=gender, phone=demo.phone(), kind=kind,
                          place_id=village.id, lat=round(village.lat + demo.rng.uniform(-0.01, 0.01), 5),
                          lon=round(village.lon + demo.rng.uniform(-0.01, 0.01), 5),
                          travel_km=demo.rng.choice([3.0, 5.0, 8.0, 10.0]),
                          skills=demo.rng.sample(SKILLS[kind], min(2, len(SKILLS[kind]))),
                          availability=demo.rng.choice(["周末", "工作日晚上", "每周三下午", "寒暑假"]),
                          background_check="passed" if checked else "pending",
                          background_checked_on=local_today() - timedelta(days=demo.rng.randint(10, 350)) if checked else None,
                          status="active")
            for key in demo.offered_keys(OFFERS[kind]):
                if demo.rng.random() < 0.8:
                    v.services.append(VolunteerService(service=key, capacity=demo.rng.randint(1, 3)))
            db.session.add(v)
            volunteers.append(v)
    db.session.flush()
    return volunteers


@cache
def _demo_hash() -> str:
    """The demo password's hash, made once: every demo account has the same public password, and each hash costs
    a deliberate second or two of CPU (issue 32: the demo's load)."""
    return generate_password_hash(DEMO_PASSWORD)


def _user(username: str, name: str, role: str, place: Place | None = None, group: str | None = None) -> User:
    user = User(username=username, display_name=name, role=role, place_id=place.id if place else None, group=group)
    user.password_hash = _demo_hash()
    db.session.add(user)
    return user


def _build_users(county: Place, township: Place, volunteer: Volunteer) -> None:
    _user("admin", "系统管理员", "admin", county)
    _user("coordinator", "县民政局协调员", "coordinator", county)
    _user("township", f"{township.name}协调员", "coordinator", township)
    volunteer_user = _user("volunteer", volunteer.name, "volunteer")
    db.session.flush()
    volunteer.user_id = volunteer_user.id
    for group in current_plugins().groups.values():
        _user(f"{group.code}-staff", f"{group.names['zh']}工作人员", "staff", county, group.code)


def _build_activities(demo: DemoCounty, townships: list[Place]) -> int:
    """Two upcoming activities for every service delivered in sessions, in the townships' centres."""
    n = 0
    for service in current_plugins().services.values():
        if service.delivery != "session":
            continue
        for week in (1, 2):
            day = local_today() + timedelta(days=7 * week + demo.rng.randint(0, 4))
            start = from_local(datetime.combine(day, time(demo.rng.choice([9, 14, 19]))))
            township = demo.rng.choice(townships)
            db.session.add(Activity(service=service.key, group=service.group, title=f"{service.names['zh']}（第{week}期）",
                                    starts_at=start, ends_at=start + timedelta(hours=2), place_id=township.id,
                                    location=f"{township.name}综合文化站", volunteer_slots=demo.rng.randint(2, 5),
                                    beneficiary_slots=demo.rng.randint(10, 30), description="示范活动"))
            n += 1
    return n


def build_demo_county(seed: int = 2026) -> dict[str, int]:
    """Build the whole demo county in one transaction and return what it made."""
    demo = DemoCounty(seed)
    county, townships = _build_places(demo)
    _build_households(demo)
    volunteers = _build_volunteers(demo)
    _build_users(county, townships[0], volunteers[0])
    current_plugins().populate_demo(demo)
    activities = _build_activities(demo, townships)
    db.session.commit()
    return {"places": db.session.execute(select(func.count(Place.id))).scalar_one(),
            "households": len(demo.households), "beneficiaries": demo.count, "volunteers": len(volunteers),
            "activities": activities}
