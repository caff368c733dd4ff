"""The synonym table: how providers title their columns, mapped to the model's fields.

Headers are compared through `textnorm.key` (case, accents, punctuation and spacing do not count), so
"N°", "NIV.", "Date de naissance" and "DATE  DE NAISSANCE" are written here once, as keys.
docs/import.md lists this table for the service; a header that matches nothing is reported, never guessed.
"""
# long module: the synonym table of every field is data that reads best in one place.

from __future__ import annotations

from clas.domain import vocab
from clas.domain.textnorm import key
from clas.ingest.headers import HeaderMatch, index_for, title_key

# field -> French label shown in reports and in the template's header row.
REGISTER_LABELS = {
    "last_name": "Nom",
    "first_name": "Prénom",
    "full_name": "Nom et prénom",
    "birth_date": "Date de naissance",
    "sex": "Sexe",
    "school": "École / collège",
    "grade": "Classe",
    "neighbourhood": "Quartier",
    "pre": "Suivi PRE",
    "source": "Orienté par",
    "orientation_date": "Date d'orientation",
    "criteria_list": "Critères d'orientation",
    "outcome": "Suite donnée",
    "entry_date": "Date d'entrée",
    "exit_date": "Date de sortie",
    "exit_reason": "Motif de sortie",
    "sessions_attended": "Séances suivies",
    "welcome_interview": "Entretien d'accueil",
    "parent_meetings": "Réunions de parents",
    "parent_collective": "Collectif de parents",
}

REGISTER_SYNONYMS: dict[str, list[str]] = {
    "last_name": ["nom", "nom de famille", "nom enfant", "nom de l enfant", "nom eleve", "nom jeune", "nom de l eleve"],
    "first_name": ["prenom", "prenoms", "prenom enfant", "prenom de l enfant", "prenom eleve"],
    "full_name": [
        "nom prenom",
        "nom et prenom",
        "prenom nom",
        "nom prenom enfant",
        "enfant",
        "eleve",
        "identite",
        "nom et prenom de l enfant",
        "jeune",
    ],
    "birth_date": [
        "date de naissance",
        "ddn",
        "d d n",
        "date naissance",
        "date naiss",
        "ne le",
        "ne e le",
        "nee le",
        "naissance",
        "dn",
        "date de naiss",
    ],
    "sex": ["sexe", "genre", "f g", "g f", "f m", "m f", "sexe f g", "sexe f m", "fille garcon"],
    "school": [
        "ecole",
        "etablissement",
        "etab",
        "ets",
        "ecole college",
        "ecole etablissement",
        "etablissement scolaire",
        "ecole frequentee",
        "etablissement frequente",
        "college",
        "ecole ou college",
        "nom de l ecole",
        "scolarite etablissement",
    ],
    "grade": ["classe", "niveau", "niv", "niveau scolaire", "classe niveau", "niveau classe", "scolarite classe", "cl"],
    "neighbourhood": [
        "quartier",
        "quartier de residence",
        "quartier residence",
        "secteur",
        "lieu de residence",
        "quartier d habitation",
        "qpv quartier",
    ],
    "pre": [
        "pre",
        "suivi pre",
        "suivi par le pre",
        "reussite educative",
        "suivi reussite educative",
        "pre oui non",
        "egalement suivi pre",
    ],
    "source": [
        "oriente par",
        "oriente e par",
        "orientee par",
        "orientation",
        "orient",
        "orient par",
        "orientation par",
        "origine de l orientation",
        "origine orientation",
        "prescripteur",
        "orienteur",
        "qui oriente",
        "orientation origine",
        "orientation oriente par",
    ],
    "orientation_date": [
        "date orientation",
        "date d orientation",
        "date de l orientation",
        "date fiche",
        "date de la fiche",
        "date orient",
        "orientation date",
        "date fiche orientation",
        "date fiche d orientation",
    ],
    "criteria_list": [
        "criteres",
        "criteres d orientation",
        "criteres de la fiche",
        "motifs d orientation",
        "motifs orientation",
        "difficultes reperees",
        "criteres coches",
    ],
    "outcome": [
        "suite donnee",
        "suite",
        "decision",
        "statut",
        "suite donnee a l orientation",
        "orientation suite",
        "orientation suite donnee",
        "suite orientation",
        "orient suite",
    ],
    "entry_date": [
        "date entree",
        "date d entree",
        "entree",
        "debut",
        "date debut",
        "date de debut",
        "dates entree",
        "date entree clas",
        "entree le",
        "entree date",
        "suivi entree",
        "suivi date entree",
    ],
    "exit_date": [
        "date sortie",
        "date de sortie",
        "sortie",
        "date fin",
        "dates sortie",
        "sortie le",
        "sortie date",
        "suivi sortie",
        "suivi date sortie",
    ],
    "exit_reason": ["motif sortie", "motif de sortie", "motif", "raison sortie", "raison de la sortie", "sortie motif"],
    "sessions_attended": [
        "seances",
        "nb seances",
        "nombre de seances",
        "seances suivies",
        "presences",
        "nb presences",
        "nombre de presences",
        "seances realisees",
        "nb seances suivies",
        "assiduite nb seances",
        "seances presentes",
    ],
    "welcome_interview": [
        "entretien accueil",
        "entretien d accueil",
        "parents entretien accueil",
        "parents entretien d accueil",
        "entretien",
        "entretien individuel",
        "entretien accueil parents",
        "ent accueil",
    ],
    "parent_meetings": [
        "reunions",
        "reunions parents",
        "nb reunions",
        "parents reunions",
        "reunions de parents",
        "nombre de reunions",
        "parents nb reunions",
        "reunions parents nb",
        "parents reunions de parents",
    ],
    "parent_collective": [
        "collectif",
        "collectif parents",
        "membre collectif",
        "parents collectif",
        "collectif de parents",
        "parents collectif de parents",
        "membre du collectif de parents",
    ],
    # Columns recognised on purpose and not kept: personal data we do not store, or free text.
    "_personal": [
        "adresse",
        "adresse postale",
        "domicile",
        "telephone",
        "tel",
        "portable",
        "mail",
        "email",
        "courriel",
        "responsable legal",
        "nom du responsable",
        "nom des parents",
    ],
    "_ignored": [
        "n",
        "no",
        "num",
        "numero",
        "n ordre",
        "observations",
        "observation",
        "commentaires",
        "commentaire",
        "remarques",
        "remarque",
        "obs",
        "groupe",
        "n groupe",
        "intervenant",
        "referent",
    ],
}

