"""The report's PDF and figures on the fixture database: text in French (pdftotext), methodology, page
numbers; PNG and SVG figures with French tick labels (kaleido + Debian Chromium); the command line."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from clas.cli import main
from clas.report import generate
from clas.report.figures import chromium_available
from clas.store import db
from tests.support.processes import chromium_children

YEAR = "2024-2025"
needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) absent")
needs_chromium = pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists() and not chromium_available(),
    reason="Chromium absent: kaleido cannot draw the figures",
)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return out.decode("utf-8").replace("\u00a0", " ")


@needs_pdftotext
def test_pdf_text_has_the_key_figures_in_french_and_the_methodology(fixture_file, tmp_path):
    con = duckdb.connect(str(fixture_file), read_only=True)
    out = generate(con, YEAR, with_figures=False)
    con.close()
    text = pdf_text(out.pdf, tmp_path)
    flat = re.sub(r"\s+", " ", text)
    assert "Rapport annuel" in text and "Année scolaire 2024-2025" in text
    assert "L'essentiel de l'année 2024-2025" in text
    # the key figures (tests/support/fixture_db.py): 16 children (10 the year before), 7 of 16 families reached
    assert "Le nombre d'enfants accompagnés passe de 10 à 16 (+60,0 %)." in flat
    assert "43,8 %" in text and "37,5 %" in text
    assert "La part des familles touchées par une action collective est de 43,8 %." in flat
    # every theme, its tables, the small-cell rule shown as in the pages
    for title in ("Orientations", "Couverture par quartier", "Engagement des parents", "Méthodologie"):
        assert title in text
    assert "< 5" in text and "masqué" in text
    for heading in ("Définitions", "Sources", "Secret statistique", "Lire un graphique en entonnoir"):
        assert heading in text
    assert re.search(r"Page 2 sur \d+", text)
    assert "Graphiques absents de cette édition" in flat  # generated without Chromium: said so
    assert not re.search(r"\d\.\d", flat)  # no English decimal point anywhere


@needs_chromium
def test_cli_writes_the_xlsx_pdf_and_french_figures(fixture_file, tmp_path, capsys):
    out = tmp_path / "rapport"
    assert main(["report", "--year", YEAR, "--out", str(out), "--db", str(fixture_file)]) == 0
    assert "rapport-clas-2024-2025.pdf" in capsys.readouterr().out
    assert (out / "rapport-clas-2024-2025.xlsx").stat().st_size > 5_000
    pdf = (out / "rapport-clas-2024-2025.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    figures = out / "figures"
    names = {p.stem for p in figures.iterdir()}
    for name in (
        "funnel-familles-touchees-par-porteur",
        "flux-orientations-origine-porteur-suite",
        "criteres-coches-par-niveau",
        "couverture-quartiers-prioritaires-et-autres",
        "evolution-enfants-accompagnes",
    ):
        assert name in names
    for stem in names:
        png, svg = figures / f"{stem}.png", figures / f"{stem}.svg"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert svg.read_text(encoding="utf-8").lstrip().startswith("<svg")
    # French separators in the tick labels: a decimal comma, never a decimal point
    ticks = re.findall(
        r'<g class="ytick"><text[^>]*>([^<]*)</text>',
        (figures / "evolution-couverture-pour-100.svg").read_text(encoding="utf-8"),
    )
    assert any(re.fullmatch(r"\d+,\d", t) for t in ticks), ticks
    assert not any(re.fullmatch(r"\d+\.\d+", t) for t in ticks), ticks
    # the PDF has its charts: the text of the figures is in it too (vector SVG)
    if shutil.which("pdftotext"):
        text = pdf_text(pdf, tmp_path)
        assert "Nombre de familles" in text and "Graphiques absents" not in text


def test_cli_refuses_an_unknown_year(fixture_file, tmp_path, capsys):
    assert main(["report", "--year", "2030-2031", "--out", str(tmp_path), "--db", str(fixture_file)]) == 2
    assert "Aucune donnée pour l'année scolaire 2030-2031" in capsys.readouterr().err
    assert main(["report", "--year", "2024", "--out", str(tmp_path), "--db", str(fixture_file)]) == 2


def test_every_data_value_is_escaped_in_the_html(fixture_file, tmp_path):
    from clas.report import collect, pdf

    path = tmp_path / "markup.duckdb"
    path.write_bytes(fixture_file.read_bytes())
    with db.writing(path) as con:  # the writers' way: derived tables follow
        con.execute("UPDATE providers SET name = '<b>Les Petits Pas</b> & Cie' WHERE name = 'Les Petits Pas'")
    con = duckdb.connect(str(path), read_only=True)
    page = pdf.html(collect(con, YEAR), {})
    con.close()
    assert "&lt;b&gt;Les Petits Pas&lt;/b&gt; &amp; Cie" in page
    assert "<b>Les Petits Pas</b>" not in page


@needs_chromium
def test_the_page_report_draws_every_figure_with_a_vector_map_and_leaves_no_chromium(fixture_file):
    con = duckdb.connect(str(fixture_file), read_only=True)
    steps = []
    out = generate(con, YEAR, progress=lambda share, text: steps.append((share, text)))
    con.close()
    # progress chapter by chapter, then the PDF (while the PNGs are drawn), then the workbook
    texts = [t for _, t in steps]
    assert [t for t in texts if t.startswith("Graphiques")][:2] == [
        "Graphiques : Évolution sur toutes les années…",
        "Graphiques : Orientations…",
    ]
    assert texts.index("PDF : mise en page…") < texts.index("Classeur Excel…")
    assert [s for s, _ in steps] == sorted(s for s, _ in steps)
    assert set(out.figures) == {f.name for f in out.report.all_figures()}
    for r in out.figures.values():
        assert r.png[:8] == b"\x89PNG\r\n\x1a\n" and r.svg.lstrip().startswith(b"<svg"), r.name
    # the map is drawn as vectors for print (no map engine, no bitmap in its SVG), its areas named
    svg = out.figures["carte-couverture-par-quartier"].svg.decode("utf-8")
    assert "<image" not in svg
    assert svg.count('class="choroplethlocation"') >= 2
    assert re.search(r"<text[^>]*>[^<]*Centre[^<]*</text>", svg), "neighbourhood names on the printed map"
    assert not chromium_children()


@needs_chromium
def test_a_chromium_started_when_the_page_opens_is_taken_by_the_report_or_closed_when_left(fixture_file):
    from clas.report import figures

    # Left untaken: closed after its idle time, nothing behind.
    assert figures.stand_by(idle_s=1.0)
    assert figures.stand_by(idle_s=1.0)  # a second page open finds it waiting: still one
    figures._standby._opened.result(timeout=60)
    assert len(chromium_children()) >= 1
    deadline = time.monotonic() + 30
    while (chromium_children() or figures._ONE_AT_A_TIME.locked()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not chromium_children() and figures._standby is None

    # Taken: the report draws with it (no second browser) and closes it.
    assert figures.stand_by(idle_s=60)
    waiting = figures._standby
    con = duckdb.connect(str(fixture_file), read_only=True)
    out = generate(con, YEAR)
    con.close()
    assert figures._standby is None and not waiting._thread.is_alive()
    assert out.figures and not chromium_children()


def test_nothing_is_started_ahead_when_the_setting_says_zero(monkeypatch):
    from clas.report import build, figures

    monkeypatch.setenv("CLAS_REPORT_STANDBY_S", "0")
    build.get_ready()
    assert figures._standby is None and not chromium_children()
