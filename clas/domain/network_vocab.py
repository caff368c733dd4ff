"""Controlled vocabularies of the network's life (issue 15): training themes, professions, institutions,
staff status and the default complementary schemes. Codes are stored; French labels are shown."""

from __future__ import annotations

from clas.domain.textnorm import key

THEMES = {
    "pratique_professionnelle": "Pratique professionnelle",
    "relation_familles": "Relation avec les familles",
    "evaluation_partagee": "Évaluation partagée",
    "methodologie": "Méthodologie et aide aux devoirs",
    "ouverture_culturelle": "Ouverture culturelle",
    "partenariat_ecole": "Partenariat avec l'école",
    "numerique": "Numérique et écrans",
    "autre": "Autre",
}
PROFESSIONS = {
    "enseignant": "Enseignant",
    "direction_ecole": "Direction d'école",
    "animateur_clas": "Animateur CLAS",
    "coordinateur": "Coordinateur",
    "benevole": "Bénévole",
    "pre": "PRE",
    "service_municipal": "Service municipal",
    "travailleur_social": "Travailleur social",
    "autre": "Autre",
}
# Professions of the Éducation nationale (the « is the school there? » indicator).
EDUCATION_NATIONALE = ("enseignant", "direction_ecole")
INSTITUTION_TYPES = {
    "ecole": "École ou collège",
    "porteur": "Porteur CLAS",
    "ville": "Ville",
    "pre": "Programme de réussite éducative",
    "autre": "Autre institution",
}
STAFF_STATUS = {"salarie": "Salarié", "benevole": "Bénévole"}
DEFAULT_SCHEMES = {
    "clas": "CLAS à proximité",
    "devoirs_faits": "Devoirs faits",
    "apc": "Aide personnalisée (APC)",
    "accompagnement_educatif": "Accompagnement éducatif",
    "pre": "Programme de réussite éducative",
}

_EXTRA = {
    "theme": {
        "pratique_professionnelle": ["pratiques professionnelles", "pratique pro", "analyse de pratiques"],
        "relation_familles": ["relation familles", "relations avec les familles", "familles", "parentalite"],
        "evaluation_partagee": ["evaluation", "evaluation partagee", "bilan partage"],
        "methodologie": ["methodologie", "aide aux devoirs", "devoirs"],
        "partenariat_ecole": ["partenariat ecole", "lien ecole", "lien avec l ecole"],
    },
    "profession": {
        "enseignant": ["enseignante", "enseignants", "professeur", "prof", "instituteur", "institutrice"],
        "direction_ecole": [
            "directeur",
            "directrice",
            "direction",
            "directeur d ecole",
            "principal",
            "principale",
            "chef d etablissement",
        ],
        "animateur_clas": ["animateur", "animatrice", "animateur clas", "animatrice clas", "intervenant"],
        "coordinateur": ["coordinatrice", "coordination", "coordinateur clas", "responsable"],
        "benevole": ["benevoles"],
        "pre": ["reussite educative", "referent pre", "referente pre"],
        "service_municipal": ["ville", "mairie", "service education", "agent municipal"],
        "travailleur_social": ["assistante sociale", "assistant social", "educateur", "educatrice", "ts"],
    },
    "staff_status": {
        "salarie": ["salariee", "salaries", "remunere", "remuneree", "paye", "vacataire", "agent", "s"],
        "benevole": ["benevoles", "volontaire", "b"],
    },
}
_LABELS = {
    "theme": THEMES,
    "profession": PROFESSIONS,
    "staff_status": STAFF_STATUS,
    "institution_type": INSTITUTION_TYPES,
}


def _spellings(kind: str) -> dict[str, str]:
    out = {}
    for code, lbl in _LABELS[kind].items():
        out[key(code)] = code
        out[key(lbl)] = code
    for code, words in _EXTRA.get(kind, {}).items():
        out.update({key(w): code for w in words})
    return out


SPELLINGS = {k: _spellings(k) for k in ("theme", "profession", "staff_status")}


def code(kind: str, text: object) -> str | None:
    """The code of what a sheet or a form wrote, None when it is not in the list."""
    return SPELLINGS[kind].get(key(text))


def label(kind: str, code_: str | None) -> str:
    return "" if code_ is None else _LABELS[kind].get(code_, code_)
