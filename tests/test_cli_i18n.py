"""The command line in Dutch and English (issue #22): the help and every word that Typer
and Click print themselves, their usage errors and the app's own, the choice of the
language on the command line, and the classes that make it so (every command and
parameter of the app, read without pydantic)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import typer
import typer.main
from babel.messages.pofile import read_po

from conftest import Run
from opgave_cli import i18n
from opgave_cli.cli import app
from opgave_cli.cli.commands import I18nCommand, I18nGroup
from opgave_cli.cli.params import I18nArgument, I18nOption, lean_reader
from test_catalogue import PO

# Typer's own environment, for the help: as wide as the run fixture makes it (COLUMNS=100
# gives click's 78 columns).
HELP_EN = """\
Usage: opgave [OPTIONS] COMMAND [ARGS]...

  Track who has signed an agreement between municipalities and their region (an
  opgaveovereenkomst), and what each municipality contributes.

Options:
  --data-dir FOLDER     Folder with agreement.yaml, gemeenten.yaml and
                        payments.yaml [default: the nearest data/ at or above
                        the current folder].  [env var: OPGAVE_DATA_DIR]
  --lang nl|en          Language of the output: nl (Dutch) or en (English)
                        [default: $OPGAVE_LANG, else the locale's (LANGUAGE,
                        LC_ALL, LC_MESSAGES, LANG), else en].
  --version             Show the version.
  --install-completion  Install completion for the current shell.
  --show-completion     Show completion for the current shell, to copy it or
                        customize the installation.
  -h, --help            Show this message and exit.

