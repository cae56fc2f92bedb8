"""The published HTML pages meet WCAG 2.1 A and AA (issue #22): axe-core, the engine
behind most accessibility checkers, runs in headless Chromium on the report and the
overview, in Dutch and in English, and finds no violation. A page with known faults is
the control: the harness must find them.

axe-core comes from npm (.ci/node/package.json, installed by .ci/run); $AXE_CORE_JS
names another copy. The page under test is a copy with the axe script added inline and
the Content-Security-Policy taken out for that copy only (the policy forbids scripts,
as it should); nothing else of the page changes."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest

from browser import CHROMIUM, browser_own, chromium
from conftest import Run

ROOT = Path(__file__).resolve().parent.parent
AXE = Path(os.environ.get("AXE_CORE_JS", ROOT / ".ci/node/node_modules/axe-core/axe.min.js"))
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')
RUN_AXE = """
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                   resultTypes: ["violations"]})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact,
                                     nodes: v.nodes.map(n => n.target.join(" "))})))
  .catch(e => [{id: "axe-failed", impact: "critical", nodes: [String(e)]}])
  .then(found => {
    const out = document.createElement("pre");
    out.id = "axe-result";
    out.textContent = JSON.stringify(found);
    document.body.appendChild(out);
  });
"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (see .ci/run)"),
    pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed (see .ci/run)"),
]


def violations(page: Path, proxy_url: str, seen: list[str]) -> list[dict[str, object]]:
    """axe's WCAG 2.1 A/AA violations on ``page``, and that it asked nothing of the net."""
    source = page.read_text(encoding="utf-8")
    assert CSP.search(source), "the page has lost its Content-Security-Policy"
    checked = CSP.sub("", source, count=1).replace(
        "</body>", f"<script>{AXE.read_text(encoding='utf-8')}</script><script>{RUN_AXE}"
        "</script></body>",
    )  # fmt: skip
    copy = page.with_name(page.stem + ".axe.html")
    copy.write_text(checked, encoding="utf-8")
    dom = chromium(copy, proxy_url, "--dump-dom", "--virtual-time-budget=20000")
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', dom, re.S)
    assert found, "axe did not report (the page's script did not run)"
    assert [r for r in seen if not browser_own(r)] == []
    result: list[dict[str, object]] = json.loads(html.unescape(found.group(1)))
    return result


def test_the_harness_finds_known_faults(project: Path, proxy: tuple[str, list[str]]) -> None:
    faulty = project / "faulty.html"
    faulty.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'\"><title>x</title></head><body>"
        '<p style="color:#bbb;background:#fff">te licht</p>'
        "<table><tr><td>a</td></tr></table><input></body></html>",
        encoding="utf-8",
    )
    ids = {str(v["id"]) for v in violations(faulty, *proxy)}
    assert {"html-has-lang", "color-contrast", "label"} <= ids


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_has_no_violation(
    run: Run, project: Path, proxy: tuple[str, list[str]], data_dir: Path, lang: str
) -> None:
    # A full page: signatures of every kind, amounts, payments, one not taking part.
    agreement = data_dir / "agreement.yaml"
    agreement.write_text(
        agreement.read_text(encoding="utf-8").replace(
            "amounts: {}", 'amounts: {2023: {total: "250000.00", inhabitants_at: 2022-01-01}}'
        ),
        encoding="utf-8",
    )
    for args in (
        ["sign", "arnhem", "--date", "2023-02-01", "--place", "Arnhem", "--signatory", "A. Çelik"],
        ["sign", "nijmegen", "--date", "2023-02-03", "--capacity", "namens de burgemeester"],
        ["sign", "gmr", "--date", "2023-03-01"],
        ["pay", "arnhem", "--year", "2023", "--amount", "60000", "--date", "2023-04-01"],
        ["pay", "duiven", "--year", "2023", "--amount", "100", "--date", "2023-04-02"],
    ):
        assert run(*args).exit_code == 0, args
    out = f"report-{lang}.html"
    assert run("report", "--format", "html", "--lang", lang, "-o", out).exit_code == 0
    assert violations(project / out, *proxy) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_overview_has_no_violation(
    run: Run, project: Path, proxy: tuple[str, list[str]], data_dir: Path, lang: str
) -> None:
    assert run("sign", "arnhem", "--date", "2023-02-01").exit_code == 0
    out = f"overview-{lang}.html"
    result = run(
        "report", "--overview", str(data_dir), "--format", "html", "--lang", lang, "-o", out
    )
    assert result.exit_code == 0, result.stderr
    assert violations(project / out, *proxy) == []
