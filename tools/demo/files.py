"""File names of the demo workbooks, and byte-stable zip containers.

xlsx and ods are zip archives whose entries carry the time of writing, and openpyxl stamps the
document's "modified" date at save: both are pinned here so regenerating the demo gives the same bytes
(git then sees no change when nothing changed).
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

FIXED_TIME = datetime(2025, 9, 1, 8, 0, 0)
EXTENSIONS = {"a": "xlsx", "b": "xlsx", "c": "xlsx", "d": "csv", "e": "ods", "f": "xls"}
_W3CDTF = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")


def file_name(provider: str, school_year: str, layout: str) -> str:
    """'Maison de quartier Val-Notre-Dame - CLAS 2024-2025.xlsx': the importer reads both from it."""
    return f"{provider} - CLAS {school_year}.{EXTENSIONS[layout]}"


def stabilise_zip(path: Path) -> None:
    """Rewrite a zip with fixed entry times and fixed document dates, keeping order and compression
    (an ODF 'mimetype' entry must stay first and stored)."""
    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + _W3CDTF.encode() + rb"\g<2>",
                    data,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            z.writestr(fixed, data)