ACTION_LABELS = {"action_date": "Date", "action_type": "Type d'action", "families_present": "Familles présentes"}
ACTION_SYNONYMS: dict[str, list[str]] = {
    "action_date": ["date", "date action", "date de l action", "le"],
    "action_type": [
        "type",
        "type d action",
        "type action",
        "action",
        "nature de l action",
        "nature",
        "action parents",
        "actions parents",
    ],
    "families_present": [
        "familles presentes",
        "nb familles",
        "nombre de familles",
        "familles",
        "nb familles presentes",
        "nombre de familles presentes",
        "participants",
        "nb parents",
        "parents presents",
        "nombre de parents",
    ],
    "_ignored": ["intitule", "lieu", "observations", "commentaire", "commentaires", "theme", "animateur"],
}

CRITERION_PREFIX = "crit:"
REQUIRED_NAME_SETS = ({"last_name", "first_name"}, {"full_name"})


def _index(synonyms: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for field, words in synonyms.items():
        for w in words:
            k = key(w)
            assert k not in out or out[k] == field, f"synonyme en double : {w}"
            out[k] = field
    return out


REGISTER_INDEX = _index(REGISTER_SYNONYMS)
ACTION_INDEX = _index(ACTION_SYNONYMS)
for _field, _label in REGISTER_LABELS.items():
    REGISTER_INDEX.setdefault(key(_label), _field)
_CRITERIA_WORDS = {k: code for k, code in vocab.SPELLINGS["criterion"].items() if k not in REGISTER_INDEX}


_REGISTER_SCORED = {**REGISTER_INDEX, **{k: CRITERION_PREFIX + c for k, c in _CRITERIA_WORDS.items()}}


def map_header(
    lower: object, upper: object = None, custom: dict[str, str] | None = None, index: dict[str, str] = REGISTER_INDEX
) -> str | None:
    """The field a header cell stands for when it is read with confidence, or None."""
    m = match_header(lower, upper, custom, index)
    return m.field if m is not None and m.confident else None


def match_header(
    lower: object, upper: object = None, custom: dict[str, str] | None = None, index: dict[str, str] = REGISTER_INDEX
) -> HeaderMatch | None:
    """How a header cell reads: exactly (a known spelling, or the provider's saved mapping), or by score.

    `upper` is the cell above in a two-level header (merged over several columns): "Parents" over
    "Réunions", "Orientation" over "Date", "Critères" over "Confiance". The lower text alone is tried
    first, then upper + lower, then the upper alone when the lower cell is empty (a header merged
    down two rows).
    """
    lo, up = key(lower), key(upper)
    candidates = [c for c in (lo, f"{up} {lo}".strip() if up and lo else "", up if not lo else "") if c]
    for c in candidates:
        if custom and c in custom:
            return HeaderMatch(custom[c], 1.0, True)
        if c in index:
            return HeaderMatch(index[c], 1.0, True)
    register = index is REGISTER_INDEX
    if register:
        # A column per criterion, ticked with X ("Méthodo", or "Critères" over "Confiance").
        for c in (lo, up if not lo else ""):
            if c in _CRITERIA_WORDS:
                return HeaderMatch(CRITERION_PREFIX + _CRITERIA_WORDS[c], 1.0, True)
    scorer = index_for(_REGISTER_SCORED if register else index)
    tlo, tup = title_key(lower), title_key(upper)
    if custom and tlo in custom:
        return HeaderMatch(custom[tlo], 1.0, True)
    tries = [scorer.match(t) for t in (tlo, f"{tup} {tlo}".strip() if tup and tlo else "", tup if not tlo else "")]
    found = [m for m in tries if m is not None]
    best = max(found, key=lambda m: (m.confident, m.score), default=None)
    if (
        register
        and up.startswith("criter")
        and lo
        and (best is None or not best.confident or not best.field.startswith(CRITERION_PREFIX))
    ):
        return HeaderMatch("_unknown_criterion", 1.0, True)
    return best


def canonical_headers() -> list[tuple[str, str]]:
    """(field, French header) in the order of the city's template."""
    return [(f, lbl) for f, lbl in REGISTER_LABELS.items() if f not in ("full_name",)]
