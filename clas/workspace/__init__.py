"""The service head's workspace (pages Imports, Qualité des données, Référentiels): what those pages do,
without Streamlit, so that tests call exactly the functions the pages call.

Every write goes through `clas.store.db.writing()` (copy and swap); a write that fails or changes nothing
discards its copy, so the live file stays byte for byte as it was.
"""
