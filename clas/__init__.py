"""Tableau de bord CLAS: provider spreadsheets -> DuckDB -> Streamlit pages and exports."""
