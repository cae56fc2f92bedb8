"""The document writers: one Document as PDF (read back with pypdf), HTML and Markdown.

The PDF's text is compared with the Document's, word for word and in reading order
(whitespace normalised, the page foot taken off each page); its pages, fonts and
metadata are checked as a reader's software sees them.
"""

from __future__ import annotations

import io
import itertools
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from document_samples import INHABITANTS, SPECIAL, agreement, notice
from opgave_cli.output.document import (
    Address,
    BulletList,
    Cell,
    Document,
    Fields,
    Heading,
    NumberedList,
    Paragraph,
    Signature,
    Table,
    as_cell,
)
from opgave_cli.output.html_doc import BACKGROUNDS, COLOURS, html_page
from opgave_cli.output.markdown_doc import markdown
from opgave_cli.output.pdf import pdf_bytes

AGREEMENT_PAGES = 8
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def notice_pdf() -> bytes:
    return pdf_bytes(notice())


@pytest.fixture(scope="module")
def agreement_pdf() -> bytes:
    return pdf_bytes(agreement())


def _norm(text: str) -> str:
    return " ".join(text.split())


def _expected_text(doc: Document) -> str:
    """What a reader reads, in order: the Document's text as the PDF lays it out."""
    addresses, rest = doc.lead()
    out: list[str] = [line for a in addresses for line in a.lines]
    out += [doc.title, *([doc.subtitle] if doc.subtitle else [])]
    for b in rest:
        if isinstance(b, Heading | Paragraph):
            out.append(b.text)
        elif isinstance(b, Address):
            out += b.lines
        elif isinstance(b, Fields):
            out += [f"{k}: {v}" for k, v in b.rows]
        elif isinstance(b, Table):
            out += [b.caption] if b.caption else []
            for row in (b.head, *b.rows, *([b.foot] if b.foot else [])):
                out += [as_cell(c).text for c in row if as_cell(c).text]
        elif isinstance(b, NumberedList):
            out += [f"{b.start + i}. {x}" for i, x in enumerate(b.items)]
        elif isinstance(b, BulletList):
            out += [f"• {x}" for x in b.items]
        elif isinstance(b, Signature):
            out += [*b.lines, *([b.signer] if b.signer else []), b.label]
    return _norm(" ".join(out))


def _pdf_text(data: bytes, doc: Document, label: str = "Pagina {} van {}") -> str:
    """The text of all pages, each page's foot (footer, page number) checked and cut off."""
    reader = PdfReader(io.BytesIO(data))
    n = len(reader.pages)
    pages = []
    for i, page in enumerate(reader.pages, 1):
        text = _norm(page.extract_text())
        foot = _norm(f"{doc.footer or ''} {label.format(i, n)}")
        assert text.endswith(foot), (i, text[-120:])
        pages.append(text[: -len(foot)])
    return _norm(" ".join(pages))


# --- PDF: the file ----------------------------------------------------------------------------


def test_pdf_pages_are_a4_and_counted(notice_pdf: bytes, agreement_pdf: bytes) -> None:
    assert notice_pdf.startswith(b"%PDF-")
    for data, count in ((notice_pdf, 1), (agreement_pdf, AGREEMENT_PAGES)):
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) == count
        for page in reader.pages:
            box = page.mediabox
            assert (round(float(box.width), 2), round(float(box.height), 2)) == (595.28, 841.89)


def test_pdf_embeds_its_fonts(agreement_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(agreement_pdf))
    names = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert font["/Subtype"] == "/Type0"  # never one of the standard 14 (Type1)
            for descendant in font["/DescendantFonts"]:
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                assert descriptor["/FontFile2"].get_object().get_data()[:4] == b"\0\1\0\0"
            names.add(str(font["/BaseFont"]).split("+", 1)[1])
    assert names == {"DejaVuSansBook", "DejaVuSansBold"}


