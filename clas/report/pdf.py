"""rapport-clas-YYYY-YYYY.pdf: HTML written with string.Template (every data value through html.escape),
printed by WeasyPrint on A4 with report.css: cover, one-page summary, trends, one chapter per theme with its
charts (SVG, vector; maps as PNG) and tables (split across pages with repeated headers), methodology.
"""

from __future__ import annotations

import base64
import functools
from pathlib import Path
from string import Template

from clas.report import methodology
from clas.report.figures import Rendered
from clas.report.model import Figure, Hidden, Report, Section, Table, esc

CSS = Path(__file__).with_name("report.css")
SHORT_TABLE = 30  # rows: a table this short moves to the next page whole rather than split

# Reading order of each chapter: a chart, then the table that details it (names of figures and tables).
ORDER = {
    "orientations": [
        "flux-orientations-origine-porteur-suite",
        "qui-oriente",
        "criteres-coches-par-niveau",
        "criteres",
        "orientations-par-mois",
        "mois",
        "suites-donnees-par-porteur",
        "suites-par-porteur",
        "delai-orientation-entree-par-porteur",
        "delais",
    ],
    "couverture": ["carte-couverture-par-quartier", "couverture-quartiers-prioritaires-et-autres", "quartiers", "qpv"],
    "parents": [
        "funnel-familles-touchees-par-porteur",
        "familles-par-porteur",
        "funnel-familles-touchees-par-quartier",
        "inegalites-engagement-par-annee",
        "inegalites",
        "actions-parents-par-porteur-et-type",
        "actions",
        "entretien-accueil-par-porteur",
    ],
}

PAGE = Template("""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>$doc_title</title></head>
<body>
<div class="doc-title">$doc_title</div>
<section class="cover">
  <div class="band">
    <div class="scheme">Contrat local d'accompagnement à la scolarité (CLAS)</div>
    <div class="title">Rapport annuel</div>
    <div class="year">Année scolaire $year</div>
  </div>
  <p class="lead">Les enfants accompagnés, les orientations, la couverture des quartiers et l'engagement des
  parents, à partir des registres transmis par les porteurs.</p>
  <p class="meta">Édité le $generated par le tableau de bord CLAS. Chiffres soumis au secret statistique :
  effectifs inférieurs à $threshold masqués.</p>
</section>
<section class="chapter summary">
  <h1>L'essentiel de l'année $year</h1>
  $keys
  <h2>Faits marquants</h2>
  <ul class="facts">$summary</ul>
  $no_figures
</section>
<section class="chapter">
  <h1>Évolution sur toutes les années</h1>
  <p class="intro">Les indicateurs clés sur chaque année scolaire importée (une valeur masquée par le secret
  statistique laisse un vide).</p>
  <div class="trends">$trends</div>
</section>
$sections
$methodology
</body></html>
""")


def _figure(f: Figure, r: Rendered | None, small: bool = False) -> str:
    if r is None:
        return ""
    data, mime = (r.png, "image/png") if f.raster_in_pdf else (r.svg, "image/svg+xml")
    src = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    caption = f"<figcaption>{esc(f.caption)}</figcaption>" if f.caption else ""
    title = "" if small else f"<h3>{esc(f.title)}</h3>"
    return f'<figure>{title}<img src="{src}" alt="{esc(f.title)}">{caption}</figure>'


def table_html(t: Table) -> str:
    head = "".join(f"<th>{esc(c.header)}</th>" for c in t.columns)
    body = []
    for r, row in enumerate(t.rows):
        cells = []
        for c, value in enumerate(row):
            classes = []
            if t.cell_kind(r, c) != "text" or isinstance(value, Hidden):
                classes.append("num")
            if isinstance(value, Hidden):
                classes.append("hidden")
            cls = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{cls}>{esc(t.cell_text(r, c))}</td>")
        total = ' class="total"' if r in t.total_rows else ""
        body.append(f"<tr{total}>{''.join(cells)}</tr>")
    foot = "".join(f'<p class="source">{esc(x)}</p>' for x in (t.source, t.note) if x)
    short = " short" if len(t.rows) <= SHORT_TABLE else ""
    return (
        f'<div class="table-block{short}"><h3>{esc(t.title)}</h3><table class="data"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{foot}</div>"
    )


