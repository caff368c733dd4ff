"""Column-wise checks of a prepared table: which rows are rejected, and the issues, grouped before they are
built (a 300,000-row file with one problem makes one line with its row ranges, not 300,000 objects)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clas.ingest import columns as C
from clas.ingest import normalise as N
from clas.ingest.report import Issue, _n, grouped

MAX_VALUE_GROUPS = 25  # distinct quoted values reported one by one per check; the rest share one line


class Checker:
    """Collects issues for rows selected by a mask, and which rows are rejected.

    Issues are grouped before they are built: one per sheet and distinct message (a message quoting the
    cell makes one per distinct value), with the count and ranges of its rows.
    """

    def __init__(self, df: pd.DataFrame, headers: dict[tuple[str, str], str]):
        self.df = df
        self.headers = headers
        self.rejected = np.zeros(len(df), dtype=bool)
        self.issues: list[Issue] = []
        self.sheet_codes, self.sheet_names = pd.factorize(df["sheet"]) if len(df) else (np.zeros(0, int), [])
        self.rows = df["row"].to_numpy(dtype=np.int64) if len(df) else np.zeros(0, np.int64)

    def column(self, sheet: str, fieldname: str) -> str | None:
        return self.headers.get((sheet, fieldname), C.REGISTER_LABELS.get(fieldname, C.ACTION_LABELS.get(fieldname)))

    def flag(self, mask, fieldname: str, severity: str, message, values: pd.Series | None = None) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if severity == "error":
            self.rejected |= mask
        idx = np.flatnonzero(mask)
        if callable(message):
            quoted = values if values is not None else self.df[fieldname] if fieldname in self.df else None
            codes, uniques = (
                pd.factorize(quoted.iloc[idx], use_na_sentinel=True)
                if quoted is not None
                else (np.zeros(len(idx), dtype=np.int64), [None])
            )
            codes = np.where(codes < 0, len(uniques), codes)
            uniques = list(uniques) + [None]
        else:
            codes, uniques = np.zeros(len(idx), dtype=np.int64), [None]
        sheets = self.sheet_codes[idx]
        for s in np.unique(sheets):
            in_sheet = sheets == s
            sheet = str(self.sheet_names[s])
            col = self.column(sheet, fieldname)
            sc, rows = codes[in_sheet], self.rows[idx[in_sheet]]
            order = np.argsort(sc, kind="stable")
            sc, rows = sc[order], rows[order]
            cuts = np.flatnonzero(np.diff(sc)) + 1
            groups = list(zip(np.split(sc, cuts), np.split(rows, cuts)))
            groups.sort(key=lambda g: -len(g[1]))  # the most frequent values first
            shown = groups if len(groups) <= MAX_VALUE_GROUPS + 1 else groups[:MAX_VALUE_GROUPS]
            for g_codes, g_rows in shown:
                self.issues.append(grouped(sheet, g_rows, col, severity, self._text(message, uniques[g_codes[0]])))
            if len(shown) < len(groups):
                rest = groups[len(shown) :]
                first = self._text(message, uniques[rest[0][0][0]])
                self.issues.append(
                    grouped(
                        sheet,
                        np.concatenate([g[1] for g in rest]),
                        col,
                        severity,
                        f"{first} Même problème pour {_n(len(rest) - 1)} autres valeurs de cette colonne.",
                    )
                )

    @staticmethod
    def _text(message, value) -> str:
        if not callable(message):
            return message
        return message(N.cell_text(value) if value is not None else "")
