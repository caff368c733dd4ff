"""Command line: python -m clas import | demo | template | report | bilan | user | backup | restore."""

# long module: one function per sub-command, and the parser that lists them all with their French help.
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from clas.domain import fmt
from clas.store import db

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_FAULT = 0, 1, 2, 3


# argparse writes its own texts through gettext (`argparse._`) and Python ships no French catalogue for it:
# the ones a user of these commands can meet, in French (help, usage and the errors on wrong arguments).
_ARGPARSE_FR = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "ignored explicit argument %r": "valeur ignorée : %r",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
}


def _parser() -> argparse.ArgumentParser:
    argparse._ = lambda text: _ARGPARSE_FR.get(text, text)
    p = argparse.ArgumentParser(
        prog="python -m clas", description="Tableau de bord CLAS : outils en ligne de commande."
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="commande")

    imp = sub.add_parser("import", help="importer des fichiers de porteurs dans la base")
    imp.add_argument("files", nargs="+", metavar="FICHIER", help="fichiers xlsx, xls, ods ou csv")
    imp.add_argument("--provider", metavar="NOM", help="porteur (sinon lu dans le fichier)")
    imp.add_argument("--year", metavar="2024-2025", help="année scolaire (sinon lue dans le fichier)")
    imp.add_argument("--db", metavar="CHEMIN", help="base DuckDB (défaut : $CLAS_DB ou data/clas.duckdb)")
    imp.add_argument("--json", action="store_true", help="compte rendu en JSON")

    demo = sub.add_parser("demo", help="reconstruire la base de démonstration depuis data/demo")
    demo.add_argument("--db", metavar="CHEMIN", help="base DuckDB à (re)construire")
    demo.add_argument(
        "--regenerate", action="store_true", help="régénérer aussi les classeurs de démonstration et les référentiels"
    )

    tpl = sub.add_parser("template", help="écrire le modèle de registre à remplir par les porteurs")
    tpl.add_argument("--out", required=True, metavar="FICHIER.xlsx")

    rep = sub.add_parser("report", help="écrire le rapport annuel (xlsx, pdf, figures png/svg)")
    rep.add_argument("--year", required=True, metavar="2024-2025", help="année scolaire du rapport")
    rep.add_argument("--out", required=True, metavar="DOSSIER", help="dossier où écrire les fichiers")
    rep.add_argument("--db", metavar="CHEMIN", help="base DuckDB (défaut : $CLAS_DB ou data/clas.duckdb)")

    from clas.report import bilan_cli  # issue 15: python -m clas bilan

    bilan_cli.add_parser(sub)

    usr = sub.add_parser("user", help="gérer les comptes du tableau de bord (add, list, remove)")
    usub = usr.add_subparsers(dest="user_command", required=True, metavar="add|list|remove")
    add = usub.add_parser("add", help="créer un compte, ou le remplacer (nouveau mot de passe, nouveau rôle)")
    add.add_argument("name", metavar="NOM", help="identifiant (adresse e-mail avec --sso)")
    add.add_argument("--role", required=True, choices=["elu", "service", "porteur"], help="rôle du compte")
    add.add_argument("--provider", metavar="NOM", help="porteur du compte (obligatoire avec --role porteur)")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="lire le mot de passe sur l'entrée standard (sinon il est demandé, sans écho)",
    )
    add.add_argument(
        "--sso",
        action="store_true",
        help="NOM est une adresse e-mail de l'authentification unique : un rôle, pas de mot de passe",
    )
    add.add_argument(
        "--db", metavar="CHEMIN", help="base où vérifier le nom du porteur (défaut : $CLAS_DB ou data/clas.duckdb)"
    )
    usub.add_parser("list", help="lister les comptes (jamais les mots de passe)")
    rm = usub.add_parser("remove", help="supprimer un compte")
    rm.add_argument("name", metavar="NOM", help="identifiant ou adresse e-mail")

    bk = sub.add_parser("backup", help="sauvegarder la base (copie cohérente, même pendant que l'application tourne)")
    bk.add_argument(
        "--out",
        metavar="DOSSIER",
        help="dossier des sauvegardes (défaut : $CLAS_BACKUP_DIR, sinon sauvegardes/ à côté de la base)",
    )
    bk.add_argument("--keep", type=int, default=14, metavar="N", help="nombre de sauvegardes gardées (défaut : 14)")
    bk.add_argument("--db", metavar="CHEMIN", help="base DuckDB (défaut : $CLAS_DB ou data/clas.duckdb)")

    rs = sub.add_parser("restore", help="remettre en service une sauvegarde (vérifiée avant)")
    rs.add_argument("file", metavar="FICHIER", help="la sauvegarde, clas-AAAAMMJJ-HHMMSS.duckdb")
    rs.add_argument("--db", metavar="CHEMIN", help="base DuckDB à remplacer (défaut : $CLAS_DB ou data/clas.duckdb)")
    return p


