-- Référentiels: the neighbourhoods already there (by code), to tell updates from additions.
SELECT code FROM neighbourhoods