def test_pdf_metadata(notice_pdf: bytes, agreement_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(notice_pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == "Bijdrage 2024 aan de opgave Productieve regio"
    assert reader.metadata.creator == "opgave"
    assert reader.metadata["/CreationDate"] == "D:20240315000000Z"  # Document.date
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"
    reader = PdfReader(io.BytesIO(agreement_pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == "Opgaveovereenkomst Productieve regio 2023 – 2024"
    assert "/CreationDate" not in reader.metadata  # no date: none, rather than today


def test_pdf_is_deterministic(notice_pdf: bytes, agreement_pdf: bytes) -> None:
    assert pdf_bytes(notice()) == notice_pdf
    assert pdf_bytes(agreement()) == agreement_pdf


# --- PDF: the text ----------------------------------------------------------------------------


def test_pdf_notice_text_in_reading_order(notice_pdf: bytes) -> None:
    text = _pdf_text(notice_pdf, notice())
    assert text == _expected_text(notice())
    assert "Betalingskenmerk: RF18 5390 0754 7034" in text
    assert "Uw bijdrage over 2024 € 11.042,25" in text  # the foot row, as one line


def test_pdf_agreement_text_in_reading_order(agreement_pdf: bytes) -> None:
    doc = agreement()
    text = _pdf_text(agreement_pdf, doc)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    heads = [_norm(" ".join(t.head)) for t in tables]
    # A table's head is repeated on every page it runs onto, and only there.
    assert [text.count(h) for h in heads] == [2, 2]
    expected = _expected_text(doc)
    for head in heads:
        text, expected = text.replace(head, ""), expected.replace(head, "")
    assert _norm(text) == _norm(expected)
    assert set(SPECIAL) <= set(text)
    for word in ("ideeën", "Düsseldorf", "geïnd", "dóór", "Rĳkswaterstaat", "Schmidt-Çelik"):
        assert word in text
    # Each row of the contribution table on one line, left to right, rows in order.
    rows = [_norm(" ".join(as_cell(c).text for c in row)) for row in tables[0].rows]
    positions = [text.index(row) for row in rows]
    assert positions == sorted(positions)
    assert len(rows) == len(INHABITANTS) and rows[0] == "Arnhem 165.770 20,67 % € 51.679,10"
    assert "Totaal 801.920 100,00 % € 250.000,00" in text


def test_pdf_head_repeats_on_the_next_page(agreement_pdf: bytes) -> None:
    page = _norm(PdfReader(io.BytesIO(agreement_pdf)).pages[2].extract_text())
    assert page.startswith("Gemeente Inwoners op 1 januari 2023 Aandeel Bijdrage 2024 ")
    assert page.endswith(f"Pagina 3 van {AGREEMENT_PAGES}")


def test_pdf_english_page_numbers() -> None:
    doc = Document("Contribution 2024", "en", (Paragraph("One page."),), footer="GMR")
    data = pdf_bytes(doc)
    assert _pdf_text(data, doc, "Page {} of {}") == "Contribution 2024 One page."
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "en-GB"


# --- HTML -------------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def count(self, tag: str, **attrs: str) -> int:
        return sum(t == tag and all(a.get(k) == v for k, v in attrs.items()) for t, a in self.tags)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_html_structure() -> None:
    doc = agreement()
    page = html_page(doc)
    assert page.startswith('<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">')
    p = _parse(page)
    csp = "default-src 'none'; style-src 'unsafe-inline'"
    assert p.count("meta", **{"http-equiv": "Content-Security-Policy", "content": csp}) == 1
    assert p.count("h1") == 1 and p.count("main") == 1 and p.count("footer") == 1
    levels = [int(t[1]) for t, _ in p.tags if t in ("h1", "h2", "h3")]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels))
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert p.count("table") == p.count("caption") == p.count("thead") == len(tables)
    assert p.count("th", scope="col") == sum(len(t.head) for t in tables)
    rows = sum(len(t.rows) + (t.foot is not None) for t in tables)
    assert p.count("th", scope="row") == rows and p.count("tfoot") == 1
    assert p.count("td", **{"class": "num"}) == 3 * (len(INHABITANTS) + 1)
    assert p.count("td", **{"class": "ok"}) == 2  # "ondertekend", in words as well
    assert p.count("table", id="bijdragen") == 1
    assert p.count("ul") == 1 and p.count("ol") == 5
    assert p.count("div", **{"class": "signature"}) == len(INHABITANTS) + 1
    assert "<script" not in page.lower() and "<link" not in page.lower()
    for _, attrs in p.tags:
        assert not any("http" in (v or "").lower() for v in attrs.values())
    assert "@media print" in page and "size: A4" in page


def test_html_notice_address_and_fields() -> None:
    p = _parse(html_page(notice()))
    tags = [t for t, _ in p.tags]
    # The addressee comes first, above the title.
    assert tags[:10] == ["html", "head", "meta", "meta", "meta", "title", "style", "body", "main",
                         "address"]  # fmt: skip
    assert p.count("dl", **{"class": "fields"}) == 2 and p.count("dt") == 7
    assert "Betalingskenmerk:" in p.text and "RF18 5390 0754 7034" in p.text


def test_html_escapes_every_value() -> None:
    doc = Document(
        title=HOSTILE,
        lang="en",
        subtitle=HOSTILE,
        footer=HOSTILE,
        blocks=(
            Address((HOSTILE,)),
            Heading(HOSTILE),
            Paragraph(f'"{HOSTILE}" & <img src=x onerror=alert(1)>'),
            Fields(((HOSTILE, HOSTILE),)),
            Table(
                (HOSTILE, "b"),
                ((Cell(HOSTILE, "warn"), HOSTILE),),
                foot=(HOSTILE, ""),
                caption=HOSTILE,
            ),
            NumberedList((HOSTILE,)),
            BulletList((HOSTILE,)),
            Signature((HOSTILE,), signer=HOSTILE, label=HOSTILE),
        ),
    )
    page = html_page(doc)
    assert "<script" not in page and "<img" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 19  # <title> too
    p = _parse(page)
    assert "".join(p.text).count(HOSTILE) == 19
    assert p.count("html", lang="en") == 1


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_html_colours_have_contrast() -> None:
    for fg in COLOURS.values():
        for bg in BACKGROUNDS.values():
            high, low = sorted((_luminance(fg), _luminance(bg)), reverse=True)
            assert (high + 0.05) / (low + 0.05) >= 4.5, (fg, bg)


# --- Markdown ---------------------------------------------------------------------------------

NOTICE_MD = """\
Aan het college van burgemeester en wethouders\\
van de gemeente Berg en Dal\\
Postbus 20\\
6570 AA Groesbeek

# Bijdrage 2024 aan de opgave Productieve regio

**Datum:** 15 maart 2024\\
**Ons kenmerk:** GMR/PR/2024-02

Geacht college,

Op grond van artikel 3 van de Opgaveovereenkomst Productieve regio 2023 – 2024 draagt uw \
gemeente bij aan de opgave. Uw bijdrage over 2024 is uw aandeel in het inwonertal van de 18 \
deelnemende gemeenten op 1 januari 2023, toegepast op het bedrag van € 250.000,00 uit de \
vastgestelde begroting 2024.

**Berekening van uw bijdrage**

| Berekening | Bedrag |
| --- | ---: |
| Bedrag opgave Productieve regio 2024 | € 250.000,00 |
| Inwoners van Berg en Dal op 1 januari 2023 | 35.420 |
| Inwoners van de 18 gemeenten op 1 januari 2023 | 801.920 |
| Aandeel van Berg en Dal | 4,42 % |
| **Uw bijdrage over 2024** | **€ 11.042,25** |

Wij verzoeken u € 11.042,25 vóór 15 april 2024 over te maken, onder vermelding van het \
betalingskenmerk:

**Bedrag:** € 11.042,25\\
**IBAN:** NL91 BNGH 0285 1710 48\\
**Ten name van:** Groene Metropoolregio Arnhem-Nijmegen\\
**Betalingskenmerk:** RF18 5390 0754 7034\\
**Uiterste betaaldatum:** 15 april 2024

Hebt u vragen over deze bijdrage? Neem dan contact op met het team Financiën van de Groene \
Metropoolregio, telefoon 024 329 72 00.

Met vriendelijke groet,

namens het dagelijks bestuur van de Groene Metropoolregio Arnhem-Nijmegen,

drs. A. Schmidt-Çelik, secretaris

---

Groene Metropoolregio Arnhem-Nijmegen – Postbus 1355 – 6501 BJ Nijmegen
"""


def test_markdown_notice() -> None:
    assert markdown(notice()) == NOTICE_MD


def test_markdown_escapes() -> None:
    doc = Document(
        title="# Titel *met* [link](x)",
        lang="nl",
        date=date(2024, 1, 1),
        blocks=(
            Paragraph("2024. Een jaartal vooraan maakt geen lijst"),
            Paragraph("- geen opsomming, &amp; geen entiteit, a_b_c ~~x~~"),
            Table(("Naam", "Bedrag"), (("A | B", "€ 1,00"),), numeric=frozenset({1})),
            Signature(("Ondertekend op……….., te………",), signer="<b>Jan</b>"),
        ),
    )
    assert markdown(doc) == (
        "# \\# Titel \\*met\\* \\[link\\](x)\n\n"
        "2024\\. Een jaartal vooraan maakt geen lijst\n\n"
        "\\- geen opsomming, \\&amp; geen entiteit, a\\_b\\_c \\~\\~x\\~\\~\n\n"
        "| Naam | Bedrag |\n| --- | ---: |\n| A \\| B | € 1,00 |\n\n"
        "Ondertekend op……….., te………\\\n\\<b\\>Jan\\</b\\>\\\n(naam) (handtekening)\n"
    )


# --- the model, and what imports what ---------------------------------------------------------


def test_model_refuses_what_no_writer_can_show() -> None:
    with pytest.raises(ValueError, match="level 2 or 3"):
        Heading("x", 1)
    with pytest.raises(ValueError, match="skips a level"):
        Document("t", "nl", (Heading("x", 3),))
    with pytest.raises(ValueError, match="'nl' or 'en'"):
        Document("t", "de", ())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="a row of 1 cells"):
        Table(("a", "b"), (("x",),))
    with pytest.raises(ValueError, match="not a table id"):
        Table(("a",), (), id='x" onclick="y')
    with pytest.raises(ValueError, match="style"):
        Cell("x", "red")  # type: ignore[arg-type]


def test_fpdf_is_imported_only_by_the_pdf_writer() -> None:
    code = (
        "import sys, opgave_cli.output.document, opgave_cli.output.html_doc, "
        "opgave_cli.output.markdown_doc; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fpdf', 'fontTools')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
