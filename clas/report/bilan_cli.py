"""`python -m clas bilan --year 2024-2025 [--provider NOM] --out DOSSIER`: the yearly bilans as workbooks."""

from __future__ import annotations

import sys
from pathlib import Path

from clas.store import db


def add_parser(sub) -> None:
    p = sub.add_parser("bilan", help="écrire le bilan annuel de chaque porteur et du réseau (xlsx)")
    p.add_argument("--year", required=True, metavar="2024-2025", help="année scolaire du bilan")
    p.add_argument("--provider", metavar="NOM", help="un seul porteur (sinon : chaque porteur et le réseau)")
    p.add_argument("--out", required=True, metavar="DOSSIER", help="dossier où écrire les classeurs")
    p.add_argument("--db", metavar="CHEMIN", help="base DuckDB (défaut : $CLAS_DB ou data/clas.duckdb)")


def cmd_bilan(args) -> int:
    from clas.domain.textnorm import key
    from clas.ingest import normalise_school_year
    from clas.report.bilan import write_all
    from clas.store import audit
    from clas.store.reference import provider_lookup

    year = normalise_school_year(args.year)
    if not year:
        print(f"Année scolaire « {args.year} » invalide : écrivez-la 2024-2025.", file=sys.stderr)
        return 2
    try:
        con = db.connect(args.db, read_only=True)
    except FileNotFoundError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        provider = None
        if args.provider:
            hit = provider_lookup(con).get(key(args.provider))
            if hit is None:
                print(f"Porteur « {args.provider} » inconnu du référentiel.", file=sys.stderr)
                return 2
            provider = hit[1]
        paths = write_all(con, year, Path(args.out), provider)
    finally:
        con.close()
    import getpass

    audit.record(
        f"{getpass.getuser()} (ligne de commande)",
        None,
        "export",
        f"bilan {year} ({provider or 'tous les porteurs'}) écrit dans {args.out}",
        path=audit.audit_path(args.db),
    )
    for p in paths:
        print(p)
    return 0