def _keys(report: Report) -> str:
    prev = report.previous_year
    head = f"<th>{esc(report.year)}</th>" + (f"<th>{esc(prev)}</th><th>Évolution</th>" if prev else "")
    rows = []
    for i in report.indicators:
        cells = f'<td class="value">{esc(i.value_text)}</td>'
        if prev:
            cells += f"<td>{esc(i.previous_text or '–')}</td><td>{esc(i.change_text or '–')}</td>"
        rows.append(f'<tr><td><b>{esc(i.label)}</b><span class="def">{esc(i.definition)}</span></td>{cells}</tr>')
    return (
        f'<table class="keys"><thead><tr><th style="text-align:left">Indicateur</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _section(s: Section, rendered: dict[str, Rendered]) -> str:
    figures = {f.name: f for f in s.figures}
    tables = {t.key: t for t in s.tables}
    order = ORDER.get(s.key, [])
    names = [n for n in order if n in figures or n in tables]
    names += [n for n in [*figures, *tables] if n not in names]
    blocks = [_figure(figures[n], rendered.get(n)) if n in figures else table_html(tables[n]) for n in names]
    facts = "".join(f"<li>{esc(x)}</li>" for x in s.sentences)
    return (
        f'<section class="chapter"><h1>{esc(s.title)}</h1><p class="intro">{esc(s.intro)}</p>'
        f'<ul class="facts">{facts}</ul>{"".join(blocks)}</section>'
    )


def html(report: Report, rendered: dict[str, Rendered]) -> str:
    return PAGE.substitute(
        doc_title=esc(f"Rapport annuel CLAS {report.year}"),
        year=esc(report.year),
        generated=esc(report.generated),
        threshold=esc(str(report.threshold)),
        keys=_keys(report),
        summary="".join(f"<li>{esc(s)}</li>" for s in report.summary_sentences),
        trends="".join(_figure(f, rendered.get(f.name), small=True) for f in report.trends),
        sections="".join(_section(s, rendered) for s in report.sections),
        methodology=methodology.html(report),
        no_figures=""
        if rendered
        else (
            '<p class="source">Graphiques absents de cette édition : Chromium n\'est pas '
            "installé sur le poste qui l'a produite (voir le README).</p>"
        ),
    )


def _parse_svg_styles_once() -> None:
    """WeasyPrint parses the style attribute of every SVG element with tinycss2, and plotly writes the same
    ~80 style strings on ~1 000 elements of a report: 0,7 s of the 4 s WeasyPrint spends drawing the charts.
    The parse is a function of the string alone, so it is done once per distinct string (as tuples: the
    cached answer is shared)."""
    import weasyprint.svg as svg

    parse = svg.parse_declarations
    if not hasattr(parse, "cache_info"):
        svg.parse_declarations = functools.lru_cache(maxsize=4096)(
            lambda text: tuple(tuple(declarations) for declarations in parse(text))
        )


def warm_up() -> None:
    """Import WeasyPrint and lay out one line with the report's stylesheet (its default stylesheets and
    fonts are loaded once a process: 2–3 s). Called while Chromium draws, when this process waits."""
    import weasyprint

    _parse_svg_styles_once()
    weasyprint.HTML(string="<p>CLAS</p>", base_url=str(CSS.parent)).render(
        stylesheets=[weasyprint.CSS(filename=str(CSS))]
    )


def to_bytes(report: Report, rendered: dict[str, Rendered]) -> bytes:
    import weasyprint

    _parse_svg_styles_once()
    return weasyprint.HTML(string=html(report, rendered), base_url=str(CSS.parent)).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(CSS))]
    )
