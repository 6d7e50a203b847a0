"""Read source files (plain text, Markdown, HTML, PDF) into :class:`Document` records.

A document's ``text`` is what extraction sees and what every evidence offset
refers to: the decoded text with presentation markup removed (Markdown
emphasis and headings marks, footnote superscripts, HTML tags, scripts and
styles). Its identity is the SHA-256 of the file's bytes, so the same file
under two paths is one document.

>>> doc = document_from_text("**NATO** trains *Kazakh* officers.<sup>3</sup>", path="note.md")
>>> doc.text
'NATO trains Kazakh officers.'
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Document", "DocumentError", "SUPPORTED_SUFFIXES", "DEFAULT_MAX_BYTES",
    "read_document", "document_from_text", "find_documents", "clean_markup",
]

SUPPORTED_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                      ".html": "html", ".htm": "html", ".pdf": "pdf"}
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class DocumentError(Exception):
    """A file that cannot be read as a document; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass(frozen=True)
class Document:
    """One source text, ready for extraction."""

    sha256: str
    path: str
    title: str
    format: str
    text: str
    warnings: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        """A short stable identifier: the first 16 hex digits of the SHA-256."""
        return self.sha256[:16]


_FOOTNOTE_MARK = re.compile(r"^[ \t]*<sup>\s*(\d{1,3})\s*</sup>[ \t]*", re.IGNORECASE | re.MULTILINE)
_SUP = re.compile(r"<sup>\s*[^<]{0,12}</sup>", re.IGNORECASE)
_TAG = re.compile(r"</?(?:sup|sub|b|i|em|strong|span|br|u|small|a|font|mark)\b[^>\n]{0,200}>", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)|(?<=\S)(\*{1,3}|_{2,3})")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_MD_LINK = re.compile(r"\[([^\]\n]{1,300})\]\((?:[^)\s]{1,500})\)")
_BULLET = re.compile(r"^[ \t]*[•▪◦·][ \t]*", re.MULTILINE)
_TRAILING_BREAK = re.compile(r"[ \t]+\n")


def clean_markup(text: str) -> str:
    """Remove presentation markup that splits names and sentences apart.

    Markdown emphasis (``**J**os`` becomes ``Jos``), heading marks, link
    targets, backslash escapes, footnote superscripts (``<sup>2</sup>``) and
    inline formatting tags (``<b>``, ``<span>`` ...) go; the words stay. Any
    other angle-bracket text is kept literally. A superscript that opens a line is a
    footnote's number and stays as plain digits. Line structure is kept, since
    paragraphs and headings guide sentence splitting. Each kind of markup is
    looked for only in a text holding its mark character (emphasis, only in
    the lines that do): most hold none.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = text.replace("\xa0", " ").replace("\u2009", " ").replace("\u202f", " ")
    if "<" in text:
        text = _FOOTNOTE_MARK.sub(r"\1 ", text)
        text = _SUP.sub("", text)
        text = _TAG.sub("", text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "#" in text:
        text = _HEADING.sub("", text)
    if "*" in text or "__" in text:
        text = "\n".join(_EMPHASIS.sub("", line) if "*" in line or "__" in line else line
                          for line in text.split("\n"))
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    text = _BULLET.sub("", text)
    text = _TRAILING_BREAK.sub("\n", text)
    return html.unescape(text).strip()


def _decode(data: bytes, path: str) -> tuple[str, tuple[str, ...]]:
    """Decode bytes as UTF-8, or detect the encoding and say so in a warning."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(path, "binary file (contains NUL bytes), not a text document")
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as error:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise DocumentError(path, f"cannot decode text (not UTF-8 at byte {error.start}, "
                                      "and no other encoding fits)") from error
        return str(best), (f"{path}: not UTF-8 (first bad byte at {error.start}); "
                           f"decoded as {best.encoding}",)


def _html_text(markup: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for node in soup(["script", "style", "noscript", "template", "head", "svg", "iframe", "object"]):
        node.decompose()
    for sup in soup.find_all("sup"):
        sup.decompose()
    blocks = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section",
              "article", "header", "footer", "blockquote", "title", "td", "th")
    for tag in soup.find_all(blocks):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    text = soup.get_text()
    text = re.sub(r"[ \t\xa0]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text)


def _pdf_text(data: bytes, path: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise DocumentError(path, "encrypted PDF that needs a password")
            except NotImplementedError as error:
                raise DocumentError(path, f"encrypted PDF this reader cannot open ({error})") from error
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise DocumentError(path, f"unreadable PDF ({type(error).__name__}: {error})") from error
    return "\n\n".join(pages)


def _title(text: str, fallback: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:200]
    return fallback


def document_from_text(text: str, *, path: str = "<text>", format: str = "text",
                       sha256: str | None = None, warnings: tuple[str, ...] = ()) -> Document:
    """Make a :class:`Document` from text already in memory (cleaning its markup)."""
    cleaned = clean_markup(text)
    if not cleaned.strip():
        raise DocumentError(path, "empty document (no text after removing markup)")
    return Document(sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(), path=path,
                    title=_title(cleaned, Path(path).name), format=format, text=cleaned,
                    warnings=warnings)


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file into a :class:`Document`, or raise :class:`DocumentError` saying why not."""
    path = Path(path)
    name = str(path)
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise DocumentError(name, f"unsupported file type {path.suffix or '(no suffix)'!r}; "
                                  f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(name, f"file of {size:,} bytes exceeds the limit of {max_bytes:,} bytes")
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise DocumentError(name, "no such file") from error
    except IsADirectoryError as error:
        raise DocumentError(name, "is a directory") from error
    except PermissionError as error:
        raise DocumentError(name, "permission denied") from error
    except OSError as error:
        raise DocumentError(name, f"cannot read file ({error.strerror or error})") from error
    if not data.strip():
        raise DocumentError(name, "empty file")
    digest = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        if not data.startswith(b"%PDF"):
            raise DocumentError(name, "not a PDF file (missing %PDF header)")
        return document_from_text(_pdf_text(data, name), path=name, format="pdf", sha256=digest)
    text, warnings = _decode(data, name)
    if kind == "html":
        text = _html_text(text)
    return document_from_text(text, path=name, format=kind, sha256=digest, warnings=warnings)


def find_documents(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders into document paths, in a stable order.

    Folders are searched recursively for supported suffixes (hidden files and
    ``README.md`` files describing a corpus are skipped); files named
    explicitly are yielded as given, so that a missing or unsupported file is
    reported by :func:`read_document` rather than silently dropped.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if (found.is_file() and found.suffix.lower() in SUPPORTED_SUFFIXES
                        and not any(part.startswith(".") for part in found.relative_to(path).parts)
                        and found.name.lower() != "readme.md"):
                    yield found
        else:
            yield path
