-- The schemes offered (code -> label), to read the Dispositif column of a schools x schemes table.
SELECT code, label FROM schemes
