"""School years as the service counts them: a school year starts in August ("2024-2025")."""

from __future__ import annotations

import datetime as dt


def school_year_choices(known: list[str], today: dt.date | None = None) -> list[str]:
    """School years offered when a file does not say its own: the current one first, then recent ones."""
    today = today or dt.date.today()
    current = today.year if today.month >= 8 else today.year - 1
    years = {f"{y}-{y + 1}" for y in range(current - 4, current + 2)} | {y for y in known if y}
    return sorted(years, key=lambda y: (y != f"{current}-{current + 1}", -int(y[:4])))
