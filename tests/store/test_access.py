"""The role perimeter lives in the store (clas/store/access.py): any reader, with or without Streamlit, gets
the same refusals and the same provider filter."""

from __future__ import annotations

import pytest

from clas.auth.roles import User
from clas.store import access, db
from tests.support.fixture_db import build_file

SERVICE = User("s", "Service", "service")
ELU = User("e", "Élu", "elu")
PORTEUR = User("p", "Porteur", "porteur", provider="Les Petits Pas")


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = build_file(tmp_path_factory.mktemp("access") / "clas.duckdb")
    c = db.connect(path)
    yield c
    c.close()


def test_a_porteur_reads_only_its_own_provider(con):
    filters = dict(school_year="2024-2025", provider_type=None, neighbourhood=None, grade_band=None)
    everyone = access.run(con, "outcomes_by_provider", SERVICE, **filters)
    own = access.run(con, "outcomes_by_provider", PORTEUR, **filters)
    assert set(everyone["provider"]) > {"Les Petits Pas"}
    assert set(own["provider"]) == {"Les Petits Pas"}


def test_the_caller_cannot_choose_the_scope(con):
    with pytest.raises(TypeError, match="scope_provider"):
        access.run(con, "outcomes_by_provider", SERVICE, school_year="2024-2025", scope_provider=None)


@pytest.mark.parametrize(
    "user, name", [(ELU, "import_history"), (PORTEUR, "unmatched_schools"), (None, "filter_options")]
)
def test_queries_outside_the_role_are_refused(con, user, name):
    with pytest.raises(access.Forbidden):
        access.run(con, name, user)


def test_a_forgotten_parameter_is_an_error_not_a_null(con):
    with pytest.raises(TypeError, match="paramètres manquants"):
        access.run(con, "outcomes_by_provider", SERVICE)
