"""The bilan's charts, laid out once and drawn twice: as SVG on the pages (attributes only, no
inline style) and with fpdf2's lines and rectangles in the PDF. Each chart has its table (the
same rows) as the alternative to the drawing.

A chart is horizontal bars, one row per label: it reads on a phone, and a hidden value (fewer
than five people) is a row with "—" and no bar.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from maillage.reports.bilan.figures import Bilan, Place
from maillage.surveys.questionnaires import Kind

WIDTH = 480
LABEL_WIDTH = 190
VALUE_WIDTH = 60
ROW = 32
BAR = 20
TOP = 8
HIDDEN = "—"


def number(value: float, digits: int = 0) -> str:
    return str(formats.number_format(round(value, digits), digits, use_l10n=True))


def percent(value: float) -> str:
    return f"{number(100 * value)} %"


def svg_number(value: float) -> str:
    """A coordinate for an SVG attribute: a dot, whatever the language."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Row:
    label: str
    value: float | None  # None: hidden (small numbers) or nothing to show
    text: str  # the value as the reader reads it ("—" when hidden)


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: str  # the bar's top
    width: str
    label_y: str  # the text baseline
    text_x: str
    hidden: bool


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    rows: list[Row]
    maximum: float
    note: str = ""

    @property
    def height(self) -> int:
        return TOP * 2 + ROW * max(1, len(self.rows))

    @property
    def plot_width(self) -> int:
        return WIDTH - LABEL_WIDTH - VALUE_WIDTH

    def bars(self) -> list[Bar]:
        bars = []
        for index, row in enumerate(self.rows):
            top = TOP + index * ROW + (ROW - BAR) / 2
            share = (row.value or 0) / self.maximum if self.maximum else 0
            width = max(0.0, min(1.0, share)) * self.plot_width
            bars.append(
                Bar(
                    label=row.label,
                    text=row.text,
                    y=svg_number(top),
                    width=svg_number(width),
                    label_y=svg_number(top + BAR - 5),
                    text_x=svg_number(LABEL_WIDTH + width + 6),
                    hidden=row.value is None,
                )
            )
        return bars

    @property
    def has_hidden(self) -> bool:
        return any(row.value is None for row in self.rows)


def _chart(
    key: str,
    title: str,
    description: str,
    rows: Sequence[Row],
    maximum: float | None = None,
) -> Chart:
    values = [row.value for row in rows if row.value is not None]
    top = maximum if maximum is not None else (max(values) if values else 1.0)
    return Chart(key, title, description, list(rows), top or 1.0)


def _rows[T](
    items: Sequence[T],
    label: Callable[[T], str],
    value: Callable[[T], float | None],
    text: Callable[[float], str],
) -> list[Row]:
    rows = []
    for item in items:
        raw = value(item)
        rows.append(Row(label(item), raw, HIDDEN if raw is None else text(raw)))
    return rows


def stage_label(kind: str) -> str:
    return str(Kind(kind).label).capitalize()


