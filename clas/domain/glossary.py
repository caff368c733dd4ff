"""The one-line French definitions of the indicators, shown on hover (help=) and in the glossaries.

Shared by every page so that a word means the same thing everywhere (issue 3, « Across pages »).
"""
from __future__ import annotations

DEFINITIONS: dict[str, tuple[str, str]] = {
    "children_followed": (
        "Enfants accompagnés",
        "Enfants inscrits dans un CLAS pendant l'année scolaire, comptés une seule fois même s'ils sont "
        "suivis par plusieurs porteurs."),
    "providers_active": (
        "Porteurs actifs",
        "Porteurs (associations, structures municipales) ayant accompagné au moins un enfant dans l'année."),
    "schools_orienting": (
        "Écoles ayant orienté",
        "Écoles, collèges et lycées dont l'équipe éducative a rempli au moins une fiche d'orientation dans "
        "l'année."),
    "priority_area_share": (
        "Part en QPV",
        "Part des enfants accompagnés qui habitent un quartier prioritaire (QPV), parmi ceux dont le quartier "
        "est connu."),
    "coverage_rate": (
        "Couverture (pour 100)",
        "Enfants accompagnés habitant le territoire pour 100 enfants de 6 à 14 ans qui y vivent "
        "(recensement)."),
    "families_reached_share": (
        "Familles touchées",
        "Part des enfants accompagnés dont un parent a participé à au moins une réunion de parents ou fait "
        "partie d'un collectif de parents."),
    "teacher_share": (
        "Orientés par l'école",
        "Part des fiches d'orientation remplies par un enseignant ou l'équipe éducative, parmi toutes les "
        "fiches de l'année."),
    "median_days_to_entry": (
        "Délai d'entrée médian",
        "Nombre de jours, médian, entre la date d'orientation et la date d'entrée (première séance), pour "
        "les enfants inscrits dont les deux dates sont connues."),
    # Coverage page
    "children_6_14": (
        "Enfants de 6 à 14 ans",
        "Enfants de 6 à 14 ans habitant le quartier (population de référence du recensement)."),
    "coverage_rate_neighbourhood": (
        "Taux pour 100",
        "Enfants accompagnés habitant le quartier pour 100 enfants de 6 à 14 ans qui y vivent ; « – » quand "
        "le quartier ne compte aucun enfant de cet âge."),
    "forms": (
        "Orientations",
        "Fiches d'orientation reçues par les porteurs (enfants inscrits, en liste d'attente, refus, sans "
        "suite)."),
    "waiting_list": (
        "Liste d'attente",
        "Fiches d'orientation dont la suite donnée est « liste d'attente » (faute de place)."),
    "priority_area": (
        "Quartier prioritaire (QPV)",
        "Quartier prioritaire de la politique de la ville (ou ancienne ZUS)."),
    "small_cells": (
        "Secret statistique",
        "Les effectifs de moins de 5 enfants (seuil réglable) sont masqués, ainsi que ceux qui "
        "permettraient de les retrouver par différence."),
}


def title(key: str) -> str:
    return DEFINITIONS[key][0]


def definition(key: str) -> str:
    return DEFINITIONS[key][1]
