"""Charts drawn on the server as SVG: no script, no network, readable in print and in black and white.

Bars carry their value as text and use grey fills with a black outline, so nothing depends on colour.
"""
from __future__ import annotations

import math

from markupsafe import Markup, escape

WIDTH = 560
INK, MID, LIGHT = "#111", "#555", "#ddd"


def draw(chart) -> Markup:
    """The chart as an inline ``<svg>`` element."""
    drawer = {"bar": bars, "column": columns, "map": village_map}[chart.kind]
    return Markup(drawer(chart))


def _number(value) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _svg(height: int, title, body: list[str]) -> str:
    label = escape(str(title))
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" role="img" aria-label="{label}"><title>{label}</title>'
            + "".join(body) + "</svg>")


def _text(x, y, content, anchor="start", size=12, weight="normal", halo=False) -> str:
    ring = ' stroke="#fff" stroke-width="3" paint-order="stroke"' if halo else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="{INK}"{ring}>{escape(str(content))}</text>')


def bars(chart) -> str:
    """Horizontal bars, one per label (places, categories); percent charts show the 100 % mark."""
    row, left, right = 22, 150, 60
    span = WIDTH - left - right
    top = max(chart.values, default=0) or 1
    scale = 100.0 if chart.percent else float(top)
    height = row * max(len(chart.labels), 1) + 10
    body = []
    for i, (label, value) in enumerate(zip(chart.labels, chart.values)):
        y = 5 + i * row
        w = span * min(float(value or 0), scale) / scale
        if chart.percent:
            body.append(f'<rect x="{left}" y="{y + 3}" width="{span}" height="{row - 8}" fill="none" '
                        f'stroke="{LIGHT}"/>')
        body.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{MID}" stroke="{INK}" '
                    f'stroke-width="0.5"/>')
        body.append(_text(left - 6, y + row - 8, str(label)[:14], "end"))
        body.append(_text(left + w + 4, y + row - 8, _number(value) + ("%" if chart.percent else "")))
    return _svg(height, chart.title, body)


def columns(chart) -> str:
    """Vertical columns in time order (months, quarters), each with its value above it."""
    height, bottom, top_pad = 220, 30, 20
    n = max(len(chart.labels), 1)
    slot = (WIDTH - 20) / n
    peak = max((float(v or 0) for v in chart.values), default=0) or 1
    body = [f'<line x1="10" y1="{height - bottom}" x2="{WIDTH - 10}" y2="{height - bottom}" stroke="{INK}"/>']
    for i, (label, value) in enumerate(zip(chart.labels, chart.values)):
        h = (height - bottom - top_pad) * float(value or 0) / peak
        x = 10 + i * slot + slot * 0.2
        body.append(f'<rect x="{x:.1f}" y="{height - bottom - h:.1f}" width="{slot * 0.6:.1f}" height="{h:.1f}" '
                    f'fill="{MID}" stroke="{INK}" stroke-width="0.5"/>')
        body.append(_text(x + slot * 0.3, height - bottom - h - 4, _number(value), "middle"))
        body.append(_text(x + slot * 0.3, height - 10, label, "middle", 11))
    return _svg(height, chart.title, body)


def _project(points: list[dict], width: int, height: int, pad: int):
    """Longitude and latitude to x, y (equirectangular, corrected for latitude), fitted into the box."""
    lats = [p["lat"] for p in points]
    lons = [p["lon"] for p in points]
    k = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * k, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    x0 = (width - scale * span_x) / 2
    y0 = (height - scale * span_y) / 2

    def at(lat, lon):
        return x0 + (lon - min(lons)) * k * scale, height - (y0 + (lat - min(lats)) * scale)
    return at


def _shade(value) -> str:
    """Darker where coverage is lower: the villages to look at stand out, in colour or not."""
    if value is None:
        return "#fff"
    level = int(40 + 2.0 * max(0.0, min(float(value), 100.0)))  # 40 (dark) .. 240 (light)
    return f"#{level:02x}{level:02x}{level:02x}"


def village_map(chart) -> str:
    """Villages placed by their coordinates, no tiles: circles sized by people, shaded by coverage, linked."""
    height, pad = 420, 50
    points = [p for p in chart.points if p.get("lat") is not None and p.get("lon") is not None]
    body = [f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{height - 1}" fill="none" stroke="{LIGHT}"/>']
    if not points:
        return _svg(height, chart.title, body + [_text(WIDTH / 2, height / 2, "—", "middle")])
    at = _project(points, WIDTH, height, pad)
    biggest = max(p["size"] for p in points) or 1
    for p in sorted(points, key=lambda p: -p["size"]):
        x, y = at(p["lat"], p["lon"])
        r = 3 + 10 * math.sqrt(p["size"] / biggest)
        value = _number(p["value"]) + "%" if p["value"] is not None else "—"
        shape = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{_shade(p["value"])}" stroke="{INK}">'
                 f'<title>{escape(p["name"])}: {p["size"]}, {value}</title></circle>'
                 + _text(x, y - r - 3, p["name"], "middle", 10, "bold", halo=True)
                 + _text(x, y + r + 10, f'{value} ▲{p["extra"]}', "middle", 9, halo=True))
        if p.get("href"):
            shape = f'<a href="{escape(p["href"])}">{shape}</a>'
        body.append(shape)
    return _svg(height, chart.title, body)
