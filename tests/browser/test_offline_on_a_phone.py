"""Issue 31 in a browser at phone width, on the demo county, with Playwright's offline mode: a helper opens the day
with a signal, loses it, reloads and still has the day; writes two visits with photos and a follow-up done; the
signal returns and each arrives exactly once with its photos (made at most 1600 px on the phone). A retry after an
answer lost on the way makes no second visit; an item the server refuses stays with the reason in words; sign-out
asks before wiping what the phone keeps, naming what is not sent."""
from __future__ import annotations

import re
import socket

import pytest
from PIL import Image
from playwright.sync_api import expect

from portal.demo import DEMO_PASSWORD, build_demo_county

from .conftest import fits, served, sign_in

PHONE = {"width": 390, "height": 844}
pytestmark = pytest.mark.commits


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(tmp_path_factory.mktemp("offline") / "portal.sqlite", lambda: build_demo_county(2026)) as portal:
        portal[1].config["GUANAI_UPLOAD_DIR"] = str(tmp_path_factory.mktemp("uploads"))
        yield portal


class LoseAnswers:
    """WSGI middleware: the first ``n`` answers to POST /offline/items/ are lost on the way back: the portal handles
    the request (and commits) and the connection is then cut before the phone reads a byte of the answer."""

    def __init__(self, wsgi_app, n=1):
        self.wsgi_app, self.left, self.posts, self.paths = wsgi_app, n, [], []

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] != "POST" or not environ["PATH_INFO"].startswith("/offline/items/"):
            return self.wsgi_app(environ, start_response)
        self.posts.append(environ.get("HTTP_IDEMPOTENCY_KEY"))
        self.paths.append(environ["PATH_INFO"])
        if self.left <= 0:
            return self.wsgi_app(environ, start_response)
        self.left -= 1
        handled = []
        body = b"".join(self.wsgi_app(environ, lambda status, headers, exc_info=None: handled.append(status)))
        assert handled and body   # the item was written; now the answer is lost
        environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
        start_response("500 Lost", [])   # written to nowhere: the phone has already seen the connection cut
        return []


