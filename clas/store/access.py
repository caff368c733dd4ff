"""The role perimeter, enforced where data is read: which named queries (queries/<name>.sql) a role may run,
and the porteur's own provider bound as `$scope_provider` on every one of them, whatever the page asked.

Here rather than beside a widget helper so that every reader goes through it: the web layer's cached
`query` (clas/web/ui.py) and anything else that runs a query for a signed-in user. A user is anything with
`role` and `scope_provider` (clas.auth.roles.User): the store does not depend on how people sign in.
"""

from __future__ import annotations

from typing import Protocol

import duckdb
import pandas as pd

from clas.store import db

# Aggregates that the élus' pages show after small-cell suppression (Indicateurs, Couverture, Parents).
AGGREGATES = frozenset(
    {
        "filter_options",
        "small_cell_threshold",
        "key_indicators_by_year",
        "coverage_by_neighbourhood",
        "coverage_by_priority",
        "provider_sites",
        "parent_reach_by_unit",
        "parent_actions_by_type",
    }
)
# What a porteur also reads: the other analytics pages (scoped to its provider) and its own imports.
PORTEUR = AGGREGATES | frozenset(
    {
        "orientation_flows",
        "orientation_criteria",
        "orientation_criteria_flows",
        "orientations_by_month",
        "outcomes_by_provider",
        "orientation_delay_by_provider",
        "explorer_options",
        "explorer_table",
        "import_history",
        "import_years",
        "column_mappings",
        # « Mon espace »: its own file's problems and the completeness of its own register
        "own_file_issues",
        "completeness_by_provider",
    }
)
# The network (issue 15). Élus: the network's yearly figures (professionals at training sessions, no child),
# the directory (public facts) and schemes per neighbourhood (children masked by the page); a porteur also
# reads its own bilan (every bilan query is scoped to its provider).
NETWORK_AGGREGATES = frozenset({"network_by_year", "network_themes", "schemes_by_neighbourhood", "provider_directory"})
BILAN = frozenset(
    {
        "bilan_children_age_sex",
        "bilan_grade_band",
        "bilan_priority_area",
        "bilan_sources",
        "bilan_sessions",
        "bilan_parent_actions",
        "bilan_families_reached",
        "bilan_exits",
        "bilan_staff",
        "bilan_providers",
    }
)
AGGREGATES = AGGREGATES | NETWORK_AGGREGATES
PORTEUR = PORTEUR | NETWORK_AGGREGATES | BILAN
# Anonymised benchmarks (issue 9): the only reads of a porteur that are not scoped to its own provider. They
# return rates and quartiles over at least a minimum of providers, never a provider's name or count, and
# nothing at all below that minimum (queries/parent_reach_network.sql).
BENCHMARKS = frozenset({"parent_reach_network"})
PORTEUR = PORTEUR | BENCHMARKS
QUERY_ROLES = {"elu": AGGREGATES, "porteur": PORTEUR}  # the service may run every query


class Forbidden(PermissionError):
    """A role asked for something outside its perimeter (a bug in a page, or a forged request)."""


class Reader(Protocol):
    role: str

    @property
    def scope_provider(self) -> str | None: ...


def query_allowed(name: str, role: str) -> bool:
    return role == "service" or name in QUERY_ROLES.get(role, frozenset())


def check_query(name: str, user: Reader | None) -> None:
    if user is None:
        raise Forbidden(f"requête {name} : aucun utilisateur connecté")
    if not query_allowed(name, user.role):
        raise Forbidden(f"requête {name} : hors du périmètre du rôle {user.role}")


def bind(name: str, user: Reader | None, params: dict) -> tuple:
    """The parameters of queries/<name>.sql for this user, as a hashable tuple (a cache key): the query must be
    in the role's list, `$scope_provider` comes from the user and never from the caller, and a parameter the
    query uses and the caller forgot is an error, not a silent NULL."""
    if "scope_provider" in params:
        raise TypeError("scope_provider vient de l'utilisateur connecté, jamais de la page")
    check_query(name, user)
    params = {**params, "scope_provider": user.scope_provider}
    wanted = db.query_params(name)
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"requête {name} : paramètres manquants {sorted(missing)}")
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items() if k in wanted))


def run(con: duckdb.DuckDBPyConnection, name: str, user: Reader | None, **params) -> pd.DataFrame:
    """queries/<name>.sql within the user's perimeter."""
    return db.run(con, name, **dict(bind(name, user, params)))