def _cli_user() -> str:
    import getpass

    try:
        return f"{getpass.getuser()} (ligne de commande)"
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "ligne de commande"


def _log_to_file() -> None:
    # Unexpected errors are for the technical team, in a log file beside the database, not on screen. A folder
    # that cannot be written is not an error yet: the command says so itself when it needs to write there.
    path = db.db_path().with_name("clas.log")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        logging.getLogger().addHandler(logging.NullHandler())
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def cmd_backup(args) -> int:
    from clas.store import backup

    done = backup.backup(args.out, keep=args.keep, database=args.db)
    gone = len(done.removed)
    print(
        f"Sauvegarde écrite : {done.path} ({fmt.number(done.path.stat().st_size / 1e6, 1)} Mo)."
        + (f" Sauvegardes plus anciennes supprimées : {gone} ({args.keep} au plus sont gardées)." if gone else "")
    )
    return EXIT_OK


def cmd_restore(args) -> int:
    from clas.store import audit, backup

    kept = backup.restore(args.file, database=args.db)
    audit.record(_cli_user(), None, "restore", f"{args.file} remise en service", path=audit.audit_path(args.db))
    print(
        f"Sauvegarde {args.file} vérifiée et remise en service : {db.db_path(args.db)}."
        + (f" L'ancienne base est gardée sous {kept}." if kept else "")
        + " L'application la rouvre d'elle-même."
    )
    return EXIT_OK


def _fault(exc: BaseException, database: str | None):
    """The French account of a database or folder fault behind this exception (None: something else)."""
    from clas.store import backup, faults

    if isinstance(exc, backup.BackupError):
        return exc.fault
    return faults.diagnose(exc, db.db_path(database))


def cmd_import(args) -> int:
    from clas.ingest import import_file, normalise_school_year

    if args.year and not normalise_school_year(args.year):
        print(f"Année scolaire « {args.year} » invalide : écrivez-la 2024-2025.", file=sys.stderr)
        return EXIT_USAGE
    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        print("Fichier introuvable : " + ", ".join(missing), file=sys.stderr)
        return EXIT_USAGE
    reports = []
    with db.writing(args.db) as con:
        reports.extend(
            import_file(con, Path(f), provider=args.provider, school_year=args.year, imported_by="ligne de commande")
            for f in args.files
        )
        if not any(r.status == "loaded" for r in reports):
            raise db.Discard  # nothing loaded: the database file stays byte for byte as it was
    from clas.store import audit
    from clas.workspace.import_reports import audit_detail

    for r in reports:
        audit.record(_cli_user(), None, "import", audit_detail(Path(r.file).name, r), path=audit.audit_path(args.db))
    if args.json:
        print(json.dumps({"files": [r.to_json() for r in reports]}, ensure_ascii=False, indent=2, default=str))
    else:
        print("\n\n".join(r.to_text() for r in reports))
    clean = all(r.status in ("loaded", "unchanged") and r.rows_rejected == 0 and r.rows_not_read == 0 for r in reports)
    return EXIT_OK if clean else EXIT_REJECTED


def cmd_demo(args) -> int:
    from clas.workspace.bootstrap import build_database

    if args.regenerate:
        from tools.demo import regenerate

        regenerate(db.ROOT)
    reports = build_database(db.db_path(args.db))
    loaded = sum(r.rows_loaded for r in reports)
    print(
        f"Base de démonstration construite : {db.db_path(args.db)} — {len(reports)} fichiers, "
        f"{fmt.number(loaded)} lignes importées."
    )
    return EXIT_OK


def cmd_template(args) -> int:
    from clas.ingest.template import write_template

    write_template(Path(args.out))
    print(f"Modèle écrit : {args.out}")
    return EXIT_OK


def cmd_report(args) -> int:
    from clas.ingest import normalise_school_year
    from clas.report import generate, years

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
            print(
                f"Aucune donnée pour l'année scolaire {year} (années présentes : {', '.join(available) or 'aucune'}).",
                file=sys.stderr,
            )
            return EXIT_USAGE
        outputs = generate(con, year)
    finally:
        con.close()
    outputs.write(Path(args.out))
    from clas.store import audit

    audit.record(
        _cli_user(), None, "export", f"rapport annuel {year} écrit dans {args.out}", path=audit.audit_path(args.db)
    )
    print(
        f"Rapport {year} écrit dans {args.out} : {outputs.xlsx_name}, {outputs.pdf_name} et "
        f"{len(outputs.figures)} figures en PNG et SVG (figures/)."
    )
    return EXIT_OK


