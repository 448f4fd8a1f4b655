"""A person's readings over time as an inline SVG (no script, no CDN): one line per measure, the normal range shaded."""
from __future__ import annotations

from markupsafe import Markup, escape

from .readings import LABELS

WIDTH, HEIGHT, PAD = 640, 200, 36
COLOURS = {"systolic": "#c0392b", "diastolic": "#2471a3", "glucose": "#7d3c98", "height": "#1e8449",
           "weight": "#b9770e"}


def readings_chart(readings: list, measures: tuple[str, ...], ranges: dict, title: str) -> Markup:
    """An SVG line chart of ``measures`` across ``readings`` (oldest first); empty when fewer than two points."""
    points = {m: [(r.taken_on, getattr(r, m)) for r in readings if getattr(r, m) is not None] for m in measures}
    if sum(len(p) for p in points.values()) < 2:
        return Markup("")
    days = [d for p in points.values() for d, _ in p]
    values = [v for p in points.values() for _, v in p] + [x for m in measures if m in ranges for x in ranges[m]]
    first, last = min(days), max(days)
    low, high = min(values), max(values)
    span_days, span_values = max((last - first).days, 1), max(high - low, 1)

    def x(day):
        return PAD + (WIDTH - 2 * PAD) * (day - first).days / span_days

    def y(value):
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value - low) / span_values

    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    for m in measures:
        if m in ranges:
            top, bottom = y(ranges[m][1]), y(ranges[m][0])
            parts.append(f'<rect x="{PAD}" y="{top:.1f}" width="{WIDTH - 2 * PAD}" height="{bottom - top:.1f}" '
                         f'fill="{COLOURS[m]}" opacity="0.08"/>')
    for m, pts in points.items():
        if not pts:
            continue
        line = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in pts)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{COLOURS[m]}" stroke-width="2"/>')
        for d, v in pts:
            parts.append(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="3" fill="{COLOURS[m]}">'
                         f"<title>{d} {escape(LABELS[m])}: {v:g}</title></circle>")
    parts.append(f'<text x="{PAD}" y="{HEIGHT - 8}" font-size="11">{first}</text>')
    parts.append(f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" font-size="11" text-anchor="end">{last}</text>')
    parts.append(f'<text x="4" y="{y(high) + 4:.1f}" font-size="11">{high:g}</text>')
    parts.append(f'<text x="4" y="{y(low) + 4:.1f}" font-size="11">{low:g}</text>')
    legend_x = PAD
    for m in measures:
        if points.get(m):
            parts.append(f'<text x="{legend_x}" y="14" font-size="11" fill="{COLOURS[m]}">{escape(LABELS[m])}</text>')
            legend_x += 150
    parts.append("</svg>")
    return Markup("".join(parts))
