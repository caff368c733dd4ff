"""What a file is, from its bytes (never its extension), and a French refusal for what cannot be read.

A `.xls` that is really CSV, a workbook saved with a password, an Excel 4 or 5 file from the 1990s, a
web page saved as `.xls`, an Apple Numbers file, a gzip: each gets a message that says what to do.
"""

from __future__ import annotations

import io
import struct
import zipfile

from clas.ingest.errors import FileRejected

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024  # a zip bomb expands past this long before parsing starts
MAX_COMPRESSION_RATIO = 200

PASSWORD = (
    "Ce classeur est protégé par un mot de passe : ouvrez-le, enregistrez-le sans mot de passe, puis "
    "importez-le à nouveau."
)
OLD_EXCEL = (
    "Ce classeur est au format Excel 4 ou 5 (années 1990), que l'importeur ne lit pas : ouvrez-le dans "
    "votre tableur, réenregistrez au format .xlsx, puis importez-le à nouveau."
)
RESAVE = "ouvrez-le dans votre tableur, réenregistrez au format .xlsx, puis importez-le à nouveau."


def damaged(fmt: str) -> str:
    return f"Le classeur ({fmt}) est illisible ou abîmé : {RESAVE}"


def sniff_format(data: bytes) -> str:
    """'xls' | 'xlsx' | 'ods' | 'fods' | 'csv'; FileRejected for anything else."""
    if not data.strip():
        raise FileRejected("Le fichier est vide.")
    if data[:8] == OLE_MAGIC:
        if is_encrypted_ole(data):
            raise FileRejected(PASSWORD)
        return "xls"
    if data[:4] == b"PK\x03\x04":
        return _zip_format(data)
    if data[:2] in (b"\x09\x00", b"\x09\x02", b"\x09\x04") and data[3:4] == b"\x00":
        raise FileRejected(OLD_EXCEL)  # BIFF2-4: a bare Excel 2/3/4 worksheet
    if data[:2] == b"\x1f\x8b":
        raise FileRejected(
            "Le fichier est compressé (gzip) : décompressez-le, puis importez le tableau qu'il contient."
        )
    if data[:5] == b"%PDF-":
        raise FileRejected("Le fichier est un PDF : envoyez le tableau lui-même (xlsx, xls, ods ou csv).")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or _looks_utf16(data[:4096]):
        return "csv"
    head = data[:4096]
    if b"\x00" in head:
        raise FileRejected("Le fichier n'est ni un classeur (xlsx, xls, ods) ni un fichier texte CSV.")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<?xml") or start.startswith(b"<office:document"):
        if b"opendocument.spreadsheet" in data[:20000] or b"<office:spreadsheet" in data:
            return "fods"
        if b"urn:schemas-microsoft-com:office:spreadsheet" in data[:20000]:
            raise FileRejected("Ce classeur est au format XML d'Excel 2003 : " + RESAVE)
        raise FileRejected("Le fichier est un document XML, pas un tableau (xlsx, xls, ods ou csv).")
    if start.startswith((b"<!doctype html", b"<html")) or b"<table>" in head.lower() or b"<table " in head.lower():
        raise FileRejected("Le fichier est une page web (HTML), pas un tableau : " + RESAVE)
    if start.startswith(b"id;p"):
        raise FileRejected("Ce fichier est au format SYLK (ancien format d'échange) : " + RESAVE)
    return "csv"


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte is zero in Latin text."""
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    return (
        odd.count(0) > 0.4 * len(odd)
        and even.count(0) < 0.05 * len(even)
        or even.count(0) > 0.4 * len(even)
        and odd.count(0) < 0.05 * len(odd)
    )


def _zip_format(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            _check_zip(z)
            if "mimetype" in names and b"opendocument.spreadsheet" in z.read("mimetype"):
                if "META-INF/manifest.xml" in names and b"encryption-data" in z.read("META-INF/manifest.xml"):
                    raise FileRejected(PASSWORD)
                return "ods"
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return "xlsx"
            if any(n.endswith((".iwa", "Index.zip")) or ".numbers/" in n for n in names):
                raise FileRejected(
                    "Le fichier vient d'Apple Numbers : exportez-le au format Excel (.xlsx), puis importez-le."
                )
            if any(n.lower().endswith((".csv", ".xlsx", ".xls", ".ods", ".tsv")) for n in names):
                raise FileRejected(
                    "Le fichier est une archive ZIP qui contient des fichiers : décompressez-la, "
                    "puis importez chaque tableau qu'elle contient."
                )
    except zipfile.BadZipFile:
        raise FileRejected("Le fichier est une archive ZIP abîmée : ce n'est pas un classeur lisible.")
    raise FileRejected("Le fichier est une archive ZIP mais pas un classeur Excel ou OpenDocument.")


def _check_zip(z: zipfile.ZipFile) -> None:
    infos = z.infolist()
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO and total > 20 * 1024 * 1024:
        raise FileRejected(
            f"Le classeur se décompresse en {total / 1e6:,.0f} Mo : trop volumineux pour un registre "
            "(fichier corrompu ou piégé). Rien n'a été importé.".replace(",", " ")
        )


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def is_encrypted_ole(data: bytes) -> bool:
    """An OLE container holding an encrypted workbook: an xlsx/xlsb saved with a password (its streams
    EncryptionInfo and EncryptedPackage), or an xls whose workbook stream starts with a FILEPASS record."""
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        return True
    return _xls_filepass(data)


def _xls_filepass(data: bytes) -> bool:
    """The BIFF records right after a workbook's BOF (0x0809) include FILEPASS (0x002F) when encrypted."""
    sector = 512
    for start in range(sector, min(len(data), 64 * sector), sector):
        if data[start : start + 2] != b"\x09\x08":
            continue
        pos = start
        for _ in range(40):
            if pos + 4 > len(data):
                break
            typ, size = struct.unpack_from("<HH", data, pos)
            if typ == 0x002F:
                return True
            if typ == 0x0085:  # BOUNDSHEET: past the place FILEPASS would stand
                break
            pos += 4 + size
        return False
    return False


def is_old_excel(data: bytes) -> bool:
    """An OLE container whose workbook stream is Excel 5/95's « Book » rather than « Workbook »."""
    return _utf16("Book") + b"\x00\x00" in data and _utf16("Workbook") not in data