def _provider_name(name: str, database: str | None) -> tuple[str | None, str | None]:
    """(the reference name of that provider, an error message)."""
    import duckdb

    from clas.domain.textnorm import key

    path = db.db_path(database)
    try:
        con = db.connect(path, read_only=True)
    except (FileNotFoundError, duckdb.Error):
        return name.strip(), None  # no database yet: the name is kept as given
    try:
        names = [r[0] for r in db.write(con, "provider_names_sorted").fetchall()]
    finally:
        con.close()
    hit = next((n for n in names if key(n) == key(name)), None)
    if hit:
        return hit, None
    return None, (f"Porteur « {name} » introuvable dans {path}. Porteurs connus : " + ", ".join(names) + ".")


def _read_password(from_stdin: bool) -> str | None:
    import getpass

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mot de passe : ")
    if getpass.getpass("Le même, pour confirmer : ") != first:
        print("Les deux mots de passe diffèrent : rien n'a été enregistré.", file=sys.stderr)
        return None
    return first


def cmd_user(args) -> int:
    from clas.auth import accounts, accounts_file
    from clas.store import audit

    where = accounts_file.accounts_path()
    try:
        if args.user_command == "list":
            rows = accounts.listing()
            if not rows:
                print(f"Aucun compte dans {where}. Créez-en un : python -m clas user add NOM --role service")
                return EXIT_OK
            widths = [max(len(str(r[k] or "—")) for r in rows) for k in ("name", "role", "provider")]
            head = ("identifiant", "rôle", "porteur")
            widths = [max(w, len(h)) for w, h in zip(widths, head)]
            print("  ".join(h.ljust(w) for h, w in zip(head, widths)) + "  connexion")
            for r in rows:
                print(
                    "  ".join(str(r[k] or "—").ljust(w) for k, w in zip(("name", "role", "provider"), widths))
                    + "  "
                    + r["kind"]
                )
            return EXIT_OK
        if args.user_command == "remove":
            kind = accounts.remove(args.name)
            if kind is None:
                print(f"Aucun compte « {args.name} » dans {where}.", file=sys.stderr)
                return EXIT_REJECTED
            audit.record(_cli_user(), None, "account", f"compte supprimé : {args.name.strip().lower()}")
            print(
                f"Compte « {args.name.strip().lower()} » supprimé : ses sessions ouvertes sont fermées à leur "
                "prochaine action."
            )
            return EXIT_OK
        # add
        provider = args.provider
        if args.role == "porteur" and provider:
            provider, error = _provider_name(provider, args.db)
            if error:
                print(error, file=sys.stderr)
                return EXIT_USAGE
        if args.sso:
            if args.password_stdin:
                print(
                    "--password-stdin ne s'emploie pas avec --sso : pas de mot de passe, c'est le "
                    "fournisseur d'identité qui authentifie.",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            created = accounts.add_sso(args.name, args.role, provider)
            name = accounts.normalise_email(args.name)
        else:
            name = accounts.normalise_username(args.name)
            accounts.check_role(args.role, provider)
            password = _read_password(args.password_stdin)
            if password is None:
                return EXIT_USAGE
            created = accounts.add_user(name, args.role, password, provider)
    except accounts.AccountError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    what = f"rôle {args.role}" + (f", porteur « {provider} »" if provider else "")
    audit.record(_cli_user(), None, "account", f"compte {'créé' if created else 'remplacé'} : {name} ({what})")
    print(f"Compte « {name} » {'créé' if created else 'remplacé'} ({what}) dans {where}.")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    import duckdb

    from clas.store import faults

    args = _parser().parse_args(argv)
    _log_to_file()
    command = {
        "import": cmd_import,
        "demo": cmd_demo,
        "template": cmd_template,
        "report": cmd_report,
        "bilan": _cmd_bilan,
        "user": cmd_user,
        "backup": cmd_backup,
        "restore": cmd_restore,
    }[args.command]
    try:
        return command(args)
    except (OSError, duckdb.Error, RuntimeError, faults.Truncated) as exc:
        fault = _fault(exc, getattr(args, "db", None))
        if fault is None:
            raise
        logging.getLogger("clas.cli").warning("%s : %s", args.command, exc)
        print(f"{fault.what}\n{fault.todo}", file=sys.stderr)
        return EXIT_FAULT


def _cmd_bilan(args) -> int:
    from clas.report.bilan_cli import cmd_bilan

    return cmd_bilan(args)


if __name__ == "__main__":
    sys.exit(main())
