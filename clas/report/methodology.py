"""The report's methodology page: definitions (clas.domain.glossary, the pages' own), sources, the small-cell rule,
how to read a funnel plot and the unevenness measures. French text; data values escaped."""

from __future__ import annotations

from clas.domain import disclosure, glossary
from clas.metrics import indicators
from clas.report.model import Report, esc

EXTRA_TERMS = ("coverage_rate_neighbourhood", "forms", "waiting_list", "priority_area")


def definitions() -> list[tuple[str, str]]:
    keys = [s.key for s in indicators.SPECS] + list(EXTRA_TERMS)
    return [(glossary.title(k), glossary.definition(k)) for k in keys]


def paragraphs(report: Report) -> dict[str, list[str]]:
    t = report.threshold
    return {
        "Sources": [
            "Les chiffres viennent des registres que chaque porteur transmet pour l'année scolaire : un enfant par "
            "ligne, avec son quartier, son niveau, qui l'a orienté, les critères cochés sur la fiche d'orientation, la "
            "suite donnée, les dates d'orientation et d'entrée, et la participation de ses parents. Ils sont importés "
            "dans la base du tableau de bord, contrôlés, puis pseudonymisés : noms, prénoms et dates de naissance ne "
            "servent qu'à reconnaître un même enfant suivi par deux porteurs et ne sont jamais conservés.",
            "Les populations de référence (enfants de 6 à 14 ans par quartier) et la liste des quartiers prioritaires "
            "viennent des référentiels du service. Chaque tableau indique sous lui la vue du tableau de bord qui "
            "montre les mêmes chiffres : le rapport et les pages sont calculés de la même façon.",
            "Le rapport couvre tout le territoire : aucun filtre de type de porteur, de quartier ou de niveau "
            "n'est appliqué.",
        ],
        "Secret statistique": [
            f"Aucune donnée individuelle n'est publiée. Les effectifs de 1 à {t - 1} enfants, familles ou fiches sont "
            f"remplacés par « {disclosure.label(t)} » (seuil réglable par le service ; l'INSEE retient 11 pour les "
            "données sur les personnes). Une case masquée pour une autre raison (secret secondaire, ou taux "
            f"calculé sur moins de {t} personnes) porte la mention « {disclosure.MASKED} », jamais "
            f"« {disclosure.label(t)} ».",
            "Masquer une case ne suffit pas quand les totaux sont publiés : on pourrait la retrouver par différence. "
            "D'autres cases sont donc masquées à leur tour (secret secondaire), choisies parmi les plus petites, "
            "jusqu'à ce qu'aucune case masquée ne puisse être recalculée à partir des lignes, des colonnes et des "
            "sous-totaux publiés. Aucun chiffre n'est donné par école : le quartier est le niveau le plus fin.",
            "Les graphiques reprennent ceux du tableau de bord ; ils ne portent pas d'effectif en dessous du "
            "seuil, ni le taux d'une unité de moins de " + str(t) + " familles, ni sa position : dans les entonnoirs, "
            "les petites unités sont regroupées en une seule (« Petites unités regroupées ») quand elles en font "
            "assez ensemble, sinon elles ne sont pas dessinées, et le graphique le dit.",
        ],
        "Lire un graphique en entonnoir": [
            "Les porteurs et les quartiers n'accompagnent pas le même nombre de familles : classer leurs taux bruts "
            "induit en erreur, car le taux d'un petit porteur varie beaucoup d'une année à l'autre pour de simples "
            "raisons de hasard. Le graphique en entonnoir (Spiegelhalter, Statistics in Medicine, 2005) place chaque "
            "porteur selon son nombre de familles (en abscisse) et la part de ses familles touchées par une action "
            "collective (en ordonnée).",
            "Le trait horizontal est le taux d'ensemble. Les courbes dessinent les écarts que le hasard seul peut "
            "produire pour chaque taille : 95 % des porteurs « ordinaires » tombent entre les tirets, 99,8 % entre "
            "les traits pleins (limites binomiales exactes). L'entonnoir se resserre quand le nombre de familles "
            "augmente. Un point hors des limites à 99,8 % signale un écart réel, qui mérite qu'on en cherche la "
            "raison ; un petit porteur au taux extrême mais à l'intérieur de l'entonnoir n'est pas signalé.",
            "Les limites ne sont pas corrigées de la surdispersion dans ce rapport (comme par défaut sur la page "
            "« Engagement des parents », où la correction peut être activée).",
        ],
        "Mesurer les inégalités": [
            f"Sur les porteurs d'au moins {t} familles, chacun comptant pour un : le taux le plus bas et le plus haut, "
            "leur rapport, le coefficient de variation (écart-type des taux divisé par leur moyenne) et l'indice de "
            "Gini (0 si tous les taux sont égaux ; plus il approche de 1, plus l'engagement est concentré).",
        ],
    }


def html(report: Report) -> str:
    defs = "".join(f"<dt>{esc(term)}</dt><dd>{esc(text)}</dd>" for term, text in definitions())
    parts = "".join(
        f"<h2>{esc(title)}</h2>" + "".join(f"<p>{esc(p)}</p>" for p in paras)
        for title, paras in paragraphs(report).items()
    )
    return (
        f'<section class="chapter method"><h1>Méthodologie</h1><h2>Définitions</h2><dl class="defs">{defs}</dl>'
        f"{parts}</section>"
    )
