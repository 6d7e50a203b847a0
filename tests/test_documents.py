"""Readers: every format to clean text, and one clear error per bad input."""

from __future__ import annotations

import pytest

from ssrgraph.extract.documents import (DocumentError, clean_markup, document_from_text, find_documents,
                                        read_document)


def make_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` in Helvetica, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_markdown_markup_is_removed_but_words_stay():
    text = "## Heading\n\n**J**os Boonstra met *the* [OSCE](http://osce.org).<sup>4</sup>\n<sup>4</sup> A note."
    assert clean_markup(text) == "Heading\n\nJos Boonstra met the OSCE.\n4 A note."


def test_plain_text_and_identity(tmp_path):
    path = tmp_path / "report one.txt"
    path.write_text("Germany trains Tajik border guards.\n", encoding="utf-8")
    document = read_document(path)
    assert document.text == "Germany trains Tajik border guards."
    assert document.format == "text" and len(document.sha256) == 64 and document.id == document.sha256[:16]
    assert document.title == "Germany trains Tajik border guards."


def test_html_keeps_text_drops_scripts_and_styles(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>T</title><style>p{color:red}</style></head><body>"
                    "<script>alert('x')</script><p>The EU funds BOMCA.</p><p>Second&nbsp;para.</p></body></html>")
    document = read_document(path)
    assert "alert" not in document.text and "color" not in document.text
    assert "The EU funds BOMCA." in document.text and "Second para." in document.text


def test_pdf_text(tmp_path):
    path = tmp_path / "paper.pdf"
    path.write_bytes(make_pdf("NATO trains Kazakh officers."))
    assert read_document(path).text == "NATO trains Kazakh officers."


def test_latin1_file_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("La coopération entre l'OSCE et le Tadjikistan a été renforcée en 2010.".encode("latin-1"))
    document = read_document(path)
    assert "coopération" in document.text
    assert document.warnings and "not UTF-8" in document.warnings[0]


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"  \n\n ", "empty file"),
    ("markup-only.html", b"<html><script>x()</script></html>", "empty document"),
    ("binary.txt", b"\x00\x01\x02binary\x00", "binary file"),
    ("fake.pdf", b"hello", "not a PDF"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "unreadable PDF"),
    ("data.xlsx", b"PK", "unsupported file type"),
])
def test_bad_inputs_give_one_clear_error(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as error:
        read_document(path)
    assert reason in str(error.value) and str(path) in str(error.value)


def test_missing_and_oversized_files(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "nowhere.txt")
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    with pytest.raises(DocumentError, match="exceeds the limit"):
        read_document(big, max_bytes=100)


def test_find_documents_walks_folders_in_order_and_skips_readme(tmp_path):
    (tmp_path / "b.txt").write_text("B")
    (tmp_path / "a.md").write_text("A")
    (tmp_path / "README.md").write_text("about")
    (tmp_path / "notes.json").write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_text("<p>C</p>")
    found = [p.name for p in find_documents([tmp_path])]
    assert found == ["a.md", "b.txt", "c.html"]


def test_document_from_text_rejects_empty_text():
    with pytest.raises(DocumentError, match="empty document"):
        document_from_text("   ")
