"""Journal (service only): the audit log, newest first — sign-ins and their failures, imports, withdrawals,
downloads, account changes made on the command line."""

import pandas as pd
import streamlit as st

from clas.auth.roles import ROLE_LABELS
from clas.domain import fmt
from clas.store import audit
from clas.web.session import guard

guard(__file__)  # first: only the roles allowed in clas/web/registry.py
st.title("Journal")
st.caption(
    "Qui s'est connecté (ou a échoué), qui a importé, retiré ou téléchargé quoi, et quand. Le journal est "
    "un fichier à part (audit.jsonl, à côté de la base) : on y ajoute des lignes, on n'en retire jamais."
)

ALL = ""
c1, c2 = st.columns([1, 2])
action = c1.selectbox(
    "Action",
    [ALL, *audit.ACTIONS],
    key="journal_action",
    format_func=lambda a: "Toutes" if a == ALL else audit.ACTIONS[a],
)
who = c2.text_input("Utilisateur (contient)", key="journal_user", placeholder="Tous")
events = audit.read(action=action or None)
if who.strip():
    events = [e for e in events if who.strip().lower() in str(e.get("user", "")).lower()]
if not events:
    st.info("Aucun événement ne correspond.", icon="ℹ️")
    st.stop()
df = pd.DataFrame(events, columns=["when", "user", "role", "action", "detail"])
df["when"] = fmt.paris(pd.to_datetime(df["when"], errors="coerce", utc=True))
df["role"] = df["role"].map(lambda r: ROLE_LABELS.get(r, r or "—"))
df["action"] = df["action"].map(lambda a: audit.ACTIONS.get(a, a))
df["detail"] = df["detail"].map(audit.french_detail)
st.caption(f"{fmt.count(len(df), 'événement')}, du plus récent au plus ancien.")
st.dataframe(
    df.head(5000),
    hide_index=True,
    width="stretch",
    key="journal",
    # Widths add up to the page's width at 1280 px (about 800 px): « Détail » stays in view (a
    # long detail is read in full on hover).
    column_config={
        "when": st.column_config.DatetimeColumn("Date", format="DD/MM/YYYY HH:mm:ss", width=142),
        "user": st.column_config.TextColumn("Utilisateur", width=100),
        "role": st.column_config.TextColumn("Rôle", width=70),
        "action": st.column_config.TextColumn("Action", width=160),
        "detail": st.column_config.TextColumn("Détail", width=320),
    },
)
if len(df) > 5000:
    st.caption("Seuls les 5 000 événements les plus récents sont affichés : filtrez par action ou par utilisateur.")
