"""The run's language (issue #22): how it is chosen, from injected arguments and
environments (never the machine's locale), the catalogue's functions, the language of
documents, and what choosing one costs at start-up."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from opgave_cli import i18n
from opgave_cli.i18n import N_, _, document_language, language_from, ngettext


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        # Nothing set: English.
        ([], {}, "en"),
        (["status"], {}, "en"),
        # --lang, before or after the command, with a space or =.
        (["--lang", "nl", "status"], {}, "nl"),
        (["--lang=nl", "status"], {}, "nl"),
        (["status", "--lang", "nl"], {}, "nl"),
        (["status", "--unsigned", "--lang=nl"], {}, "nl"),
        (["--data-dir", "d", "status", "--lang", "nl"], {}, "nl"),
        # --lang wins over everything the environment says.
        (["--lang", "en"], {"OPGAVE_LANG": "nl", "LANG": "nl_NL.UTF-8"}, "en"),
        (["--lang", "nl"], {"OPGAVE_LANG": "en", "LC_ALL": "en_GB.UTF-8"}, "nl"),
        # After --, it is an argument, not the option.
        (["sign", "--", "--lang", "nl"], {}, "en"),
        # A --lang that is not nl or en is passed over here (the CLI refuses it, in the
        # language chosen otherwise); so is one without its value.
        (["--lang", "de", "status"], {"LANG": "nl_NL.UTF-8"}, "nl"),
        (["--lang=", "status"], {"OPGAVE_LANG": "nl"}, "nl"),
        (["status", "--lang"], {"OPGAVE_LANG": "nl"}, "nl"),
        # OPGAVE_LANG, over the locale.
        ([], {"OPGAVE_LANG": "nl"}, "nl"),
        ([], {"OPGAVE_LANG": "en", "LANG": "nl_NL.UTF-8"}, "en"),
        ([], {"OPGAVE_LANG": "", "LANG": "nl_NL.UTF-8"}, "nl"),  # empty: not set
        ([], {"OPGAVE_LANG": "de", "LANG": "nl_NL.UTF-8"}, "nl"),  # not ours: passed over
        # The locale as gettext reads it: the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG
        # that is set and not empty decides.
        ([], {"LANG": "nl_NL.UTF-8"}, "nl"),
        ([], {"LANG": "nl_BE"}, "nl"),
        ([], {"LANG": "nl"}, "nl"),
        ([], {"LANG": "nl_NL@euro"}, "nl"),
        ([], {"LANG": "C"}, "en"),
        ([], {"LANG": "C.UTF-8"}, "en"),
        ([], {"LANG": "POSIX"}, "en"),
        ([], {"LANG": "en_GB.UTF-8"}, "en"),
        ([], {"LANG": "de_DE.UTF-8"}, "en"),  # a language we do not have
        ([], {"LC_MESSAGES": "nl_NL.UTF-8", "LANG": "en_US.UTF-8"}, "nl"),
        ([], {"LC_MESSAGES": "C", "LANG": "nl_NL.UTF-8"}, "en"),
        ([], {"LC_ALL": "nl_NL.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "nl"),
        ([], {"LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),
        ([], {"LC_ALL": "", "LANG": "nl_NL.UTF-8"}, "nl"),  # empty: not set
        ([], {"LANGUAGE": "nl", "LC_ALL": "en_US.UTF-8"}, "nl"),
        # LANGUAGE lists several: the first that is a language we have; C ends it.
        ([], {"LANGUAGE": "nl:en"}, "nl"),
        ([], {"LANGUAGE": "en:nl"}, "en"),
        ([], {"LANGUAGE": "de:nl_BE:en"}, "nl"),
        ([], {"LANGUAGE": "fr:de", "LANG": "nl_NL.UTF-8"}, "en"),  # LANGUAGE decided
        ([], {"LANGUAGE": "::nl"}, "nl"),
        ([], {"LANGUAGE": "C:nl"}, "en"),
    ],
)
def test_the_language_is_chosen_as_other_tools_choose_it(
    argv: list[str], environ: dict[str, str], expected: str
) -> None:
    assert language_from(argv, environ) == expected


def test_the_catalogue_translates_and_switches_cleanly() -> None:
    assert i18n.current() == "en"
    assert _("Options") == "Options"
    assert ngettext("{n} file", "{n} files", 2) == "{n} files"
    assert ngettext("{n} file", "{n} files", 1) == "{n} file"
    i18n.use("nl")
    assert i18n.current() == "nl"
    assert _("Options") == "Opties"
    assert _("Show this message and exit.") == "Toon deze hulp en stop."
    one, two = (
        ngettext("Got unexpected extra argument ({arguments})",
                 "Got unexpected extra arguments ({arguments})", n)
        for n in (1, 2)
    )  # fmt: skip
    assert (one, two) == ("Onverwacht extra argument ({arguments})",
                          "Onverwachte extra argumenten ({arguments})")  # fmt: skip
    assert _("a text that is not in the catalogue") == "a text that is not in the catalogue"
    assert _("") == ""  # not the catalogue's header
    i18n.use("en")
    assert (i18n.current(), _("Options")) == ("en", "Options")
    with pytest.raises(ValueError, match="nl or en"):
        i18n.use("de")
    assert i18n.current() == "en"


def test_n_marks_without_translating() -> None:
    i18n.use("nl")
    heading = N_("Options")
    assert heading == "Options"
    assert _(heading) == "Opties"


@pytest.mark.parametrize(
    ("agreement", "explicit", "expected"),
    [
        ("nl", None, "nl"),  # a report made in CI is Dutch, whatever CI's locale
        ("en", None, "en"),
        ("nl", "en", "en"),  # --lang says otherwise
        ("en", "nl", "nl"),
        ("nl", "de", "nl"),  # not a language (the CLI has refused it already)
    ],
)
def test_a_document_is_in_the_agreements_language_unless_lang_says_otherwise(
    agreement: str, explicit: str | None, expected: str
) -> None:
    assert document_language(agreement, explicit) == expected


def test_the_lang_value_for_documents_is_only_an_explicit_one() -> None:
    assert i18n.option_value(["status", "--lang", "en"]) == "en"
    assert i18n.option_value(["--lang=nl"]) == "nl"
    assert i18n.option_value(["status"]) is None
    assert i18n.option_value(["sign", "--", "--lang", "nl"]) is None


COST = """
import json, sys, time
from pathlib import Path
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
before = set(sys.modules)
start = time.perf_counter()
from opgave_cli import i18n
i18n.use(sys.argv[1])
text = i18n._("Options")
took = time.perf_counter() - start
print(json.dumps({
    "read": [p for p in opened if not p.endswith((".py", ".pyc")) and not Path(p).is_dir()],
    "modules": sorted(set(sys.modules) - before),
    "text": text,
    "ms": took * 1000,
}))
"""


@pytest.mark.slow
@pytest.mark.parametrize(("language", "read", "text"), [("en", 0, "Options"), ("nl", 1, "Opties")])
def test_english_loads_nothing_and_dutch_reads_one_catalogue(
    language: str, read: int, text: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", COST, language], capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout)
    assert found["text"] == text
    assert found["read"] == [str(i18n.mo_path("nl"))] * read
    # Neither locale nor gettext: the catalogue is read by i18n.read_mo.
    assert "locale" not in found["modules"]
    assert "gettext" not in found["modules"]


def test_the_catalogue_reads_as_gettext_reads_it() -> None:
    """i18n.read_mo against Python's own gettext, on the committed catalogue: every
    message, and every plural form for the counts 0, 1 and 2."""
    from gettext import GNUTranslations

    with open(i18n.mo_path("nl"), "rb") as mo:  # noqa: PTH123
        data = mo.read()
    ours = i18n.read_mo(data)
    with open(i18n.mo_path("nl"), "rb") as mo:  # noqa: PTH123
        theirs = GNUTranslations(mo)
    assert theirs.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"
    assert len(ours) > 500
    i18n.use("nl")
    try:
        for key in ours:
            singular, nul, plural = key.partition("\0")
            if nul:
                for n in (0, 1, 2):
                    assert i18n.ngettext(singular, plural, n) == theirs.ngettext(
                        singular, plural, n
                    ), key
            else:
                assert i18n._(key) == theirs.gettext(key), key
        assert i18n._("not in the catalogue") == "not in the catalogue"
    finally:
        i18n.use("en")


@pytest.mark.parametrize(
    "data", [b"", b"\x00" * 20, b"\xde\x12\x04\x95" + b"\x00" * 4 + b"\x01\x00\x00\x00" * 3]
)
def test_what_is_not_a_catalogue_is_refused(data: bytes) -> None:
    with pytest.raises(ValueError, match="gettext catalogue"):
        i18n.read_mo(data)