def phone(browser):
    context = browser.new_context(viewport=PHONE, service_workers="allow", locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    context.script_errors = errors
    return context, page


def done(context):
    """The end of a test: no script of the phone failed on the way."""
    errors = context.script_errors
    context.close()
    assert errors == []


def open_day(page, base):
    """The day page with a signal, once the service worker controls it (it keeps the shell and the static files)."""
    page.goto(f"{base}/offline/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20000)
    page.wait_for_selector("body[data-ready='1']")


def kept_urls(page):
    return page.evaluate("""caches.keys().then(async names => {
        const urls = [];
        for (const name of names) { for (const r of await (await caches.open(name)).keys()) urls.push(r.url); }
        return urls; })""")


def waiting(page):
    """The items waiting in IndexedDB, as plain data (photos as their sizes)."""
    return page.evaluate("""(async () => {
        const db = await idb.openDB('guanai-offline');
        const items = await db.getAll('items');
        return items.map(i => ({key: i.key, kind: i.kind, status: i.status, reason: i.reason, personId: i.personId,
                                photos: (i.photos || []).map(p => [p.width, p.height, p.blob.size, p.type])}));
    })()""")


def photo(tmp_path, name, size, colour):
    path = tmp_path / name
    Image.new("RGB", size, colour).save(path, quality=90)
    return str(path)


def fill_required(page, words):
    """Fill the phone's form as a helper would: each required field (text with ``words``, the first choice of each
    list; the date and time are already today's), and the notes, if the form has them, with ``words`` too."""
    form = page.locator("#offline-form")
    for field in form.locator(".field[data-required]").all():
        if field.locator("select").count():
            field.locator("select").select_option(index=1)
        elif field.locator("input[type=radio]").count():
            field.locator("input[type=radio]").first.check()
        elif field.locator("textarea").count():
            field.locator("textarea").fill(words)
        elif field.locator("input[type=number]").count():
            field.locator("input[type=number]").fill("1")
        elif field.locator("input[type=text]").count():
            field.locator("input[type=text]").fill(words[:60])
    if form.locator("#f-notes").count():
        form.locator("#f-notes").fill(words)


def person_with(page, kind):
    """The first person of the day offering ``kind``, from the phone's kept day."""
    return page.evaluate("""kind => (async () => {
        const userId = await GuanaiOutbox.currentUser();
        const day = await GuanaiOutbox.getDay(userId);
        const p = day.people.find(p => (p.kinds || []).includes(kind));
        return p && {id: p.id, name: p.name, follow_ups: p.follow_ups};
    })()""", kind)


def test_a_day_offline_and_each_item_arrives_once(server, browser, tmp_path):
    base, app = server
    context, page = phone(browser)
    sign_in(page, base, "volunteer", DEMO_PASSWORD)
    page.goto(f"{base}/me/")              # a page of the user's own: the service worker does not keep it
    open_day(page, base)
    expect(page.locator("#people li.person").first).to_be_visible()
    assert fits(page, PHONE["width"])
    emergency = page.locator("#emergency")      # the first numbers in sight, the rest folded: not 1,060 px long
    expect(emergency.locator("a[href='tel:110']")).to_be_visible()
    expect(emergency.locator(".more-numbers summary")).to_contain_text("更多电话")
    assert emergency.bounding_box()["height"] < 400
    kept = kept_urls(page)
    assert f"{base}/offline/" in kept and not [u for u in kept if "/me/" in u or u.endswith("/day.json")]
    assert all("/static/" in u or u.split("?")[0] in (f"{base}/offline/", f"{base}/offline/write",
                                                      f"{base}/offline/outbox") for u in kept), kept

    context.set_offline(True)
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    expect(page.locator("#network")).to_be_visible()
    expect(page.locator("#people li.person").first).to_be_visible()
    visited = person_with(page, "visit")
    followed = page.evaluate("""(async () => {
        const day = await GuanaiOutbox.getDay(await GuanaiOutbox.currentUser());
        const p = day.people.find(p => (p.kinds || []).includes('follow_up_done') && p.follow_ups.length);
        return p && {id: p.id, name: p.name, follow_up: p.follow_ups[0]};
    })()""")
    assert visited and followed, "the demo volunteer has a person to visit and an open follow-up"

    big = photo(tmp_path, "big.jpg", (3200, 2400), "orange")
    small = photo(tmp_path, "small.png", (640, 480), "teal")
    for words, photos in (("第一次走访：孩子在家写作业", [big]), ("第二次走访：奶奶身体好些了", [big, small])):
        page.locator("#people li.person", has_text=visited["name"]).first.locator(".actions a[href*='kind=visit']").first.click()
        page.wait_for_selector("body[data-ready='1']")
        expect(page.locator("#write-about")).to_contain_text(visited["name"])
        fill_required(page, words)
        page.set_input_files("#offline-photos", photos)
        expect(page.locator(".thumbs li")).to_have_count(len(photos))
        page.click("#offline-form button[type=submit]")
        page.wait_for_url("**/offline/outbox?saved=*")
        page.goto(f"{base}/offline/")          # offline: the kept shell
        page.wait_for_selector("body[data-ready='1']")
    page.locator("#follow-ups li.follow-up", has_text=followed["follow_up"]["what"]).first.locator("a").click()
    page.wait_for_selector("body[data-ready='1']")
    fill_required(page, "已联系")
    page.click("#offline-form button[type=submit]")
    page.wait_for_url("**/offline/outbox?saved=*")
    page.wait_for_selector("body[data-ready='1']")

    items = waiting(page)
    assert sorted(i["kind"] for i in items) == ["follow_up_done", "visit", "visit"]
    sizes = [p for i in items for p in i["photos"]]
    assert sorted((w, h) for w, h, _size, _type in sizes) == [(640, 480), (1600, 1200), (1600, 1200)]
    expect(page.locator("#items li.item")).to_have_count(3)
    expect(page.locator("#outbox")).to_have_text("未发送 (3)")
    keys = {i["key"] for i in items}

    context.set_offline(False)              # the signal returns: the page sends on "online"
    expect(page.locator("#items li.item")).to_have_count(0, timeout=30000)
    expect(page.locator("#outbox-empty")).to_be_visible()
    assert waiting(page) == []
    check_arrived(app, keys, visited, followed)
    done(context)



def write_visit(page, base, person, words, photos=()):
    """On the day page (offline or not): open the person's visit form, fill it, keep it on the phone."""
    page.goto(f"{base}/offline/")
    page.wait_for_selector("body[data-ready='1']")
    page.locator("#people li.person", has_text=person["name"]).first.locator(".actions a[href*='kind=visit']").first.click()
    page.wait_for_selector("body[data-ready='1']")
    fill_required(page, words)
    if photos:
        page.set_input_files("#offline-photos", list(photos))
        expect(page.locator(".thumbs li")).to_have_count(len(photos))
    page.click("#offline-form button[type=submit]")
    page.wait_for_url("**/offline/outbox?saved=*")
    page.wait_for_selector("body[data-ready='1']")


def test_a_retry_after_a_lost_answer_makes_no_second_visit(server, browser, tmp_path):
    base, app = server
    context, page = phone(browser)
    sign_in(page, base, "volunteer", DEMO_PASSWORD)
    open_day(page, base)
    person = person_with(page, "visit")
    context.set_offline(True)
    write_visit(page, base, person, "答复丢失后的重试", [photo(tmp_path, "p.jpg", (800, 600), "navy")])
    [item] = waiting(page)
    lose = LoseAnswers(app.wsgi_app)
    app.wsgi_app = lose
    try:
        context.set_offline(False)
        for _ in range(300):                    # the page sends on "online"
            if lose.posts:
                break
            page.wait_for_timeout(100)
        page.wait_for_timeout(500)
        assert lose.posts[:1] == [item["key"]]   # the server had it, the phone never heard
        if page.locator("#items li.item").count():
            page.click("#send-now")            # as the helper would (else the page tries again by itself)
        expect(page.locator("#items li.item")).to_have_count(0, timeout=30000)
    finally:
        app.wsgi_app = lose.wsgi_app
    assert lose.posts.count(item["key"]) >= 2 and set(lose.posts) == {item["key"]}
    assert arrived(app, item["key"]) == 1
    done(context)


def test_a_refused_item_keeps_its_reason_and_sign_out_asks_before_wiping(server, browser, tmp_path):
    base, app = server
    context, page = phone(browser)
    sign_in(page, base, "volunteer", DEMO_PASSWORD)
    open_day(page, base)
    person = person_with(page, "visit")
    context.set_offline(True)
    write_visit(page, base, person, REFUSED_WORDS)
    [item] = waiting(page)
    refuse(app, person)                       # while the phone had no signal, the server's rules changed
    context.set_offline(False)
    refused = page.locator("#items li.item.refused")
    expect(refused).to_have_count(1, timeout=30000)
    expect(refused.locator(".status")).to_contain_text("服务器未接收：")
    reason = waiting(page)[0]["reason"]
    assert reason and reason in refused.inner_text()
    expect(page.locator("#outbox")).to_have_text("未发送 (1)")
    # it can be opened: the form shows the same reason and keeps what was written
    refused.locator("a.edit").click()
    page.wait_for_selector("body[data-ready='1']")
    expect(page.locator("#write-state")).to_contain_text(reason)
    assert REFUSED_WORDS in page.locator("#offline-form").inner_text() or page.locator(
        f"#offline-form [value='{REFUSED_WORDS}']").count() or page.evaluate(
        "w => [...document.querySelectorAll('#offline-form input, #offline-form textarea')].some(e => e.value === w)",
        REFUSED_WORDS)

    # sign-out from an ordinary page: the badge is there, and the question names what is not sent
    page.goto(f"{base}/me/")
    expect(page.locator("header #outbox")).to_have_text("未发送 (1)")
    page.click("header form[action$='/logout'] button")
    dialog = page.locator("#sign-out-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".unsent li")).to_have_count(1)
    expect(dialog.locator(".unsent li")).to_contain_text(person["name"])
    dialog.locator("button[value=cancel]").click()
    expect(dialog).to_have_count(0)
    assert len(waiting(page)) == 1 and page.url.endswith("/me/")       # nothing wiped, still signed in
    page.click("header form[action$='/logout'] button")
    page.locator("#sign-out-dialog button[value=wipe]").click()
    page.wait_for_url("**/login**")
    page.goto(f"{base}/offline/")             # the shell, signed out: nothing of the helper's is left to show
    page.wait_for_selector("body[data-ready='1']")
    expect(page.locator("#people li.person")).to_have_count(0)
    assert waiting(page) == []
    assert page.evaluate("""(async () => (await (await idb.openDB('guanai-offline')).getAll('days')).length)()""") == 0
    done(context)



def test_an_incident_written_offline_says_it_reached_no_one_and_goes_first(server, browser):
    base, app = server
    context, page = phone(browser)
    sign_in(page, base, "volunteer", DEMO_PASSWORD)
    open_day(page, base)
    person = person_with(page, "incident")
    context.set_offline(True)
    write_visit(page, base, person_with(page, "visit"), "先写的走访")
    page.goto(f"{base}/offline/write?kind=incident&person={person['id']}")
    page.wait_for_selector("body[data-ready='1']")
    warning = page.locator("#incident-warning")
    expect(warning).to_contain_text("还没有送达任何人")
    expect(warning.locator("a[href='tel:110']")).to_be_visible()
    expect(warning.locator("a[href='tel:120']")).to_be_visible()
    fill_required(page, INCIDENT_WORDS)
    page.click("#offline-form button[type=submit]")
    page.wait_for_url("**/offline/outbox?saved=*")
    page.wait_for_selector("body[data-ready='1']")
    expect(page.locator("#incident-warning a[href='tel:110']")).to_be_visible()   # and in the outbox, while it waits
    expect(page.locator("#items li.item").first).to_have_attribute("data-kind", "incident")
    order = LoseAnswers(app.wsgi_app, n=0)
    app.wsgi_app = order
    try:
        context.set_offline(False)
        expect(page.locator("#items li.item")).to_have_count(0, timeout=30000)
    finally:
        app.wsgi_app = order.wsgi_app
    assert [path.rsplit("/", 1)[1] for path in order.paths] == ["incident", "visit"]
    expect(page.locator("#incident-warning")).to_be_hidden()
    done(context)


def test_a_day_past_its_expiry_is_not_shown_and_the_items_stay(server, browser):
    base, app = server
    context, page = phone(browser)
    sign_in(page, base, "volunteer", DEMO_PASSWORD)
    open_day(page, base)
    person = person_with(page, "visit")
    context.set_offline(True)
    write_visit(page, base, person, "过期前写的")
    page.evaluate("""(async () => {
        const db = await idb.openDB('guanai-offline');
        for (const row of await db.getAll('days')) { row.day.expires_at = '2020-01-01T00:00:00+00:00'; await db.put('days', row); }
    })()""")
    page.goto(f"{base}/offline/")
    page.wait_for_selector("body[data-ready='1']")
    expect(page.locator("#day-state")).to_contain_text("已过期")
    expect(page.locator("#people li.person")).to_have_count(0)
    assert page.evaluate("(async () => (await (await idb.openDB('guanai-offline')).getAll('days'))"
                         ".filter(row => row.day).length)()") == 0     # the people are gone from the phone
    assert len(waiting(page)) == 1                 # what was written waits for the signal all the same
    context.set_offline(False)
    page.goto(f"{base}/offline/outbox")
    expect(page.locator("#items li.item")).to_have_count(0, timeout=30000)
    done(context)


def test_a_grid_workers_knock_round_written_offline_arrives_once(server, browser):
    """000 "一敲门" on the phone: the grid worker's day offers the round of their grid; written with no signal, it
    reaches the portal once the signal returns, as one round of that grid and day with what was found."""
    from sqlalchemy import select

    from portal.auth.models import User
    from portal.duties.models import DutyOwner, KnockRound
    from portal.extensions import db
    base, app = server
    with app.app_context():
        worker, grid = db.session.execute(
            select(User.username, DutyOwner.place_id).join(DutyOwner, DutyOwner.user_id == User.id)
            .where(DutyOwner.role == "grid_worker").order_by(User.username)).first()
    context, page = phone(browser)
    sign_in(page, base, worker, DEMO_PASSWORD)
    open_day(page, base)
    rounds = page.locator("#rounds a[href*='kind=duty_round']")
    expect(rounds).to_be_visible()
    context.set_offline(True)
    rounds.click()
    page.wait_for_selector("body[data-ready='1']")
    page.locator("#offline-form select").first.select_option(value=str(grid))
    page.locator("#offline-form textarea").first.fill("三号户老人咳嗽，已告知村医")
    page.click("#offline-form button[type=submit]")
    page.wait_for_url("**/offline/outbox?saved=*")
    page.wait_for_selector("body[data-ready='1']")
    expect(page.locator("#items li.item")).to_have_count(1)
    context.set_offline(False)
    expect(page.locator("#items li.item")).to_have_count(0, timeout=30000)
    with app.app_context():
        from portal.core.time import local_today
        kept = db.session.execute(select(KnockRound).where(KnockRound.place_id == grid)).scalars().all()
        today = [r for r in kept if r.day == local_today()]
        assert len(today) == 1 and today[0].found == "三号户老人咳嗽，已告知村医"
    done(context)


def test_a_language_switched_with_a_signal_is_the_phones_language_without_one(server, browser):
    """The shells and the day are kept in the language they were fetched in; switching to English with a signal
    fetches them again (phone.js), so a form opened with no signal afterwards is in English, words and fields."""
    base, _app = server
    context, page = phone(browser)
    sign_in(page, base, "volunteer", DEMO_PASSWORD)
    open_day(page, base)
    person = person_with(page, "visit")
    page.goto(f"{base}/me/")     # a page of the portal (the shells carry no script of the portal's pages)
    page.wait_for_function("() => localStorage.getItem('guanai-offline-lang') === 'zh-CN'", timeout=20000)
    page.click("button[lang=en]")
    page.wait_for_load_state("load")
    page.wait_for_function("() => localStorage.getItem('guanai-offline-lang') === 'en'", timeout=30000)
    context.set_offline(True)
    page.goto(f"{base}/offline/write?kind=visit&person={person['id']}")
    page.wait_for_selector("body[data-ready='1']")
    expect(page.locator("#write-title")).to_have_text("Visit")             # the kind's name, from the kept day
    expect(page.locator("#offline-form button[type=submit]")).to_have_text("Save on this phone")   # the shell
    labels = page.locator("#offline-form .fields label").all_text_contents()
    chinese = [t for t in labels if re.search("[\u4e00-\u9fff]", re.sub(r"\(.*?\)", "", t))]   # a glossed term aside
    assert labels and not chinese, chinese
    context.set_offline(False)
    done(context)


# --- what the server holds ----------------------------------------------------------------------------------------
REFUSED_WORDS = "结对结束后才送到"
INCIDENT_WORDS = "孩子独自在家，发烧"


def check_arrived(app, keys, visited, followed):
    """Each item once: a receipt per key, one visit per written visit with its photos (made smaller), the follow-up
    done."""
    from portal.extensions import db
    from portal.offline.models import OfflineReceipt
    from portal.visits.models import FollowUp, Visit
    from portal.visits.photos import path_of
    with app.app_context():
        receipts = db.session.execute(db.select(OfflineReceipt).where(OfflineReceipt.key.in_(keys))).scalars().all()
        assert sorted(r.kind for r in receipts) == ["follow_up_done", "visit", "visit"]
        visits = db.session.execute(db.select(Visit).where(Visit.beneficiary_id == visited["id"],
                                                           Visit.notes.like("%次走访：%"))).scalars().all()
        assert sorted(v.notes for v in visits) == ["第一次走访：孩子在家写作业", "第二次走访：奶奶身体好些了"]
        assert {r.answer["id"] for r in receipts if r.kind == "visit"} == {v.id for v in visits}
        sizes = {v.notes[:3]: sorted(Image.open(path_of(p)).size for p in v.photos) for v in visits}
        assert sizes == {"第一次": [(1600, 1200)], "第二次": [(640, 480), (1600, 1200)]}
        follow_up = db.session.get(FollowUp, followed["follow_up"]["id"])
        assert follow_up.done_on is not None


def arrived(app, key):
    """How many visits the item with ``key`` made (its receipt names the one)."""
    from portal.extensions import db
    from portal.offline.models import OfflineReceipt
    from portal.visits.models import Visit
    with app.app_context():
        receipts = db.session.execute(db.select(OfflineReceipt).where(OfflineReceipt.key == key)).scalars().all()
        assert len(receipts) == 1
        notes = db.session.get(Visit, receipts[0].answer["id"]).notes
        return db.session.execute(db.select(db.func.count()).select_from(Visit).where(Visit.notes == notes)).scalar()


def refuse(app, person):
    """The person leaves the ledger while the phone has no signal."""
    from portal.core.time import local_today
    from portal.extensions import db
    from portal.ledger.models import Beneficiary
    with app.app_context():
        row = db.session.get(Beneficiary, person["id"])
        row.status, row.left_on = "left", local_today()
        db.session.commit()
