"""Controlled vocabularies of ../shared/domain.md: the codes stored, the French labels shown.

Every dict maps code -> French label, in display order. `SPELLINGS` maps the ways providers write a
value (already passed through `textnorm.key`) to its code; the normalisers in clas.ingest use them.
"""

from __future__ import annotations

GRADES = {
    "CP": "CP",
    "CE1": "CE1",
    "CE2": "CE2",
    "CM1": "CM1",
    "CM2": "CM2",
    "6e": "6e",
    "5e": "5e",
    "4e": "4e",
    "3e": "3e",
    "2nde": "2nde",
    "1re": "1re",
    "Tle": "Terminale",
}
GRADE_BANDS = {"elementaire": "Élémentaire", "college": "Collège", "lycee": "Lycée"}
GRADE_BAND_OF = {
    **{g: "elementaire" for g in ("CP", "CE1", "CE2", "CM1", "CM2")},
    **{g: "college" for g in ("6e", "5e", "4e", "3e")},
    **{g: "lycee" for g in ("2nde", "1re", "Tle")},
}

SOURCES = {
    "enseignant": "Enseignant / équipe éducative",
    "famille": "Famille",
    "jeune": "Le jeune lui-même",
    "pre": "Programme de réussite éducative",
    "travailleur_social": "Travailleur social",
    "soin": "Soin (CMP, CMPP, santé)",
    "structure_jeunesse": "Structure jeunesse",
    "autre": "Autre",
}

CRITERIA = {
    "methodologie": "Méthodologie, organisation du travail",
    "autonomie": "Autonomie",
    "consignes": "Compréhension des consignes",
    "langue": "Maîtrise de la langue, lecture",
    "confiance": "Confiance en soi",
    "motivation": "Motivation",
    "attention": "Attention, concentration",
    "comportement": "Comportement",
    "relations": "Relations aux pairs",
    "assiduite": "Assiduité",
    "appui_familial": "Manque d'appui familial",
    "parents_eloignes": "Parents éloignés de l'école",
    "ouverture_culturelle": "Ouverture culturelle",
    "allophone": "Élève allophone nouvellement arrivé",
    "autre": "Autre",
}

OUTCOMES = {
    "inscrit": "Inscrit",
    "liste_attente": "Liste d'attente",
    "refus_famille": "Refus de la famille",
    "sans_suite": "Sans suite",
}

EXIT_REASONS = {
    "fin_annee": "Fin d'année",
    "demenagement": "Déménagement",
    "abandon": "Abandon",
    "reorientation": "Réorientation",
    "objectifs_atteints": "Objectifs atteints",
}

PARENT_ACTION_TYPES = {
    "entretien_accueil": "Entretien d'accueil",
    "reunion_parents": "Réunion de parents",
    "collectif_parents": "Collectif de parents",
    "atelier_parentalite": "Atelier parentalité",
    "rencontre_enseignants": "Rencontre avec les enseignants",
    "parent_en_seance": "Parent en séance ou en sortie",
    "cafe_parents": "Café des parents",
    "bilan_fin_annee": "Bilan de fin d'année",
}
# The actions that make a family "reached by a collective action" (the parent-engagement indicator).
COLLECTIVE_ACTION_TYPES = ("reunion_parents", "collectif_parents", "atelier_parentalite", "cafe_parents")

PROVIDER_TYPES = {"municipal": "Municipal", "associatif": "Associatif"}
SEXES = {"F": "Fille", "M": "Garçon"}

