"""Issue 31, the phone's pages as the server sends them: the manifest and its icons, the service worker at the root
scope (never kept by the HTTP cache, Workbox loaded from the portal itself), the shell pages holding no one's data,
the <head> of every signed-in page linking the manifest and the phone's script, and the vendored files with their
licences (no CDN)."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

from PIL import Image

STATIC = Path(__file__).resolve().parents[2] / "portal" / "offline" / "static"


def test_the_manifest_installs_the_portal_in_chinese_with_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] == "三留守关爱服务平台" and manifest["short_name"] == "关爱"
    assert manifest["start_url"] == "/offline/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#c2410c"
    for icon in manifest["icons"]:
        png = client.get(icon["src"])
        assert png.status_code == 200
        size = Image.open(io.BytesIO(png.data)).size
        assert f"{size[0]}x{size[1]}" == icon["sizes"]
    assert {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}


def test_the_service_worker_is_served_at_the_root_and_loads_workbox_from_the_portal(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    text = response.get_data(as_text=True)
    config = json.loads(re.search(r"var CONFIG = (\{.*?\});\n", text).group(1))
    assert "modulePathPrefix: CONFIG.workbox" in text and config["workbox"] == "/offline/static/vendor/workbox/"
    for url in config["scripts"] + [e["url"] for e in config["precache"]]:
        assert not url.startswith("http"), url                       # no CDN: everything from the portal
        assert client.get(url).status_code == 200, url
    for module in ("core", "routing", "strategies", "precaching"):   # what workbox-sw loads by itself
        assert client.get(f"{config['workbox']}workbox-{module}.prod.js").status_code == 200
    assert config["shells"] == ["/offline/", "/offline/write", "/offline/outbox"]
    assert all(len(e["revision"]) == 16 for e in config["precache"])


def test_the_service_worker_keeps_no_page_but_the_shells():
    """It has no runtime cache of pages: the only routes are the precache, the shells (network first) and the
    network only for every other page."""
    source = (STATIC / "sw.js").read_text(encoding="utf-8")
    assert source.count("registerRoute(") == 2 and "new workbox.strategies.NetworkOnly()" in source
    assert re.findall(r"strategies\.(\w+)", source) == ["NetworkFirst", "NetworkOnly"]
    assert "new workbox.strategies.NetworkFirst({cacheName: SHELL_CACHE" in source


def test_the_shells_hold_no_ones_data(client, county, login_as):
    login_as("vol")
    for url in ("/offline/", "/offline/write?kind=visit&person=1", "/offline/outbox"):
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
        page = response.get_data(as_text=True)
        assert "vol" not in re.sub(r"<[^>]+>", " ", page).split()           # not the signed-in user's name
        assert 'name="csrf_token"' not in page and "csrf" not in page.lower()
        assert 'rel="manifest"' in page and "本机" in page
    client.post("/logout")
    assert client.get("/offline/").status_code == 200   # open without a session too (the phone may be signed out)


def test_every_signed_in_page_links_the_manifest_and_the_phone(client, county, login_as):
    assert 'rel="manifest"' not in client.get("/login").get_data(as_text=True)
    login_as("vol")
    page = client.get("/").get_data(as_text=True)
    if "rel=\"manifest\"" not in page:   # the dashboard may redirect a volunteer to their own page
        page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    script = re.search(r'<script src="/offline/static/phone.js"[^>]*>', page).group(0)
    assert f'data-user="{county["users"]["vol"].id}"' in script and 'data-logout="/logout"' in script
    strings = json.loads(re.search(r"data-strings='([^']*)'", script).group(1))
    assert strings["outbox_count"] == "未发送 (%(count)s)"
    assert re.search(r'<a class="outbox" id="outbox" href="/offline/outbox"[^>]*>未发送</a>', page)
    assert re.search(r'<a [^>]*href="/offline/"[^>]*>无信号时工作</a>', page)  # a helper finds the day in the menu
    login_as("coord")
    assert 'href="/offline/"' not in client.get("/", follow_redirects=True).get_data(as_text=True)


def test_the_vendored_scripts_come_with_their_licences():
    vendor = STATIC / "vendor"
    assert "MIT" in (vendor / "workbox" / "LICENSE").read_text() or "Google" in (vendor / "workbox" / "LICENSE").read_text()
    assert "ISC" in (vendor / "idb" / "LICENSE").read_text()
    assert "workbox-sw" in (vendor / "VERSIONS").read_text() and "idb" in (vendor / "VERSIONS").read_text()
    assert (vendor / "idb" / "idb.umd.js").read_text().startswith("!function(e,t){")
