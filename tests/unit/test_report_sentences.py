"""The report's French sentences (clas.report.sentences): pure functions, exact wording."""

from __future__ import annotations

from clas.report import sentences as s

NB = "\u00a0"


def test_count_change_gives_the_relative_change_with_a_real_minus_sign():
    assert (
        s.change("Le nombre d'enfants accompagnés", 712, 698, "count")
        == f"Le nombre d'enfants accompagnés passe de 712 à 698 (−2,0{NB}%)."
    )
    assert (
        s.change("Le nombre d'enfants accompagnés", 689, 704, "count")
        == f"Le nombre d'enfants accompagnés passe de 689 à 704 (+2,2{NB}%)."
    )
    assert (
        s.change("Le nombre d'enfants accompagnés", 1200, 1300, "count")
        == f"Le nombre d'enfants accompagnés passe de 1{NB}200 à 1{NB}300 (+8,3{NB}%)."
    )


def test_share_change_is_in_points_singular_below_two():
    assert (
        s.change("La part des familles touchées", 0.356, 0.359, "share")
        == f"La part des familles touchées passe de 35,6{NB}% à 35,9{NB}% (+0,3{NB}point)."
    )
    assert s.change("La part", 0.40, 0.4375, "share") == f"La part passe de 40,0{NB}% à 43,8{NB}% (+3,8{NB}points)."


def test_stable_missing_and_hidden_values():
    assert s.change("Le nombre de porteurs actifs", 12, 12, "count") == "Le nombre de porteurs actifs est stable, à 12."
    assert (
        s.change("Le nombre d'enfants accompagnés", None, 16, "count") == "Le nombre d'enfants accompagnés est de 16."
    )
    assert s.change("La part", 0.3, None, "share") is None


def test_days_and_rates():
    assert (
        s.change("Le délai médian", 22, 24, "days")
        == f"Le délai médian passe de 22{NB}jours à 24{NB}jours (+2{NB}jours)."
    )
    assert (
        s.change("Le délai médian", 14, 15, "days")
        == f"Le délai médian passe de 14{NB}jours à 15{NB}jours (+1{NB}jour)."
    )
    assert (
        s.change("La couverture", 5.2, 5.29, "rate100")
        == f"La couverture passe de 5,2{NB}pour{NB}100 à 5,3{NB}pour{NB}100 (+0,1{NB}point)."
    )


def test_small_counts_in_words():
    assert s.number_words(3) == "trois"
    assert s.number_words(1, feminine=True) == "une"
    assert s.number_words(16) == "seize"
    assert s.number_words(1234) == f"1{NB}234"
    assert s.count_phrase(0, "porteur", "porteurs") == "aucun porteur"
    assert s.count_phrase(1, "porteur", "porteurs") == "un porteur"
    assert s.count_phrase(12, "porteur", "porteurs") == "douze porteurs"


def test_funnel_flags_name_the_units():
    assert s.funnel_flags(["A", "B", "C"], []) == [
        f"Trois porteurs se situent au-dessus de la limite haute à 99,8{NB}% : A, B et C."
    ]
    assert s.funnel_flags([], ["Z"]) == [f"Un porteur se situe en dessous de la limite basse à 99,8{NB}% : Z."]
    (none,) = s.funnel_flags([], [], "quartier", "quartiers")
    assert none.startswith("Aucun quartier ne se situe en dehors des limites")


def test_join_names():
    assert s.join_names([]) == ""
    assert s.join_names(["A"]) == "A"
    assert s.join_names(["A", "B"]) == "A et B"


def test_other_facts():
    assert s.coverage_groups(6.26, 3.74) == (
        "Dans les quartiers prioritaires, 6,3 enfants sur 100 sont accompagnés, contre 3,7 dans les autres quartiers."
    )
    assert s.coverage_groups(None, 3.7) is None
    assert (
        s.waiting(113, 11)
        == "Faute de place, 113 fiches d'orientation sont restées en liste d'attente, chez onze porteurs."
    )
    assert s.waiting(1, 1) == "Faute de place, une fiche d'orientation est restée en liste d'attente, chez un porteur."
    assert s.waiting(None, 2) is None
    assert (
        s.orientations(911, 0.588)
        == f"Les porteurs ont reçu 911 fiches d'orientation, dont 59{NB}% remplies par un enseignant ou l'équipe éducative."
    )
    assert s.delay(24) == f"Entre l'orientation d'un enfant et sa première séance, il s'écoule 24{NB}jours (médiane)."
    assert s.unevenness(0.082, 0.705, 8.6, 12, 5) == (
        f"Selon les porteurs, la part des familles touchées par une action collective va de 8{NB}% à 71{NB}%, soit 8,6 "
        "fois plus (sur douze porteurs d'au moins cinq familles)."
    )
    assert s.unevenness(0.1, 0.2, 2, 1, 5) is None
    assert s.zero_neighbourhoods(["Coteaux"]) == "Un quartier ne compte aucun enfant accompagné : Coteaux."
    assert (
        s.top_criteria([("Méthodologie", 0.6)])
        == f"Les critères les plus souvent cochés sur les fiches sont : «{NB}Méthodologie{NB}» (60{NB}%)."
    )
