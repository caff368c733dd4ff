"""The one-line French definitions of the indicators, shown on hover (help=) and in the glossaries.

Shared by every page, query comment and the annual report so that a word means the same thing everywhere
(issues 3 and 9). Two counts of children exist by design and are never mixed up:
- children_followed (« Enfants accompagnés »): distinct children with at least one 'inscrit' form in the year
  (queries key_indicators_by_year, coverage_by_neighbourhood, explorer_table's `children`);
- enrolments (« Inscriptions »): 'inscrit' forms, one per child and porteur, so a child followed by two porteurs
  counts twice (queries parent_reach_by_unit's `families`, parent_reach_network, the Orientations page's card,
  the Explorer's bases). Per-porteur rates need it: each porteur works with each of its families.
Rates are computed by clas.domain.stats.rate (events / denominator), and the overall rate of a set of units is
the same function on the sums.
"""

from __future__ import annotations

DEFINITIONS: dict[str, tuple[str, str]] = {
    "children_followed": (
        "Enfants accompagnés",
        "Enfants ayant au moins une fiche d'orientation suivie d'une inscription dans l'année scolaire, comptés "
        "une seule fois même s'ils sont suivis par plusieurs porteurs.",
    ),
    "enrolments": (
        "Inscriptions",
        "Fiches d'orientation suivies d'une inscription, une par enfant et par porteur : un enfant suivi par deux "
        "porteurs compte pour chacun.",
    ),
    "providers_active": (
        "Porteurs actifs",
        "Porteurs (associations, structures municipales) ayant accompagné au moins un enfant dans l'année.",
    ),
    "schools_orienting": (
        "Écoles ayant orienté",
        "Écoles, collèges et lycées dont l'équipe éducative a rempli au moins une fiche d'orientation dans l'année.",
    ),
    "priority_area_share": (
        "Part en QPV",
        "Part des enfants accompagnés qui habitent un quartier prioritaire (QPV) ; un enfant dont le quartier "
        "n'est pas renseigné compte hors QPV.",
    ),
    "coverage_rate": (
        "Couverture (pour 100)",
        "Enfants accompagnés habitant le territoire pour 100 enfants de 6 à 14 ans qui y vivent (recensement).",
    ),
    "families_reached_share": (
        "Familles touchées",
        "Part des enfants accompagnés (chacun compté une fois) dont un parent a participé à au moins une réunion "
        "de parents ou fait partie d'un collectif de parents.",
    ),
    "families_reached_share_unit": (
        "Part des familles touchées (par porteur ou quartier)",
        "Part des inscriptions d'un porteur (ou des enfants inscrits d'un quartier) dont un parent a participé à au "
        "moins une réunion de parents ou fait partie d'un collectif ; le taux d'ensemble est la même part sur "
        "toutes les inscriptions représentées.",
    ),
    "welcome_share": (
        "Part reçue en entretien d'accueil",
        "Part des inscriptions dont la famille a été reçue en entretien d'accueil individuel.",
    ),
    "teacher_share": (
        "Orientés par l'école",
        "Part des fiches d'orientation remplies par un enseignant ou l'équipe éducative, parmi toutes les "
        "fiches de l'année.",
    ),
    "median_days_to_entry": (
        "Délai d'entrée médian",
        "Nombre de jours, médian, entre la date d'orientation et la date d'entrée (première séance), pour "
        "les enfants inscrits dont les deux dates sont connues.",
    ),
    # Coverage page
    "children_6_14": (
        "Enfants de 6 à 14 ans",
        "Enfants de 6 à 14 ans habitant le quartier (population de référence du recensement).",
    ),
    "coverage_rate_neighbourhood": (
        "Taux pour 100",
        "Enfants accompagnés habitant le quartier pour 100 enfants de 6 à 14 ans qui y vivent ; « – » quand "
        "le quartier ne compte aucun enfant de cet âge.",
    ),
    "forms": (
        "Orientations",
        "Fiches d'orientation reçues par les porteurs (enfants inscrits, en liste d'attente, refus, sans suite).",
    ),
    "waiting_list": (
        "Liste d'attente",
        "Fiches d'orientation dont la suite donnée est « liste d'attente » (faute de place).",
    ),
    "priority_area": (
        "Quartier prioritaire (QPV)",
        "Quartier prioritaire de la politique de la ville (ou ancienne ZUS).",
    ),
    "small_cells": (
        "Secret statistique",
        "Les effectifs de moins de 5 personnes (seuil réglable) sont remplacés par « < 5 » ; les cases qui "
        "permettraient de les retrouver par différence, et les taux calculés sur moins de 5 personnes, portent "
        "« masqué (secret statistique) » ; les petites unités sont regroupées ou omises des comparaisons.",
    ),
}


def title(key: str) -> str:
    return DEFINITIONS[key][0]


def definition(key: str) -> str:
    return DEFINITIONS[key][1]