# --- How spreadsheets write these values (keys are textnorm.key() forms: lower case, no accents,
# punctuation turned to spaces, spaces collapsed). Codes and French labels are added automatically.
_GRADE_SPELLINGS = {
    "CP": ["cp", "cours preparatoire", "11e"],
    "CE1": ["ce1", "ce 1", "ce un", "cours elementaire 1", "10e"],
    "CE2": ["ce2", "ce 2", "cours elementaire 2", "9e"],
    "CM1": ["cm1", "cm 1", "cours moyen 1", "8e"],
    "CM2": ["cm2", "cm 2", "cours moyen 2", "7e"],
    "6e": ["6e", "6eme", "6 eme", "6 e", "6", "sixieme", "6ieme"],
    "5e": ["5e", "5eme", "5 eme", "5 e", "5", "cinquieme", "5ieme"],
    "4e": ["4e", "4eme", "4 eme", "4 e", "4", "quatrieme", "4ieme"],
    "3e": ["3e", "3eme", "3 eme", "3 e", "3", "troisieme", "3ieme"],
    "2nde": ["2nde", "2de", "2nd", "seconde", "2e", "2eme", "2 nde"],
    "1re": ["1re", "1ere", "1 ere", "premiere", "1e", "1ere generale", "1ere pro"],
    "Tle": ["tle", "term", "terminale", "tale", "tle g", "terminale pro"],
}
_SOURCE_SPELLINGS = {
    "enseignant": [
        "ens",
        "enseignant",
        "enseignante",
        "enseignants",
        "professeur",
        "prof",
        "ecole",
        "equipe educative",
        "equipe pedagogique",
        "instituteur",
        "institutrice",
        "college",
        "directeur",
        "directrice",
        "cpe",
        "etablissement",
        "education nationale",
        "en",
    ],
    "famille": ["fam", "famille", "parents", "parent", "mere", "pere", "demande famille"],
    "jeune": ["jeune", "eleve", "lui meme", "elle meme", "enfant", "demande du jeune"],
    "pre": ["pre", "reussite educative", "programme de reussite educative"],
    "travailleur_social": [
        "ts",
        "travailleur social",
        "assistante sociale",
        "as",
        "assistant social",
        "educateur",
        "ase",
        "ccas",
        "service social",
    ],
    "soin": ["soin", "cmp", "cmpp", "sante", "orthophoniste", "psychologue", "medecin"],
    "structure_jeunesse": [
        "structure jeunesse",
        "sj",
        "maison de quartier",
        "centre social",
        "service jeunesse",
        "mjc",
        "club de prevention",
    ],
    "autre": ["autre", "autres", "divers"],
}
_OUTCOME_SPELLINGS = {
    "inscrit": ["inscrit", "inscrite", "inscrit e", "oui", "accepte", "admis", "i", "ins"],
    "liste_attente": ["liste d attente", "liste attente", "attente", "en attente", "la", "lat"],
    "refus_famille": ["refus famille", "refus de la famille", "refus", "refuse", "rf"],
    "sans_suite": ["sans suite", "ss", "abandon avant entree", "non", "pas de suite"],
}
_EXIT_SPELLINGS = {
    "fin_annee": ["fin d annee", "fin annee", "fin", "fin de l annee", "fa"],
    "demenagement": ["demenagement", "demenage", "dem"],
    "abandon": ["abandon", "arret", "ne vient plus", "ab"],
    "reorientation": ["reorientation", "reoriente", "reorientee", "reo"],
    "objectifs_atteints": ["objectifs atteints", "objectif atteint", "oa"],
}
_CRITERIA_SPELLINGS = {
    "methodologie": [
        "methodologie",
        "methodo",
        "methode",
        "organisation",
        "organisation du travail",
        "methodologie organisation du travail",
        "meth",
    ],
    "autonomie": ["autonomie", "auto", "manque d autonomie"],
    "consignes": ["consignes", "comprehension des consignes", "comprehension consignes", "cons"],
    "langue": ["langue", "maitrise de la langue", "lecture", "maitrise de la langue lecture", "fr", "francais"],
    "confiance": ["confiance", "confiance en soi", "estime de soi", "conf"],
    "motivation": ["motivation", "motiv", "manque de motivation"],
    "attention": ["attention", "concentration", "attention concentration"],
    "comportement": ["comportement", "compt", "comport"],
    "relations": ["relations", "relations aux pairs", "relation aux pairs", "socialisation"],
    "assiduite": ["assiduite", "absenteisme"],
    "appui_familial": [
        "appui familial",
        "manque d appui familial",
        "appui fam",
        "soutien familial",
        "pas d aide a la maison",
    ],
    "parents_eloignes": [
        "parents eloignes",
        "parents eloignes de l ecole",
        "parents non francophones",
        "parents eloignes de l ecole non francophones",
        "par elo",
    ],
    "ouverture_culturelle": ["ouverture culturelle", "ouverture", "culture"],
    "allophone": ["allophone", "nouvellement arrive", "eana", "primo arrivant", "eleve nouvellement arrive"],
    "autre": ["autre critere", "autre"],
}
_ACTION_SPELLINGS = {
    "entretien_accueil": ["entretien accueil", "entretien d accueil", "entretien individuel", "accueil"],
    "reunion_parents": ["reunion parents", "reunion de parents", "reunion", "reunion d information"],
    "collectif_parents": ["collectif parents", "collectif de parents", "collectif"],
    "atelier_parentalite": ["atelier parentalite", "atelier", "atelier parents"],
    "rencontre_enseignants": [
        "rencontre enseignants",
        "rencontre avec les enseignants",
        "rencontre ecole",
        "rencontre parents enseignants",
    ],
    "parent_en_seance": [
        "parent en seance",
        "parents en seance",
        "sortie",
        "sortie familles",
        "parent en sortie",
        "participation seance",
    ],
    "cafe_parents": ["cafe parents", "cafe des parents"],
    "bilan_fin_annee": ["bilan fin annee", "bilan de fin d annee", "bilan", "fete de fin d annee"],
}
_SEX_SPELLINGS = {"F": ["f", "fille", "feminin", "femme"], "M": ["m", "g", "garcon", "masculin", "h"]}
_PROVIDER_TYPE_SPELLINGS = {
    "municipal": ["municipal", "ville", "mairie", "m"],
    "associatif": ["associatif", "association", "asso", "a"],
}


