"""What a careful person reads at a glance, the importer reads too: abbreviated and reworded headers, codes
with dots and spaces, parent actions in free words, and the text formats Excel and LibreOffice write."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io

from clas.ingest import import_file
from clas.ingest import normalise as N
from clas.ingest.columns import match_header
from tests.support.builders import (
    CHILDREN,
    HEADER,
    TODAY,
    as_text,
    child_rows,
    contract,
    expected,
    workbook_bytes,
    xlsx_bytes,
)

PETITS_PAS = {"provider": "Les Petits Pas", "school_year": "2024-2025"}
# The template's headers as providers rewrite them: cut short, reworded, with extra words and units.
REWORDED = [
    "NOM",
    "Prén.",
    "Date naiss. (JJ/MM/AAAA)",
    "Sexe (F/G)",
    "Etabl. scolaire",
    "Classe fréquentée",
    "Quartier d'habitation de l'enfant",
    "Suivi par la réussite éducative",
    "Orient. par",
    "Date d'orientation par l'école",
    "Critères",
    "Suite",
    "Date entrée dispositif",
    "Date de sortie",
    "Motif",
    "Nb de séances réalisées",
    "Ent. accueil",
    "Réunions",
    "Coll. parents",
]


def _import(con, data: bytes, name: str = "registre.xlsx"):
    return import_file(con, data, file_name=name, today=TODAY, **PETITS_PAS)


def test_reworded_headers_are_read_and_listed(con):
    report = _import(con, xlsx_bytes(CHILDREN, header=REWORDED))
    assert (report.status, report.rows_loaded, report.errors) == ("loaded", 3, [])
    assert contract(child_rows(con)) == expected()
    notes = {i.column: i.message for i in report.notes}
    assert (
        notes["Date d'orientation par l'école"]
        == "Colonne « Date d'orientation par l'école » (J) lue comme « Date d'orientation »."
    )
    assert notes["Prén."].endswith("lue comme « Prénom ».")
    assert "NOM" not in notes  # a known spelling needs no explanation


def test_initials_and_word_order():
    assert match_header("DDN").field == "birth_date"
    assert match_header("EA").field == "welcome_interview" and match_header("EA").confident
    assert match_header("Naissance date").field == "birth_date"
    assert match_header("Parents : réunions (nombre)").field == "parent_meetings"


def test_an_uncertain_header_is_proposed_not_applied(con):
    header = [*HEADER[:-1], "Coll."]  # collectif de parents? collège? a person would ask
    m = match_header("Coll.")
    assert not m.confident and m.proposed
    report = _import(con, xlsx_bytes(CHILDREN, header=header))
    assert report.status == "loaded"
    [w] = [i for i in report.warnings if i.column == "Coll."]
    assert "peut-être « Collectif de parents » ?" in w.message and "page Imports" in w.message
    assert {r["parent_collective"] for r in child_rows(con)} == {None}


def test_a_confirmed_mapping_is_remembered_for_the_provider(tmp_path, monkeypatch):
    from clas.store import db
    from clas.store.reference import load_reference
    from clas.workspace import imports as svc

    path = tmp_path / "clas.duckdb"
    with db.writing(path) as con:
        load_reference(con, __import__("pathlib").Path(__file__).parents[1] / "fixtures" / "reference")
    data = xlsx_bytes(CHILDREN, header=[*HEADER[:-1], "Coll."])
    [col] = [c for c in svc.unrecognised(svc.file_columns(data)) if c.header == "Coll."]
    assert col.proposal == "parent_collective"
    svc.save_mappings("Les Petits Pas", {"Coll.": "parent_collective"}, path=path)
    report = svc.import_upload(data, "registre.xlsx", today=TODAY, path=path, **PETITS_PAS)
    assert report.status == "loaded" and not [i for i in report.warnings if i.column == "Coll."]
    with db.connect(path) as con:
        assert [r["parent_collective"] for r in child_rows(con)] == [False, True, False]


def test_codes_with_dots_spaces_and_case():
    grade = N.coded("grade")
    assert [grade(v) for v in ("C.P.", "c p", "6 ème", "c.m.2", "CE1 A", "6ème 5 SEGPA", "Term.")] == [
        "CP",
        "CP",
        "6e",
        "CM2",
        "CE1",
        "6e",
        "Tle",
    ]
    assert N.coded("source")("E.N.S.") == "enseignant" and N.coded("source")("T.S.") == "travailleur_social"
    assert [N.yes_no(v) for v in ("Oui (12/09)", "non venu", "Coché", "aucune")] == [True, False, True, False]
    assert N.yes_no("peut-être") is N.INVALID


def test_parent_actions_in_free_words(con):
    actions = [
        ["Date", "Type d'action", "Familles présentes"],
        [dt.date(2024, 9, 12), "Réunion de rentrée", 14],
        [dt.date(2024, 10, 3), "Café des parents du jeudi", 6],
        [dt.date(2025, 3, 22), "Sortie familles au musée", 9],
        [dt.date(2025, 4, 2), "Goûter", 5],
    ]
    data = workbook_bytes({"Registre": [HEADER, *CHILDREN], "Actions parents": actions})
    report = _import(con, data)
    assert report.status == "loaded" and report.parent_actions == 3
    got = con.execute("SELECT type FROM parent_actions ORDER BY action_date").fetchall()
    assert [t for (t,) in got] == ["reunion_parents", "cafe_parents", "parent_en_seance"]
    [e] = report.errors  # the unmatched one is a line-level message, never a silent drop
    assert (e.sheet, e.row) == ("Actions parents", 5) and "« Goûter » inconnu" in e.message


# --- text formats ---------------------------------------------------------------------------------------


def _text(rows, sep):
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\r\n").writerows(as_text(rows))
    return buf.getvalue()


def test_utf16_tab_separated_as_excel_unicode_text(con):
    data = codecs.BOM_UTF16_LE + _text([HEADER, *CHILDREN], "\t").encode("utf-16-le")
    report = _import(con, data, "registre.txt")
    assert (report.status, report.rows_loaded) == ("loaded", 3)
    assert contract(child_rows(con)) == expected()


def test_utf8_with_bom(con):
    data = codecs.BOM_UTF8 + _text([HEADER, *CHILDREN], ";").encode("utf-8")
    assert _import(con, data, "registre.csv").rows_loaded == 3
    assert contract(child_rows(con)) == expected()


def test_delimiter_by_consistent_columns_not_by_count(con):
    # « | » separates the columns; the Critères cells hold more commas than the file holds bars.
    rows = [HEADER, *CHILDREN]
    rows = [
        [*r[:10], "Méthodologie, Confiance en soi, Autonomie, Langue" if i else r[10], *r[11:]]
        for i, r in enumerate(as_text(rows))
    ]
    data = ("\n".join("|".join(r) for r in rows) + "\n").encode("utf-8")
    report = _import(con, data, "registre.psv")
    assert (report.status, report.rows_loaded) == ("loaded", 3)
    assert {tuple(r["criteria"]) for r in child_rows(con)} == {("autonomie", "confiance", "langue", "methodologie")}


def _fods(rows) -> bytes:
    def cell(v):
        if isinstance(v, dt.date):
            return (
                f'<table:table-cell office:value-type="date" office:date-value="{v.isoformat()}">'
                f"<text:p>{v:%d/%m/%Y}</text:p></table:table-cell>"
            )
        if isinstance(v, int):
            return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        if v is None:
            return "<table:table-cell/>"
        return f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows)
    body += '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    return (
        '<?xml version="1.0" encoding="UTF-8"?><office:document '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>'
        f'<table:table table:name="Registre">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document>"
    ).encode()


def test_flat_ods(con):
    report = _import(con, _fods([HEADER, *CHILDREN]), "registre.fods")
    assert (report.status, report.rows_loaded) == ("loaded", 3)
    assert contract(child_rows(con)) == expected()


def test_names_keyed_in_bulk_exactly_as_one_by_one():
    """Child ids must not change with the speed-up: the Arrow keys equal textnorm.key for every name."""
    import pandas as pd

    names = pd.Series(
        [
            "Dupont",
            " marie ",
            "L’Hôte",
            "d'Artagnan",
            "ÉLÉONORE-Zoë",
            "  ",
            None,
            "Nguyễn",
            "O'Neil  Jr.",
            "ﬁnance",
            "Ǆ",
        ],
        dtype=object,
    )
    assert N.name_keys(names).tolist() == N.by_distinct(names, N.name_key).tolist()


def test_a_large_sheet_reads_the_same_as_a_small_one(monkeypatch):
    from clas.ingest import read

    data = xlsx_bytes(CHILDREN, above=[["Les Petits Pas"]])
    small = read.read_file(data)[1][0].rows
    monkeypatch.setattr(read, "LARGE_SHEET", 1)  # the row-by-row path, texts shared
    large = read.read_file(data)[1][0].rows
    assert large == small


def test_provider_suggested_by_similarity_or_not_at_all():
    from clas.workspace.import_reports import suggest_provider

    known = ["Les Petits Pas", "Association Passerelles Familles", "Centre social Joliot-Curie"]
    assert suggest_provider(["registre_petits_pas_2024.xlsx"], known) == "Les Petits Pas"
    assert suggest_provider(["CLAS 2024", "Centre Joliot Curie"], known) == "Centre social Joliot-Curie"
    assert suggest_provider(["export.xlsx", "Feuil1"], known) is None
