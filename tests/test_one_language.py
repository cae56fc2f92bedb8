"""One language at a time (issue #22, "done means"): under LANG=nl_NL.UTF-8 the screens
a civil servant meets hold no English sentence, and under LANG=C no Dutch one, except
the agreement's own words and names (which come from the data, and are taken out
before the words are counted). The real program runs, with only the locale to choose
the language.

A sentence is found by its function words: words that occur in one language's
sentences and never in the other's (not "in", "is", "op", "en": both or neither). The
domain words that are Dutch in both languages (gemeente, speerpunt, burgemeester,
opgave) are not in the lists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import processes
from opgave_cli.domain.models import COUNTERPARTY_CAPACITIES, GEMEENTE_CAPACITIES

ENGLISH = frozenset(
    [
        "the",
        "and",
        "has",
        "have",
        "not",
        "signed",
        "unsigned",
        "must",
        "with",
        "to",
        "are",
        "this",
        "that",
        "for",
        "from",
        "by",
        "at",
        "or",
        "yet",
        "been",
        "which",
        "what",
        "who",
        "each",
        "every",
        "paid",
        "due",
        "outstanding",
        "total",
        "share",
        "date",
        "place",
        "signatory",
        "usage",
        "options",
        "show",
        "message",
        "exit",
        "error",
        "warning",
        "here",
        "give",
        "file",
        "line",
        "expected",
        "got",
        "amount",
        "inhabitants",
        "contribution",
        "agreement",
        "municipality",
        "municipalities",
        "years",
        "year",
        "until",
        "made",
        "shown",
        "nothing",
        "none",
        "than",
        "more",
        "should",
        "only",
        "one",
    ]
)
DUTCH = frozenset(
    [
        "de",
        "het",
        "een",
        "van",
        "niet",
        "nog",
        "heeft",
        "hebben",
        "wordt",
        "voor",
        "naar",
        "met",
        "bij",
        "geen",
        "ondertekend",
        "betaald",
        "verschuldigd",
        "openstaand",
        "looptijd",
        "bijdrage",
        "bijdragen",
        "totaal",
        "datum",
        "plaats",
        "fout",
        "waarschuwing",
        "gebruik",
        "opties",
        "toon",
        "deze",
        "dit",
        "wie",
        "wat",
        "tot",
        "uit",
        "aan",
        "ook",
        "maar",
        "dus",
        "om",
        "gemaakt",
        "inwoners",
        "aandeel",
        "jaar",
        "bedrag",
        "overeenkomst",
        "getoond",
        "moet",
    ]
)
LOCALE = ("OPGAVE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")  # LANG is set


def data_strings(data: Path) -> list[str]:
    """Every text in the data files, longest first: the agreement's own words."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            found.append(" ".join(value.split()))

    for name in ("agreement.yaml", "gemeenten.yaml"):
        walk(yaml.safe_load((data / name).read_text(encoding="utf-8")))
    # The values a signature's capacity takes are the agreement's words too.
    found += [*GEMEENTE_CAPACITIES, *COUNTERPARTY_CAPACITIES]
    return sorted(set(found), key=len, reverse=True)


def words(output: str, data: Path) -> set[str]:
    """The words of ``output`` outside the data's own texts, option names, commands in
    backquotes, file names and paths into the data."""
    text = " ".join(output.split())
    for own in data_strings(data):
        if len(own) > 2:
            text = text.replace(own, " ")
    text = re.sub(r"`[^`]*`|--?[a-z][a-z-]*|\S+\.(yaml|pdf|html|md|csv)\b", " ", text)
    # gemeenten[arnhem].signature.date, a CSV's columns (party,date,place), 1.234,56
    text = re.sub(r"\S*[\[\]._/]\S*|\S*,(?=\S)\S*", " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", text)}


@pytest.fixture
def root(tmp_path: Path) -> Iterator[Path]:
    root = processes.project(tmp_path)
    agreement = root / "data" / "agreement.yaml"
    agreement.write_text(
        agreement.read_text(encoding="utf-8").replace(
            "amounts: {}", 'amounts: {2023: {total: "250000.00", inhabitants_at: 2022-01-01}}'
        ),
        encoding="utf-8",
    )
    yield root


def screens(root: Path, lang: str) -> dict[str, str]:
    """What each screen of the issue's list prints, in the locale ``lang``."""
    env = processes.environment(root, unset=LOCALE, LANG=lang)

    def out(*args: str) -> str:
        ran = processes.run(list(args), root, env=env)
        return ran.stdout + ran.stderr

    shown = {
        "status": out("status"),
        "--help": out("--help"),
        "sign --help": out("sign", "--help"),
        "refused sign": out("sign", "arnhem", "--date", "2024-01-01"),
        "contributions": out("contributions"),
        "report": out("report"),
        "pay --help": out("pay", "--help"),
    }
    gemeenten = root / "data" / "gemeenten.yaml"
    gemeenten.write_text(
        gemeenten.read_text(encoding="utf-8").replace("cbs_code: GM0202", "cbs_code: GM202"),
        encoding="utf-8",
    )
    shown["check on broken data"] = out("check")
    return shown


def test_in_dutch_no_english_sentence(root: Path) -> None:
    shown = screens(root, "nl_NL.UTF-8")
    english = {name: sorted(words(text, root / "data") & ENGLISH) for name, text in shown.items()}
    assert english == {name: [] for name in shown}
    assert "Gebruik: opgave" in shown["--help"]  # the language was chosen: Dutch
    assert shown["refused sign"].startswith("opgave: fout: ")


def test_in_english_no_dutch_sentence(root: Path) -> None:
    shown = screens(root, "C")
    # A document is in the agreement's language whatever the terminal's (DESIGN.md: "so
    # a report made in CI is Dutch"): under LANG=C the report is Dutch, all of it.
    report = shown.pop("report")
    assert words(report, root / "data") & ENGLISH == set()
    assert report.startswith("# Opgaveovereenkomst Productieve regio 2023 - 2024\n\nLooptijd")
    dutch = {name: sorted(words(text, root / "data") & DUTCH) for name, text in shown.items()}
    assert dutch == {name: [] for name in shown}
    assert "Usage: opgave" in shown["--help"]
    assert shown["refused sign"].startswith("opgave: error: ")
