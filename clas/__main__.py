"""Command line: python -m clas import | demo | template | report."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from clas import db, fmt

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m clas", description="Tableau de bord CLAS : outils en ligne de commande.")
    sub = p.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help="importer des fichiers de porteurs dans la base")
    imp.add_argument("files", nargs="+", metavar="FICHIER", help="fichiers xlsx, xls, ods ou csv")
    imp.add_argument("--provider", metavar="NOM", help="porteur (sinon lu dans le fichier)")
    imp.add_argument("--year", metavar="2024-2025", help="année scolaire (sinon lue dans le fichier)")
    imp.add_argument("--db", metavar="CHEMIN", help="base DuckDB (défaut : $CLAS_DB ou data/clas.duckdb)")
    imp.add_argument("--json", action="store_true", help="compte rendu en JSON")

    demo = sub.add_parser("demo", help="reconstruire la base de démonstration depuis data/demo")
    demo.add_argument("--db", metavar="CHEMIN", help="base DuckDB à (re)construire")
    demo.add_argument("--regenerate", action="store_true",
                      help="régénérer aussi les classeurs de démonstration et les référentiels")

    tpl = sub.add_parser("template", help="écrire le modèle de registre à remplir par les porteurs")
    tpl.add_argument("--out", required=True, metavar="FICHIER.xlsx")

    rep = sub.add_parser("report", help="écrire le rapport annuel (xlsx, pdf, figures png/svg)")
    rep.add_argument("--year", required=True, metavar="2024-2025", help="année scolaire du rapport")
    rep.add_argument("--out", required=True, metavar="DOSSIER", help="dossier où écrire les fichiers")
    rep.add_argument("--db", metavar="CHEMIN", help="base DuckDB (défaut : $CLAS_DB ou data/clas.duckdb)")
    return p


def _log_to_file() -> None:
    # Unexpected errors are for the technical team, in a log file beside the database, not on screen.
    path = db.db_path().with_name("clas.log")
    path.parent.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(filename=path, level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")


def cmd_import(args) -> int:
    from clas.ingest import import_file, normalise_school_year

    if args.year and not normalise_school_year(args.year):
        print(f"Année scolaire « {args.year} » invalide : écrivez-la 2024-2025.", file=sys.stderr)
        return EXIT_USAGE
    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        print("Fichier introuvable : " + ", ".join(missing), file=sys.stderr)
        return EXIT_USAGE
    with db.writing(args.db) as con:
        reports = [import_file(con, Path(f), provider=args.provider, school_year=args.year,
                               imported_by="ligne de commande") for f in args.files]
    if args.json:
        print(json.dumps({"files": [r.to_json() for r in reports]}, ensure_ascii=False, indent=2, default=str))
    else:
        print("\n\n".join(r.to_text() for r in reports))
    clean = all(r.status in ("loaded", "unchanged") and r.rows_rejected == 0 for r in reports)
    return EXIT_OK if clean else EXIT_REJECTED


def cmd_demo(args) -> int:
    from clas.bootstrap import build_database

    if args.regenerate:
        from clas.demo import regenerate
        regenerate(db.ROOT)
    reports = build_database(db.db_path(args.db))
    loaded = sum(r.rows_loaded for r in reports)
    print(f"Base de démonstration construite : {db.db_path(args.db)} — {len(reports)} fichiers, "
          f"{fmt.number(loaded)} lignes importées.")
    return EXIT_OK


def cmd_template(args) -> int:
    from clas.template import write_template

    write_template(Path(args.out))
    print(f"Modèle écrit : {args.out}")
    return EXIT_OK


def cmd_report(args) -> int:
    from clas.export import generate, years
    from clas.ingest import normalise_school_year

    year = normalise_school_year(args.year)
    if not year:
        print(f"Année scolaire « {args.year} » invalide : écrivez-la 2024-2025.", file=sys.stderr)
        return EXIT_USAGE
    try:
        con = db.connect(args.db, read_only=True)
    except FileNotFoundError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    try:
        available = years(con)
        if year not in available:
            print(f"Aucune donnée pour l'année scolaire {year} (années présentes : "
                  f"{', '.join(available) or 'aucune'}).", file=sys.stderr)
            return EXIT_USAGE
        outputs = generate(con, year)
    finally:
        con.close()
    paths = outputs.write(Path(args.out))
    print(f"Rapport {year} écrit dans {args.out} : {outputs.xlsx_name}, {outputs.pdf_name} et "
          f"{len(outputs.figures)} figures en PNG et SVG (figures/).")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _log_to_file()
    return {"import": cmd_import, "demo": cmd_demo, "template": cmd_template,
            "report": cmd_report}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
