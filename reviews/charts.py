"""Server-side SVG charts for Insights: no JavaScript, styled by static/css/reviews.css.

Each chart is an ``<svg role="img">`` with a title and a one-line description; the page puts
a table with the same figures right below it for screen readers and text browsers.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

SCALE_MAX = 5


def _svg(width: int, height: int, title: str, desc: str, body: str, css: str) -> SafeString:
    return format_html(
        '<svg class="chart {}" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}"><title>{}</title><desc>{}</desc>{}</svg>',
        css,
        width,
        height,
        width,
        height,
        title,
        title,
        desc,
        mark_safe(body),  # built from format_html pieces below
    )


def _scale_ticks(x0: float, width: float, top: float, bottom: float) -> str:
    return format_html_join(
        "",
        '<line class="grid" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>'
        '<text class="tick" x="{0}" y="{3}" text-anchor="middle">{4}</text>',
        (
            (round(x0 + width * n / SCALE_MAX, 1), top, bottom, bottom + 14, n)
            for n in range(SCALE_MAX + 1)
        ),
    )


def theme_bars(themes, limit: int = 15) -> SafeString:
    """Average comfort per theme as horizontal bars, labelled with how often it was asked."""
    themes = list(themes)[:limit]
    label_w, bar_w, row_h, top = 190, 360, 26, 8
    height = top + row_h * len(themes) + 26
    rows = []
    for i, theme in enumerate(themes):
        y = top + i * row_h
        w = round(bar_w * theme.avg_comfort / SCALE_MAX, 1)
        rows.append(
            format_html(
                '<text class="label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="bar {}" x="{}" y="{}" width="{}" height="{}" rx="3"/>'
                '<text class="value" x="{}" y="{}">{} · asked {}×</text>',
                label_w - 8,
                y + 16,
                Truncator(theme.label).chars(26),
                theme.category,
                label_w,
                y + 4,
                w,
                row_h - 8,
                label_w + w + 6,
                y + 16,
                f"{theme.avg_comfort:.1f}",
                theme.asked,
            )
        )
    bottom = top + row_h * len(themes)
    body = _scale_ticks(label_w, bar_w, top, bottom + 4) + "".join(rows)
    return _svg(
        label_w + bar_w + 110,
        height,
        "Average comfort by theme",
        "Bars: average comfort, 0 to 5; the figure after each bar: how often it was asked.",
        body,
        "chart-themes",
    )


def sparkline(months, width: int = 120, height: int = 28) -> SafeString:
    """A theme's month-by-month average comfort (1–5) as a small line."""
    points = list(months)
    if not points:
        return mark_safe("")
    pad = 4

    def y(value: float) -> float:
        return round(height - pad - (height - 2 * pad) * (value - 1) / (SCALE_MAX - 1), 1)

    step = (width - 2 * pad) / max(len(points) - 1, 1)
    coords = [(round(pad + i * step, 1), y(p.avg_comfort)) for i, p in enumerate(points)]
    line = " ".join(f"{x},{yy}" for x, yy in coords)
    dots = format_html_join("", '<circle class="dot" cx="{}" cy="{}" r="2.5"/>', coords)
    first, last = points[0], points[-1]
    desc = (
        f"From {first.avg_comfort:.1f} in {first.month:%b %Y} "
        f"to {last.avg_comfort:.1f} in {last.month:%b %Y}."
    )
    body = format_html('<polyline class="line" points="{}"/>', line) + dots
    return _svg(width, height, "Comfort month by month", desc, body, "chart-spark")


def excitement_dumbbells(rows) -> SafeString:
    """Excitement before (hollow) and after (filled) each interview, on a 1–5 scale."""
    rows = list(rows)
    label_w, scale_w, row_h, top = 230, 300, 24, 8
    height = top + row_h * len(rows) + 26

    def x(value: int) -> float:
        return round(label_w + scale_w * value / SCALE_MAX, 1)

    parts = []
    for i, row in enumerate(rows):
        cy = top + i * row_h + 12
        direction = "up" if row["change"] > 0 else "down" if row["change"] < 0 else "same"
        parts.append(
            format_html(
                '<text class="label" x="{}" y="{}" text-anchor="end">{} · {}</text>'
                '<line class="link {}" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<circle class="before" cx="{}" cy="{}" r="5"/>'
                '<circle class="after {}" cx="{}" cy="{}" r="5"/>',
                label_w - 10,
                cy + 4,
                Truncator(row["company"]).chars(22),
                row["starts_at"].strftime("%d %b %Y"),
                direction,
                x(row["before"]),
                x(row["after"]),
                cy,
                cy,
                x(row["before"]),
                cy,
                direction,
                x(row["after"]),
                cy,
            )
        )
    bottom = top + row_h * len(rows)
    body = _scale_ticks(label_w, scale_w, top, bottom + 4) + "".join(parts)
    return _svg(
        label_w + scale_w + 30,
        height,
        "Excitement before and after each interview",
        "Hollow dot: before; filled dot: after; scale 0 to 5.",
        body,
        "chart-excitement",
    )


