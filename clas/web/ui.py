"""The small Streamlit helper every page uses: the shared connection, cached named queries, the global
filters (kept in session state and in the URL), French tables and charts, empty states.

The only module of the package that imports Streamlit (pages and app.py aside).
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from clas import charts
from clas.charts.base import cached_figure
from clas.domain import vocab
from clas.store import access, audit, db, faults
from clas.web import session
from clas.workspace.bootstrap import ensure_database

# Global filters: URL parameter -> (label, query producing the options)
FILTERS = ("school_year", "provider_type", "neighbourhood", "grade_band", "provider")
ALL = "Tous"


_LIVE: dict[str, duckdb.DuckDBPyConnection] = {}
_LIVE_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False)
def _connection(path: str, stamp: tuple) -> duckdb.DuckDBPyConnection:
    # One read-only connection per process and per version of the file; pages take a cursor per query.
    # DuckDB keeps one database instance per file path and process: while any connection to the previous
    # version is open, connect() hands back that stale instance although the path now names the swapped-in
    # file (tests/store/test_service_imports.py::test_the_app_sees_a_swapped_file). So close the previous one first.
    with _LIVE_LOCK:
        old = _LIVE.pop(path, None)
        if old is not None:
            old.close()
        con = duckdb.connect(path, read_only=True)
        _LIVE[path] = con
        return con


def stamp() -> tuple:
    path = ensure_database()
    db.upgrade(path)  # a file from an earlier version gets this version's child_year (once per file version)
    s = (str(path), db.file_stamp(path))
    _whole(s)
    return s


@st.cache_resource(show_spinner=False, max_entries=4)
def _whole(stamp_: tuple) -> bool:
    # Once per version of the file: a truncated file is refused here (clas/fault_page.py) rather than failing
    # on some page later. Not cached when it raises, so a restored file is checked again.
    with duckdb.connect(stamp_[0], read_only=True) as con:
        faults.check_length(con, Path(stamp_[0]))
    return True


def connection() -> duckdb.DuckDBPyConnection:
    """The raw read-only connection, for the annual report (clas.report runs the same named queries).
    It has no perimeter: a porteur, whose every read is scoped to its provider, never gets it."""
    user = session.current_user()
    if user is None or user.scope_provider is not None:
        raise access.Forbidden("connexion directe à la base : réservée au service et aux élus")
    path, st_ = stamp()
    return _connection(path, st_)


@st.cache_data(show_spinner=False, max_entries=512)
def _query(name: str, stamp_: tuple, params: tuple) -> pd.DataFrame:
    return db.run(_connection(*stamp_), name, **dict(params))


def query(name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql, cached by name, parameters and the database file's version: a new import
    swaps the file, which changes the stamp, so every page shows the new data at once.

    The signed-in user's perimeter is applied by the store, whatever the page asked (clas/store/access.py): a
    query outside the role's list is refused, and `$scope_provider` is always bound from the user (NULL for
    the service and the élus, its provider for a porteur), so no page can leak through a forgotten filter.
    """
    bound = access.bind(name, session.current_user(), params)
    try:
        return _query(name, stamp(), bound)
    except duckdb.ConnectionException:
        # A writer swapped the file in while this query ran on the previous version, whose connection
        # was closed under it: the new version is there now, ask again once.
        return _query(name, stamp(), bound)


def public_view() -> bool:
    """Whether the signed-in user gets the public view of the figures (clas.domain.disclosure, issue 9): the élus
    (whose pages and report are published). The service sees every unit; a porteur sees only its own
    figures (and the network's anonymised quartiles)."""
    user = session.current_user()
    return user is None or user.aggregates_only


def is_porteur() -> bool:
    user = session.current_user()
    return user is not None and user.scope_provider is not None


def clear_caches() -> None:
    st.cache_data.clear()


@st.cache_data(show_spinner=False, max_entries=16)
def _database_mode(stamp_: tuple) -> tuple[bool, int]:
    df = db.run(_connection(*stamp_), "database_mode")
    return bool(df.at[0, "demo_flag"]), int(df.at[0, "other_imports"])


def database_is_demo() -> bool:
    """The embedded demo: built by clas.workspace.bootstrap (setting 'demo') and no real file imported since."""
    flag, others = _database_mode(stamp())
    return flag and others == 0


def database_was_demo() -> bool:
    """Built as the demo, but real files have been imported into it since: no longer a demo."""
    flag, others = _database_mode(stamp())
    return flag and others > 0


def audited(action: str, detail: str):
    """A callback recording an event of the signed-in user in the audit log (download buttons' on_click)."""

    def _record() -> None:
        user = session.current_user()
        audit.record(user.username if user else None, user.role if user else None, action, detail)

    return _record


# --- global filters ---------------------------------------------------------------------------------


def _options(name: str) -> list[str]:
    df = query("filter_options")
    return [v for v in df.loc[df["dimension"] == name, "value"].tolist() if v is not None]


def _label(dimension: str, code: str) -> str:
    if code == ALL:
        return ALL
    kind = {"provider_type": "provider_type", "grade_band": "grade_band"}.get(dimension)
    return vocab.label(kind, code) if kind else code