Commands:
  status         Who has signed, and when, where and by whom; the term.
  speerpunten    The speerpunten and their numbered activities (section 2).
  budget         Each municipality's share of the contribution.
  overview       Several agreements at once: who has signed which.
  check          Validate the data files: every problem, with its line.
  schema         Write JSON Schemas of the data files.
  report         The register as a document: Markdown, HTML or PDF.
  render         The agreement text, regenerated in Dutch from the data.
  sign           Record a signature in the data (one line changes).
  amend          Correct only the given fields of a recorded signature;...
  unsign         Remove a recorded signature (a correction).
  pay            Record a payment in the ledger, payments.yaml (one line is...
  contributions  What each municipality owes per year, has paid, and has...
  log            The audit trail: every recorded change of a signature and...
  verify         Recompute the SHA-256 of every recorded evidence file.
  inhabitants    Inhabitants at 1 January, from CBS table 03759ned.
"""

SIGN_HELP_EN = """\
Usage: opgave sign [OPTIONS] [PARTY]

  Record a signature in the data (one line changes).

  Example: opgave sign arnhem --date 2023-02-01 --place Arnhem --signatory "A.
  Marcouch"

Arguments:
  PARTY  Slug or name of a municipality (any case, spaces or hyphens, or a
         unique start), or the counterparty's slug for its countersignature.

Options:
  --date YYYY-MM-DD  Date of signing [default: today].
  --place TEXT       Where it was signed: the "te ..." of the block.
  --signatory NAME   Name of the person who signed.
  --capacity TEXT    burgemeester or 'namens de burgemeester' (the counterparty:
                     voorzitter), in any case.
  --evidence FILE    The scanned signed page, inside the data's repository: its
                     path and SHA-256 are recorded.
  --from FILE        Record every row of this CSV
                     (party,date,place,signatory,capacity) in one write, or
                     nothing.
  --force            Replace a recorded signature (needs --date).
  --dry-run          Print the change as a diff; write nothing.
  -h, --help         Show this message and exit.
"""

HELP_NL = """\
Gebruik: opgave [OPTIES] OPDRACHT [ARGUMENTEN]...

  Houd bij wie een overeenkomst tussen gemeenten en hun regio (een
  opgaveovereenkomst) heeft ondertekend, en wat elke gemeente bijdraagt.

Opties:
  --data-dir MAP        Map met agreement.yaml, gemeenten.yaml en payments.yaml
                        [standaard: de dichtstbijzijnde map data/ in of boven de
                        huidige map].  [omgevingsvariabele: OPGAVE_DATA_DIR]
  --lang nl|en          Taal van de uitvoer: nl (Nederlands) of en (Engels)
                        [standaard: $OPGAVE_LANG, anders de taal van het systeem
                        (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), anders en].
  --version             Toon het versienummer.
  --install-completion  Installeer aanvullen met Tab voor de huidige shell.
  --show-completion     Toon het aanvulscript voor de huidige shell, om het te
                        kopiëren of de installatie aan te passen.
  -h, --help            Toon deze hulp en stop.

Opdrachten:
  status         Wie heeft ondertekend, wanneer, waar en door wie.
  speerpunten    De speerpunten en hun genummerde activiteiten (deel 2).
  budget         Het aandeel van elke gemeente in de bijdrage.
  overview       Meerdere overeenkomsten: wie heeft welke ondertekend.
  check          Controleer de gegevensbestanden.
  schema         Schrijf JSON-schema's van de gegevensbestanden.
  report         Het register als document: Markdown, HTML of PDF.
  render         De Nederlandse tekst van de overeenkomst, uit de gegevens.
  sign           Leg een handtekening vast (er verandert één regel).
  amend          Verbeter alleen de opgegeven velden van een handtekening.
  unsign         Verwijder een vastgelegde handtekening (een correctie).
  pay            Leg een betaling vast in payments.yaml.
  contributions  Per gemeente en jaar: verschuldigd, betaald en openstaand.
  log            Het logboek van handtekeningen en betalingen, uit git.
  verify         Bereken opnieuw de SHA-256 van elk vastgelegd bewijsstuk.
  inhabitants    Inwoners op 1 januari, uit tabel 03759ned van het CBS.
"""

SIGN_HELP_NL = """\
Gebruik: opgave sign [OPTIES] [PARTIJ]

  Leg een handtekening vast (er verandert één regel).

  Voorbeeld: opgave sign arnhem --date 2023-02-01 --place Arnhem --signatory "A.
  Marcouch"

Argumenten:
  PARTIJ  Korte naam (slug) of naam van een gemeente (hoofdletters, spaties en
          streepjes maken niet uit; een uniek begin is genoeg), of de korte naam
          van de andere partij voor haar medeondertekening.

Opties:
  --date JJJJ-MM-DD   Datum van ondertekening [standaard: vandaag].
  --place TEKST       Waar is ondertekend: de "te ..." van het
                      ondertekeningsblok.
  --signatory NAAM    Naam van de persoon die heeft ondertekend.
  --capacity TEKST    burgemeester of 'namens de burgemeester' (de andere
                      partij: voorzitter); hoofdletters maken niet uit.
  --evidence BESTAND  De gescande ondertekende pagina, in de repository van de
                      gegevens: het pad en de SHA-256 worden vastgelegd.
  --from BESTAND      Leg elke rij van deze CSV
                      (party,date,place,signatory,capacity) in één keer vast, of
                      niets.
  --force             Vervang een vastgelegde handtekening (met --date).
  --dry-run           Toon de wijziging als diff; schrijf niets.
  -h, --help          Toon deze hulp en stop.
"""


def test_help_in_english(run: Run) -> None:
    assert run("--help").stdout == HELP_EN
    assert run("sign", "--help").stdout == SIGN_HELP_EN


def test_help_in_dutch(run: Run) -> None:
    assert run("--lang", "nl", "--help").stdout == HELP_NL
    assert run("sign", "--help", "--lang=nl").stdout == SIGN_HELP_NL
    assert run("sign", "--help", env={"OPGAVE_LANG": "nl"}).stdout == SIGN_HELP_NL


NO_LOCALE: dict[str, str | None] = dict.fromkeys(
    (i18n.ENV, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"), None
)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "nl_NL.UTF-8"}, HELP_NL),
        ({"LANG": "nl_BE", "LC_ALL": ""}, HELP_NL),
        ({"LANGUAGE": "nl:en", "LANG": "C"}, HELP_NL),
        ({"LANG": "C"}, HELP_EN),
        ({"LANG": "en_GB.UTF-8"}, HELP_EN),
        ({"OPGAVE_LANG": "en", "LANG": "nl_NL.UTF-8"}, HELP_EN),
        ({}, HELP_EN),
    ],
)
def test_the_locale_chooses_the_language(run: Run, environ: dict[str, str], expected: str) -> None:
    assert run("--help", env={**NO_LOCALE, **environ}).stdout == expected


# The words of Typer and Click, and the app's own usage errors, in both languages.
ERRORS = [
    (["status", "--foo"],
     "No such option: --foo (see `opgave status --help`)",
     "Onbekende optie: --foo (zie `opgave status --help`)"),
    (["status", "--jsno"],
     "No such option: --jsno. Did you mean --json? (see `opgave status --help`)",
     "Onbekende optie: --jsno. Bedoelt u --json? (zie `opgave status --help`)"),
    (["status", "--jsn"],
     "No such option: --jsn. Did you mean --csv or --json? (see `opgave status --help`)",
     "Onbekende optie: --jsn. Bedoelt u --csv of --json? (zie `opgave status --help`)"),
    (["unsign"],
     "Missing argument 'PARTY'. (see `opgave unsign --help`)",
     "Argument 'PARTIJ' ontbreekt. (zie `opgave unsign --help`)"),
    (["pay", "arnhem", "--amount", "1", "--date", "2023-03-01"],
     "Missing option '--year'. (see `opgave pay --help`)",
     "Optie '--year' ontbreekt. (zie `opgave pay --help`)"),
    (["pay", "--year", "x", "arnhem"],
     "Invalid value for '--year': 'x' is not a whole number. (see `opgave pay --help`)",
     "Ongeldige waarde voor '--year': 'x' is geen geheel getal. (zie `opgave pay --help`)"),
    (["inhabitants", "import", "--timeout", "x"],
     "Invalid value for '--timeout': 'x' is not a number. "
     "(see `opgave inhabitants import --help`)",
     "Ongeldige waarde voor '--timeout': 'x' is geen getal. "
     "(zie `opgave inhabitants import --help`)"),
    (["nosuch"],
     "No such command 'nosuch'. (see `opgave --help`)",
     "Onbekende opdracht 'nosuch'. (zie `opgave --help`)"),
    (["statu"],
     "No such command 'statu'. Did you mean 'status'? (see `opgave --help`)",
     "Onbekende opdracht 'statu'. Bedoelt u 'status'? (zie `opgave --help`)"),
    (["status", "a"],
     "Got unexpected extra argument (a) (see `opgave status --help`)",
     "Onverwacht extra argument (a) (zie `opgave status --help`)"),
    (["status", "a", "b"],
     "Got unexpected extra arguments (a b) (see `opgave status --help`)",
     "Onverwachte extra argumenten (a b) (zie `opgave status --help`)"),
    (["sign", "arnhem", "--date"],
     "Option '--date' requires an argument. (see `opgave sign --help`)",
     "Optie '--date' heeft een waarde nodig. (zie `opgave sign --help`)"),
    (["status", "--unsigned=yes"],
     "Option '--unsigned' does not take a value. (see `opgave status --help`)",
     "Optie '--unsigned' heeft geen waarde nodig. (zie `opgave status --help`)"),
    (["--data-dir", "data"],
     "Missing command. (see `opgave --help`)",
     "Er ontbreekt een opdracht. (zie `opgave --help`)"),
    # The app's own.
    (["--data-dir", "data", "status", "--data-dir", "data"],
     "--data-dir is given twice; give it once",
     "--data-dir is twee keer gegeven; geef die optie één keer"),
    (["status", "--data-dir"],
     "Option '--data-dir' requires an argument.",
     "Optie '--data-dir' heeft een waarde nodig."),
    (["status", "--json", "--csv"],
     "choose one of --json and --csv",
     "kies één van --json en --csv"),
    (["check", "--format", "xml"],
     "--format must be text, json or github, got 'xml'",
     "--format moet text, json of github zijn, niet 'xml'"),
    (["sign"],
     "Missing argument 'PARTY' or --from FILE.csv (see `opgave sign --help`)",
     "Argument 'PARTIJ' of --from BESTAND.csv ontbreekt (zie `opgave sign --help`)"),
    (["sign", "arnhem", "--from", "x.csv"],
     "--from takes every value from the file; PARTY goes without it",
     "--from neemt elke waarde uit het bestand; PARTIJ kan er niet bij"),
    (["amend", "arnhem"],
     "nothing to amend: give --date, --place, --signatory, --capacity, --evidence or "
     "--clear FIELD",
     "niets te verbeteren: geef --date, --place, --signatory, --capacity, --evidence of "
     "--clear VELD"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "english", "dutch"), ERRORS, ids=lambda a: str(a))
def test_usage_errors_in_both_languages(
    run: Run, args: list[str], english: str, dutch: str
) -> None:
    for env, line in (
        ({"OPGAVE_LANG": "en"}, f"opgave: error: {english}\n"),
        ({"OPGAVE_LANG": "nl"}, f"opgave: fout: {dutch}\n"),  # the boundary's prefix too
    ):
        result = run(*args, env=env)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", line)
    assert run("--lang", "nl", *args).stderr == f"opgave: fout: {dutch}\n"


def test_lang_is_nl_or_en_else_a_usage_error_in_the_language_chosen_otherwise(
    run: Run,
) -> None:
    english = run("--lang", "de", "status")
    assert (english.exit_code, english.stderr) == (
        2, "opgave: error: Invalid value for '--lang': 'de' is not nl or en. "
        "(see `opgave --help`)\n",
    )  # fmt: skip
    dutch = run("status", "--lang=NL", env={"OPGAVE_LANG": "nl"})
    assert (dutch.exit_code, dutch.stderr) == (
        2, "opgave: fout: Ongeldige waarde voor '--lang': 'NL' is niet nl of en. "
        "(zie `opgave --help`)\n",
    )  # fmt: skip
    twice = run("--lang", "en", "status", "--lang", "en")
    assert (twice.exit_code, twice.stderr) == (
        2, "opgave: error: --lang is given twice; give it once\n"
    )  # fmt: skip


def test_the_lang_given_is_kept_for_documents(run: Run) -> None:
    from opgave_cli.cli import app as cli

    seen: list[Any] = []

    @cli.command("probe-state", hidden=True)
    def probe(ctx: typer.Context) -> None:
        from opgave_cli.cli.app import state

        seen.append(state(ctx).lang)

    try:
        assert run("probe-state").exit_code == 0
        assert run("probe-state", "--lang", "nl").exit_code == 0
        assert run("probe-state", env={"OPGAVE_LANG": "nl"}).exit_code == 0
    finally:
        cli.registered_commands.pop()
    assert seen == [None, "nl", None]
    assert [i18n.document_language("nl", s) for s in seen] == ["nl", "nl", "nl"]


def test_machine_formats_do_not_change_with_the_language(run: Run) -> None:
    def keys(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: keys(v) for k, v in value.items()}
        if isinstance(value, list):
            return [keys(v) for v in value]
        return None

    for command in (["status", "--json"], ["budget", "--json"], ["check", "--format", "json"]):
        english, dutch = run(*command), run("--lang", "nl", *command)
        assert keys(json.loads(english.stdout)) == keys(json.loads(dutch.stdout)), command
    assert (
        run("status", "--csv").stdout.splitlines()[0]
        == (run("--lang", "nl", "status", "--csv").stdout.splitlines()[0])
    )


# --- the classes ---------------------------------------------------------------------


def commands(command: Any, path: str = "opgave") -> Iterator[tuple[str, Any]]:
    """Every command and group of the app, with its path."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from commands(sub, f"{path} {name}")


def test_every_command_and_parameter_uses_the_translating_classes() -> None:
    with PO.open("rb") as po:
        msgids = {m.id for m in read_po(po) if m.id}
    root = typer.main.get_command(app)
    paths = []
    for path, command in commands(root):
        paths.append(path)
        assert isinstance(command, I18nCommand | I18nGroup), path
        assert command.help in msgids, f"{path}: its help is not in the catalogue"
        ctx = typer.Context(command, info_name=path.split()[-1])
        for param in command.get_params(ctx):
            where = f"{path} {param.name}"
            assert type(param) in (I18nOption, I18nArgument), where
            assert lean_reader(param) is not None, f"{where}: Typer (pydantic) would read it"
            assert param.help in msgids, f"{where}: its help is not in the catalogue"
            assert param.metavar is None or param.metavar in msgids, where
        # The objects Typer made took the class (the completion options too), not copies.
        assert {type(p) for p in command.params} <= {I18nOption, I18nArgument}, path
    assert len(paths) >= 18  # the app, 15 commands, inhabitants and its import


def test_every_help_page_is_in_dutch(run: Run) -> None:
    for path, _command in commands(typer.main.get_command(app)):
        page = run("--lang", "nl", *path.split()[1:], "--help").stdout
        assert page.startswith(f"Gebruik: {path} [OPTIES]"), path
        for english in ("Usage", "Options:", "Arguments:", "Commands:", "[default:",
                        "[required]", "Show this", "Example:"):  # fmt: skip
            assert english not in page, (path, english)
        assert "Opties:" in page