EMPLOYER_MEASURES = (
    ("want", "Want to work there"),
    ("boss", "This boss"),
    ("rapport", "Rapport"),
)


def employer_bars(employers, limit: int = 10) -> SafeString:
    """Three bars per employer: want to work there, this boss, rapport (0–5)."""
    employers = list(employers)[:limit]
    label_w, bar_w, bar_h, gap, top = 190, 360, 8, 12, 24
    group_h = bar_h * len(EMPLOYER_MEASURES) + gap
    height = top + group_h * len(employers) + 24
    legend = format_html_join(
        "",
        '<rect class="bar {0}" x="{1}" y="4" width="10" height="10"/>'
        '<text class="tick" x="{2}" y="13">{3}</text>',
        (
            (key, label_w + i * 150, label_w + i * 150 + 14, name)
            for i, (key, name) in enumerate(EMPLOYER_MEASURES)
        ),
    )
    parts = []
    for i, employer in enumerate(employers):
        y0 = top + i * group_h
        parts.append(
            format_html(
                '<text class="label" x="{}" y="{}" text-anchor="end">{}</text>',
                label_w - 8,
                y0 + bar_h * 2,
                Truncator(employer["name"]).chars(26),
            )
        )
        for j, (key, _name) in enumerate(EMPLOYER_MEASURES):
            value = employer[key]
            if value is None:
                continue
            parts.append(
                format_html(
                    '<rect class="bar {}" x="{}" y="{}" width="{}" height="{}"/>',
                    key,
                    label_w,
                    y0 + j * bar_h,
                    round(bar_w * value / SCALE_MAX, 1),
                    bar_h - 1,
                )
            )
    bottom = top + group_h * len(employers)
    body = legend + _scale_ticks(label_w, bar_w, top, bottom) + "".join(parts)
    return _svg(
        label_w + bar_w + 30,
        height,
        "Employers side by side",
        "For each employer: would I like to work there, for this boss, and rapport, 0 to 5.",
        body,
        "chart-employers",
    )


def calibration_bars(calibration, bar_w: int = 300) -> SafeString:
    """For each gut rating 1–5: how many went forward (green) and were rejected (red),
    stacked, with the share that went forward beside it."""
    rows = calibration.rows
    label_w, row_h, top = 120, 26, 24
    height = top + row_h * len(rows) + 8
    most = max((r.counted for r in rows), default=0) or 1
    legend = format_html(
        '<rect class="bar forward" x="{}" y="4" width="10" height="10"/>'
        '<text class="tick" x="{}" y="13">went forward</text>'
        '<rect class="bar rejected" x="{}" y="4" width="10" height="10"/>'
        '<text class="tick" x="{}" y="13">rejected</text>',
        label_w,
        label_w + 14,
        label_w + 120,
        label_w + 134,
    )
    parts = []
    for i, row in enumerate(rows):
        y = top + i * row_h
        forward_w = round(bar_w * row.forward / most, 1)
        rejected_w = round(bar_w * row.rejected / most, 1)
        share = f"{row.forward} of {row.counted} forward" if row.counted else "none decided"
        parts.append(
            format_html(
                '<text class="label" x="{}" y="{}" text-anchor="end">felt {} / 5</text>'
                '<rect class="bar forward" x="{}" y="{}" width="{}" height="{}"/>'
                '<rect class="bar rejected" x="{}" y="{}" width="{}" height="{}"/>'
                '<text class="value" x="{}" y="{}">{}</text>',
                label_w - 8,
                y + 16,
                row.rating,
                label_w,
                y + 4,
                forward_w,
                row_h - 8,
                label_w + forward_w,
                y + 4,
                rejected_w,
                row_h - 8,
                label_w + forward_w + rejected_w + 6,
                y + 16,
                share,
            )
        )
    return _svg(
        label_w + bar_w + 130,
        height,
        "Gut rating against what happened",
        "For each gut rating: interviews that went forward and interviews rejected.",
        legend + "".join(parts),
        "chart-calibration",
    )