def bilan_charts(report: Bilan) -> list[Chart]:
    years = report.years
    activity, change = report.activity, report.change
    charts = [
        _chart(
            "meetings",
            _("Rencontres tenues par année"),
            _("Nombre de rencontres de groupe tenues, année par année."),
            _rows(years, lambda y: str(y.year), lambda y: y.meetings_held, number),
        ),
        _chart(
            "attendance",
            _("Taux de présence par année"),
            _("Part des présences (à l'heure ou en retard) parmi les présences relevées."),
            _rows(years, lambda y: str(y.year), lambda y: y.attendance_rate, percent),
            maximum=1.0,
        ),
        _chart(
            "sectors",
            _("Entreprises des dirigeants par secteur"),
            _("Nombre d'entreprises par section d'activité (NAF)."),
            _rows(activity.sector_breakdown, lambda s: s.label, lambda s: s.firms, number),
        ),
        _chart(
            "themes",
            _("Utilité des thèmes abordés (sur 5)"),
            _("Moyenne des avis après les rencontres, par thème ; — : moins de cinq avis."),
            _rows(
                activity.themes,
                lambda t: t.title,
                lambda t: t.rating,
                lambda v: number(v, 1),
            ),
            maximum=5.0,
        ),
        _chart(
            "contacts",
            _("Échanges entre membres par année"),
            _("Appels, visites et coups de main notés par les membres."),
            _rows(years, lambda y: str(y.year), lambda y: y.contacts, number),
        ),
        _chart(
            "referrals",
            _("Recommandations gagnées par année"),
            _("Affaires conclues grâce à la recommandation d'un autre membre."),
            _rows(years, lambda y: str(y.year), lambda y: y.referrals_won, number),
        ),
        _chart(
            "isolation",
            _("Score d'isolement par étape (de 1 à 5)"),
            _(
                "Moyenne de l'échelle d'isolement (5 : très isolé) à chaque questionnaire ; "
                "— : moins de cinq répondants."
            ),
            _rows(
                change.stages[:3],
                lambda s: stage_label(s.kind),
                lambda s: s.isolation,
                lambda v: number(v, 2),
            ),
            maximum=5.0,
        ),
        _chart(
            "density",
            _("Densité du réseau"),
            _("Part des paires de membres liées par un échange, au début et à la fin."),
            [
                Row(_("Début"), change.density_start, percent(change.density_start)),
                Row(_("Fin"), change.density_end, percent(change.density_end)),
            ],
            maximum=max(change.density_end, change.density_start, 0.01),
        ),
    ]
    return [chart for chart in charts if chart.rows]


# The map of the mesh ---------------------------------------------------------------------------

MAP_SIZE = 480
MAP_MARGIN = 30
LABELLED = 6


@dataclass(frozen=True)
class Dot:
    name: str
    firms: int
    x: str
    y: str
    r: str
    label: bool
    anchor: str = "start"  # "end": the label goes left of the dot (right half of the map)
    dx: str = "8"


@dataclass(frozen=True)
class MeshMap:
    dots: list[Dot]
    size: int = MAP_SIZE
    by_territory: bool = False  # a network's map: a dot per territory

    @property
    def places(self) -> list[Dot]:
        return sorted((d for d in self.dots if d.firms), key=lambda d: (-d.firms, d.name))


def mesh_map(places: Sequence[Place], by_territory: bool = False) -> MeshMap | None:
    """The communes on a plane (longitude shrunk by the cosine of the mean latitude), a dot per
    commune, its area growing with its firms; communes covered without a member are small
    grey dots. None when nothing is placed."""
    if not places:
        return None
    mean_latitude = sum(p.latitude for p in places) / len(places)
    shrink = math.cos(math.radians(mean_latitude))
    xs = [p.longitude * shrink for p in places]
    ys = [p.latitude for p in places]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    inner = MAP_SIZE - 2 * MAP_MARGIN
    top_names = {
        p.name for p in sorted(places, key=lambda p: (-p.firms, p.name))[:LABELLED] if p.firms
    }
    dots = [
        Dot(
            name=p.name,
            firms=p.firms,
            x=svg_number(MAP_MARGIN + (x - min(xs)) / span * inner),
            y=svg_number(MAP_MARGIN + (max(ys) - y) / span * inner),
            r=svg_number(3 + 3 * math.sqrt(p.firms) if p.firms else 2.5),
            label=p.name in top_names,
            anchor="end" if (x - min(xs)) / span > 0.5 else "start",
            dx="-8" if (x - min(xs)) / span > 0.5 else "8",
        )
        for p, x, y in zip(places, xs, ys, strict=True)
    ]
    # Covered communes first, so that the firms' dots are drawn over them.
    return MeshMap(sorted(dots, key=lambda d: (d.firms > 0, d.name)), by_territory=by_territory)