def _spellings(labels: dict[str, str], extra: dict[str, list[str]]) -> dict[str, str]:
    from clas.domain.textnorm import key

    out: dict[str, str] = {}
    for code, label in labels.items():
        out[key(code)] = code
        out[key(label)] = code
    for code, words in extra.items():
        for w in words:
            out[key(w)] = code
    return out


SPELLINGS = {
    "grade": _spellings(GRADES, _GRADE_SPELLINGS),
    "source": _spellings(SOURCES, _SOURCE_SPELLINGS),
    "outcome": _spellings(OUTCOMES, _OUTCOME_SPELLINGS),
    "exit_reason": _spellings(EXIT_REASONS, _EXIT_SPELLINGS),
    "criterion": _spellings(CRITERIA, _CRITERIA_SPELLINGS),
    "action_type": _spellings(PARENT_ACTION_TYPES, _ACTION_SPELLINGS),
    "sex": _spellings(SEXES, _SEX_SPELLINGS),
    "provider_type": _spellings(PROVIDER_TYPES, _PROVIDER_TYPE_SPELLINGS),
}

YES = {"oui", "o", "x", "1", "yes", "y", "vrai", "true", "ok", "v", "fait", "present", "presente"}
NO = {"non", "n", "0", "no", "faux", "false", "", "-", "absent", "absente"}

LABELS = {
    "grade": GRADES,
    "grade_band": GRADE_BANDS,
    "source": SOURCES,
    "criterion": CRITERIA,
    "outcome": OUTCOMES,
    "exit_reason": EXIT_REASONS,
    "action_type": PARENT_ACTION_TYPES,
    "provider_type": PROVIDER_TYPES,
    "sex": SEXES,
}


def label(kind: str, code: str | None) -> str:
    """French label of a code; the code itself when unknown, '' for None."""
    if code is None:
        return ""
    return LABELS[kind].get(code, code)
