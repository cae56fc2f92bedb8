"""`opgave report` (Markdown and a self-contained HTML page) and `opgave render`."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from browser import CHROMIUM, browser_own, chromium
from conftest import Run
from opgave_cli.loader import load
from opgave_cli.output.agreement_text import render_agreement


def sign_with_markup(run: Run) -> None:
    result = run(
        "sign", "arnhem", "--date", "2023-02-01", "--place", "Arnhem",
        "--signatory", "<script>alert(1)</script> & <img src=http://example.invalid/x.png>",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_markdown_report_in_the_agreements_language(run: Run) -> None:
    """A document for the jaarverslag: in the agreement's language (nl) unless --lang
    says otherwise, dates as a reader writes them (and never split), no file names."""
    run("sign", "nijmegen", "--date", "2023-03-15", "--place", "Nijmegen", "--signatory", "J|J")
    result = run("report")
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith(
        "# Opgaveovereenkomst Productieve regio 2023 - 2024\n\n"
        "Looptijd: tot en met 31 december 2024. Gemaakt op 1 juni 2023.\n"
    )
    assert "1 van de 18 gemeenten heeft ondertekend; medeondertekening door de GMR: nog " in md
    assert "| Nijmegen | ondertekend | 15 maart 2023 | Nijmegen | J\\|J |  |  |" in md
    assert "| Arnhem | nog niet ondertekend |  |  |  |  |  |" in md
    assert "| Nijmegen | 189.871 | 23,17 % |" in md
    assert "| **Totaal** | **819.528** | **100,00 %** |" in md
    assert "agreement.yaml" not in md and "gemeenten.yaml" not in md and "../" not in md
    assert (
        "### iii. Doorontwikkeling van Health, Hightech & Energy tot (inter)nationale "
        "clusters\n\n1. deelnemen aan regionale, nationale en Europese netwerken." in md
    )
    assert md.count("\n1. ") == 4


def test_the_report_in_english_with_lang(run: Run) -> None:
    md = run("report", "--lang", "en").stdout
    assert md.startswith(
        "# Opgaveovereenkomst Productieve regio 2023 - 2024\n\n"
        "Term: until 2024-12-31. Made on 2023-06-01.\n\n## Signatures\n\n"
        "0 of 18 municipalities have signed; the countersignature of the GMR: not yet signed."
    )
    # OPGAVE_LANG=en (the tests' environment) is the terminal's language, not --lang.
    assert run("report").stdout.startswith(
        "# Opgaveovereenkomst Productieve regio 2023 - 2024\n\nLooptijd"
    )


def test_report_shows_amounts_for_the_years_the_data_has(run: Run, data_dir: Path) -> None:
    path = data_dir / "agreement.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "amounts: {}",
            'amounts: {2023: {total: "100000.00", inhabitants_at: 2022-01-01}, '
            '2024: {total: "120000.00", inhabitants_at: 2026-01-01}}',
        ),
        encoding="utf-8",
    )
    md = run("report").stdout
    # One basis per table: each year at its own date; no shares at another date beside.
    assert "Aandeel naar inwonertal op" not in md
    assert (
        "| Gemeente | Inwoners op 1 januari 2022 | Aandeel | Verschuldigd | Betaald | Openstaand |"
    ) in md
    assert "| Nijmegen | 179.100 | 22,57 % | € 22.568,95 | € 0,00 | € 22.568,95 |" in md
    assert "| **Totaal** | **793.568** | **100,00 %** | **€ 100.000,00** | **€ 0,00** |" in md
    assert "| Gemeente | Inwoners op 1 januari 2026 |" in md
    assert "| **Totaal** | **819.528** | **100,00 %** | **€ 120.000,00** | **€ 0,00** |" in md


def test_report_names_the_git_revision_of_the_data(run: Run, project: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(project), *args], check=True, capture_output=True, text=True
        ).stdout.strip()

    git("init", "-q")
    git("add", "data")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "data")
    revision = git("rev-parse", "--short", "HEAD")
    english = run("report", "--lang", "en").stdout
    assert f"Made on 2023-06-01 from data revision {revision}." in english
    assert f"uit gegevensversie {revision}." in run("report").stdout
    run("sign", "arnhem", "--date", "2023-02-01")
    assert (
        f"from data revision {revision} (with uncommitted changes)."
        in run("report", "--lang", "en").stdout
    )


def test_html_report_escapes_every_value(run: Run) -> None:
    sign_with_markup(run)
    page = run("report", "--format", "html").stdout
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=http://example.invalid" in page
    assert not re.search(r"(src|href)\s*=|url\(|@import", page.replace("src=http", "")), (
        "the page must not load anything"
    )


def test_report_to_a_file(run: Run, project: Path) -> None:
    result = run("report", "--format", "html", "-o", "out/report.html")
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", "Wrote out/report.html\n")
    assert (
        (project / "out" / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    )


def test_unknown_report_format_is_a_usage_error(run: Run) -> None:
    result = run("report", "--format", "docx")
    assert (result.exit_code, result.stderr) == (
        2,
        "opgave: error: --format must be markdown, html or pdf, got 'docx'\n",
    )


def test_pdf_report_reads_back(run: Run, project: Path) -> None:
    """A4, fonts embedded, the Dutch text and the figures extractable."""
    from pypdf import PdfReader

    run("sign", "arnhem", "--date", "2023-02-01", "--place", "Arnhem", "--signatory", "Çelik")
    result = run("report", "--format", "pdf", "-o", "report.pdf")
    assert (result.exit_code, result.stderr) == (0, "Wrote report.pdf\n")
    reader = PdfReader(project / "report.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Opgaveovereenkomst Productieve regio 2023 - 2024" in text
    assert "Arnhem ondertekend 1 februari 2023 Arnhem Çelik" in text
    assert "Nijmegen 189.871 23,17 %" in text
    assert "Totaal 819.528 100,00 %" in text
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    fonts = {f["/BaseFont"] for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVu" in str(f) for f in fonts)


def test_a_pdf_is_not_written_to_a_terminal(tmp_path: Path) -> None:
    """The real program with a pseudo-terminal as stdout: refused, nothing written to the
    screen; to a pipe, the bytes go as they are."""
    import os
    import pty

    import processes

    root = processes.project(tmp_path)
    main, secondary = pty.openpty()
    try:
        on_screen = processes.run(["report", "--format", "pdf"], root, stdout=secondary)
    finally:
        os.close(secondary)
    os.set_blocking(main, False)
    try:
        screen = os.read(main, 1 << 16)
    except OSError:  # nothing was written (or the terminal is already closed)
        screen = b""
    os.close(main)
    assert (on_screen.code, on_screen.stderr, screen) == (
        2,
        "opgave: error: a PDF is not for the terminal: give -o FILE\n",
        b"",
    )
    piped = processes.run(["report", "--format", "pdf"], root)
    assert (piped.code, piped.stderr, piped.raw_stdout[:5]) == (0, "", b"%PDF-")


def test_render_prints_the_agreement_from_the_data(run: Run, data_dir: Path) -> None:
    run("sign", "arnhem", "--date", "2023-02-01", "--place", "Arnhem", "--signatory", "A. M.")
    result = run("render")
    assert result.exit_code == 0
    assert result.stdout == render_agreement(*load(data_dir))
    assert "Ondertekend op 1 februari 2023, te Arnhem\n\nDe gemeente Arnhem," in result.stdout
    out = run("render", "-o", "agreement.txt")
    assert (out.exit_code, out.stderr) == (0, "Wrote agreement.txt\n")


def test_status_csv(run: Run) -> None:
    run("sign", "gmr", "--date", "2023-03-01", "--place", "Nijmegen")
    result = run("status", "--csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 19
    assert rows[0] == {
        "slug": "arnhem",
        "name": "Arnhem",
        "party": "gemeente",
        "signed": "no",
        "date": "",
        "place": "",
        "signatory": "",
        "capacity": "",
    }
    assert rows[-1] == {
        "slug": "gmr",
        "name": "GMR",
        "party": "counterparty",
        "signed": "yes",
        "date": "2023-03-01",
        "place": "Nijmegen",
        "signatory": "H.M.F. Bruls",
        "capacity": "voorzitter",
    }
    assert len(list(csv.DictReader(io.StringIO(run("status", "--csv", "--unsigned").stdout)))) == 18
    assert run("status", "--csv", "--json").exit_code == 2


# --- the HTML page in a real browser --------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_html_report_in_headless_chromium(
    run: Run, project: Path, proxy: tuple[str, list[str]]
) -> None:
    proxy_url, seen = proxy
    # The harness sees a page that does load something from the network...
    leaky = project / "leaky.html"
    leaky.write_text('<img src="http://example.invalid/x.png">', encoding="utf-8")
    chromium(leaky, proxy_url, "--dump-dom", "--virtual-time-budget=3000")
    assert [r for r in seen if not browser_own(r)], "the proxy missed the control's request"
    seen.clear()

    # ... and none from the report, even with markup in the data.
    sign_with_markup(run)
    assert run("report", "--format", "html", "-o", "report.html").exit_code == 0
    page = project / "report.html"
    dom = chromium(page, proxy_url, "--dump-dom", "--virtual-time-budget=3000")
    shot = project / "report.png"
    chromium(page, proxy_url, f"--screenshot={shot}", "--window-size=1100,2600")

    title = re.search(r"<title>(.*?)</title>", dom)
    assert title and title.group(1) == "Opgaveovereenkomst Productieve regio 2023 - 2024"
    status = dom[dom.index('<table id="status">') :]
    status = status[: status.index("</table>")]
    assert status.count("<tr>") == 1 + 18  # the header and one row per municipality
    assert "<script>alert" not in dom
    assert [r for r in seen if not browser_own(r)] == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000


@pytest.mark.parametrize("target", ["data/gemeenten.yaml", "data/agreement.yaml"])
def test_a_document_never_overwrites_the_data(run: Run, data_dir: Path, target: str) -> None:
    before = (data_dir.parent / target).read_bytes()
    for command in (["report"], ["render"]):
        result = run(*command, "-o", target)
        assert (result.exit_code, result.stderr) == (
            2,
            f"opgave: error: -o {target} is a data file; write the document somewhere else\n",
        )
    assert (data_dir.parent / target).read_bytes() == before


def test_a_document_needs_a_file_name_not_a_folder(run: Run, project: Path) -> None:
    result = run("report", "-o", "data")
    assert (result.exit_code, result.stderr) == (
        2,
        "opgave: error: -o data is a folder; give a file name\n",
    )
