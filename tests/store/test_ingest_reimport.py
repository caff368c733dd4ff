"""Re-importing: the corrected file replaces its provider × year; the same bytes change nothing."""

from __future__ import annotations

import datetime as dt

from clas.ingest import import_file
from tests.support.builders import (
    CHILDREN,
    HEADER,
    LUCAS,
    TODAY,
    child_rows,
    contract,
    dump,
    expected,
    workbook_bytes,
    xlsx_bytes,
)

PETITS_PAS = {"provider": "Les Petits Pas", "school_year": "2024-2025"}
ACTIONS_HEADER = ["Date", "Type d'action", "Familles présentes"]
FIRST_ACTIONS = [[dt.date(2024, 10, 12), "Réunion de parents", 7], [dt.date(2024, 12, 3), "Café des parents", 4]]


def _first() -> bytes:
    # The first file: Awa's sessions forgotten, two parent actions.
    return workbook_bytes({"Registre": [HEADER, *CHILDREN], "Actions parents": [ACTIONS_HEADER, *FIRST_ACTIONS]})


def _corrected() -> bytes:
    # The corrected file: Yanis's sessions fixed, a fourth child, one more parent action.
    rows = [list(c) for c in CHILDREN]
    rows[1][HEADER.index("Séances suivies")] = 45
    actions = [*FIRST_ACTIONS, [dt.date(2025, 3, 15), "Collectif de parents", 6]]
    return workbook_bytes({"Registre": [HEADER, *rows, LUCAS], "Actions parents": [ACTIONS_HEADER, *actions]})


def _import(con, data: bytes, name: str = "registre.xlsx", **kw):
    return import_file(con, data, file_name=name, today=TODAY, **{**PETITS_PAS, **kw})


def _statuses(con) -> list[tuple]:
    return con.execute("SELECT file_name, status FROM imports ORDER BY import_id").fetchall()


def test_corrected_file_replaces_the_previous_one(con):
    assert _import(con, _first(), "registre v1.xlsx").status == "loaded"
    assert con.execute("SELECT count(*) FROM child_year").fetchall() == [(3,)]

    report = _import(con, _corrected(), "registre v2.xlsx")
    assert report.status == "loaded" and report.rows_loaded == 4
    # Counts do not double: four children, not seven; three actions, not five.
    assert con.execute("SELECT count(*) FROM child_year").fetchall() == [(4,)]
    assert con.execute("SELECT count(*) FROM current_parent_actions").fetchall() == [(3,)]
    assert con.execute("SELECT count(DISTINCT child_id) FROM child_year").fetchall() == [(4,)]
    # The corrected values win.
    rows = child_rows(con)
    exp = expected()
    exp[1]["sessions_attended"] = 45
    assert contract(rows[:3]) == exp
    assert rows[3]["grade"] == "CM2"
    # The previous import is kept, superseded.
    assert _statuses(con) == [("registre v1.xlsx", "superseded"), ("registre v2.xlsx", "loaded")]


def test_reimport_touches_only_its_provider_and_year(con):
    _import(con, _first(), school_year="2023-2024")
    _import(con, _first(), provider="Maison de quartier Centre")
    _import(con, _first())
    _import(con, _corrected())
    counts = con.execute("SELECT provider, school_year, count(*) FROM child_year GROUP BY ALL ORDER BY ALL").fetchall()
    assert counts == [
        ("Les Petits Pas", "2023-2024", 3),
        ("Les Petits Pas", "2024-2025", 4),
        ("Maison de quartier Centre", "2024-2025", 3),
    ]
    assert [s for _, s in _statuses(con)] == ["loaded", "loaded", "superseded", "loaded"]


def test_same_bytes_again_is_unchanged_and_changes_nothing(con):
    data = _first()  # built once: openpyxl stamps the time of saving into the workbook
    _import(con, data)
    before = dump(con)
    report = _import(con, data, "copie du registre.xlsx")  # another name, the same bytes
    assert report.status == "unchanged"
    assert report.errors == []
    assert any("déjà importé à l'identique" in w.message for w in report.warnings)
    assert dump(con) == before


def test_the_older_file_again_becomes_current(con):
    _import(con, _first())
    _import(con, _corrected())
    report = _import(con, _first())
    assert report.status == "loaded"
    assert contract(child_rows(con)) == expected()
    assert [s for _, s in _statuses(con)] == ["superseded", "superseded", "loaded"]


def test_a_rejected_corrected_file_keeps_the_previous_data(con):
    _import(con, _first())
    before = dump(con)
    report = _import(con, xlsx_bytes([]))
    assert report.status == "rejected"
    assert dump(con) == before
    assert contract(child_rows(con)) == expected()


def test_unknown_provider_is_created_and_flagged(con):
    report = _import(con, _first(), provider="Les Écureuils du Val")
    assert report.status == "loaded"
    assert report.provider == "Les Écureuils du Val"
    flagged = [w for w in report.warnings if "inconnu du référentiel" in w.message]
    assert len(flagged) == 1 and "« Les Écureuils du Val »" in flagged[0].message and "créé" in flagged[0].message
    assert con.execute(
        "SELECT type, created_by_import FROM providers WHERE name = 'Les Écureuils du Val'"
    ).fetchall() == [(None, True)]
    assert contract(child_rows(con)) == expected("Les Écureuils du Val", None)
    # The second file of the same provider finds it: no second creation, no warning.
    again = _import(con, _corrected(), provider="les ecureuils du val")
    assert again.provider == "Les Écureuils du Val"
    assert not [w for w in again.warnings if "inconnu du référentiel" in w.message]
    assert con.execute("SELECT count(*) FROM providers WHERE name ILIKE '%cureuils%'").fetchall() == [(1,)]


def test_known_provider_written_differently_is_not_created(con):
    before = con.execute("SELECT count(*) FROM providers").fetchall()
    report = _import(con, _first(), provider="LES PETITS PAS")
    assert report.provider == "Les Petits Pas"
    assert not [w for w in report.warnings if "inconnu" in w.message]
    assert con.execute("SELECT count(*) FROM providers").fetchall() == before


def test_rejected_file_leaves_no_created_provider_behind(con):
    before = dump(con)
    for bad in (xlsx_bytes([]), b"", xlsx_bytes([[*c[:2], None, *c[3:]] for c in CHILDREN])):
        report = _import(con, bad, provider="Les Écureuils du Val")
        assert report.status == "rejected"
    assert dump(con) == before
    assert con.execute("SELECT count(*) FROM providers WHERE name = 'Les Écureuils du Val'").fetchall() == [(0,)]