FILTER_STORE = "global_filters"  # not a widget key: Streamlit drops a widget's state on another page
FILTER_LABELS = {
    "school_year": "Année scolaire",
    "provider_type": "Type de porteur",
    "neighbourhood": "Quartier",
    "grade_band": "Niveau",
    "provider": "Porteur",
}


def _initial(dimension: str, options: list[str], default: str) -> str:
    """Value of a filter when a page is drawn: the URL first (a shared link, or this page's own address after
    a change), then what the user chose on another page, then the default.

    st.navigation's menu drops the query string and each page's selectbox is a new widget (its id includes
    the page), so the choice is kept in a plain session-state dict and put back in the URL here."""
    from_url = st.query_params.get(dimension)
    if from_url in options:
        return from_url
    stored = st.session_state.get(FILTER_STORE, {}).get(dimension)
    return stored if stored in options else default


def _remember(dimension: str, key: str, default: str) -> None:
    value = st.session_state[key]
    st.session_state.setdefault(FILTER_STORE, {})[dimension] = value
    _to_url(dimension, value, default)


def _to_url(dimension: str, value: str, default: str) -> None:
    if value == default:
        st.query_params.pop(dimension, None)
    elif st.query_params.get(dimension) != value:
        st.query_params[dimension] = value


def global_filters(dimensions=("school_year",), *, container=None) -> dict[str, str | None]:
    """Sidebar widgets for the given filters; returns query parameters (None means 'all').

    The values follow the user from page to page (session state) and are mirrored in the URL, so that a
    copied link opens on the same view.
    """
    box = container or st.sidebar
    values: dict[str, str | None] = {}
    store = st.session_state.setdefault(FILTER_STORE, {})
    for dim in dimensions:
        opts = _options(dim)
        if dim == "school_year":
            opts = sorted(opts, reverse=True)
            default = opts[0] if opts else ""
        else:
            opts = [ALL] + opts
            default = ALL
        key_ = f"filter_{dim}"
        value = _initial(dim, opts, default)
        st.session_state[key_] = value  # before the widget: its value on this page
        store[dim] = value
        box.selectbox(
            FILTER_LABELS[dim],
            opts,
            key=key_,
            format_func=lambda c, d=dim: _label(d, c),
            placeholder="Aucune donnée",
            on_change=_remember,
            args=(dim, key_, default),
        )
        _to_url(dim, value, default)
        values[dim] = None if value == ALL else value
    return values


def global_value(dimension: str) -> str | None:
    """The filter value the user chose on another page (None when never chosen), for a page that draws its
    own filter widgets (Explorer) but should open on the same school year."""
    return st.session_state.get(FILTER_STORE, {}).get(dimension)


def year_options() -> list[str]:
    return sorted(_options("school_year"))


# --- display -------------------------------------------------------------------------------------------


def chart(builder, *args, key: str | None = None, **kwargs) -> None:
    """builder(*args, **kwargs) drawn full width with the French config; built once per distinct input
    (clas.charts.base.cached_figure: validating a Plotly figure costs more than the page's queries).
    A Figure is drawn as it is."""
    fig = builder if isinstance(builder, go.Figure) else cached_figure(builder, *args, **kwargs)
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key=key, width="stretch")


def empty(message: str = "Aucune donnée pour ces filtres.") -> None:
    st.info(message, icon="ℹ️")


def table(df: pd.DataFrame, columns: dict[str, str], formats: dict[str, str] | None = None, **kwargs) -> None:
    """A table with French headers (`columns`: field -> header) and French number formats.

    formats: field -> "int" | "pct" (a 0-1 ratio shown as 12,3, header suffixed "(%)") | "dec" | "date".
    Numbers stay numbers (the table sorts right) and are shown in the browser's locale ("localized"):
    French on a French browser; printf formats would force English decimals.
    """
    formats = formats or {}
    config = {}
    shown = df[list(columns)].copy()
    for f, header in columns.items():
        kind = formats.get(f)
        if kind == "pct":
            shown[f] = (shown[f] * 100).round(1)
            config[f] = st.column_config.NumberColumn(f"{header} (%)", format="localized")
        elif kind in ("int", "dec"):
            config[f] = st.column_config.NumberColumn(header, format="localized")
        elif kind == "date":
            config[f] = st.column_config.DateColumn(header, format="DD/MM/YYYY")
        else:
            config[f] = st.column_config.Column(header)
    st.dataframe(shown, column_config=config, hide_index=True, width="stretch", **kwargs)


def text_table(df: pd.DataFrame, columns: dict[str, str], help: dict[str, str] | None = None, **kwargs) -> None:
    """A table of figures already written in French (hidden small cells '< 5', undefined rates '–'):
    the first column left-aligned, the figures right-aligned, a definition on hover of each header."""
    help = help or {}
    config = {
        f: st.column_config.TextColumn(header, help=help.get(f), alignment=None if i == 0 else "right")
        for i, (f, header) in enumerate(columns.items())
    }
    st.dataframe(df[list(columns)], column_config=config, hide_index=True, width="stretch", **kwargs)
