-- Neighbourhood codes and names, to match what providers write.
SELECT code, name FROM neighbourhoods
