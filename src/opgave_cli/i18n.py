"""The language of a run (Dutch or English) and its catalogue, a leaf module.

A run is in one language, chosen once at its start (``language_from``, then ``use``):
a global ``--lang nl|en``, else ``$OPGAVE_LANG``, else the first of ``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set, read as Python's gettext reads
them, else English. The messages are written in English in the code, wrapped in
``_()`` (``ngettext`` where a count chooses the form, ``N_`` for a text defined at
import time and translated where it is shown); the Dutch comes from the gettext
catalogue ``locale/nl/LC_MESSAGES/opgave.mo``, compiled from its ``.po`` beside it
(``tools/i18n.py`` keeps them in step with the code).

Light on purpose, as every run imports it: English loads nothing, and Dutch reads
one ``.mo`` by its path with the small reader below (importing ``gettext`` alone,
with ``locale`` and ``re``, costs about 12 ms; reading the catalogue here, about 1).
The plural rule is Dutch's and English's, ``n != 1``; tests/test_catalogue.py holds
the catalogue to it.
Documents that leave the terminal are in the agreement's own language unless
``--lang`` was given (``document_language``).
"""

from __future__ import annotations

import os

# Neither typing nor pathlib: this module is imported by every run, and those cost
# milliseconds where nothing else has imported them yet.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Literal

    Language = Literal["nl", "en"]

LANGUAGES: tuple[Language, ...] = ("nl", "en")
DEFAULT: Language = "en"  # the language of the code's own texts (the msgids)
ENV = "OPGAVE_LANG"
# What gettext reads, in its order: the first one set (and not empty) decides.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
OPTION = "--lang"
DOMAIN = "opgave"
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")  # noqa: PTH118, PTH120

_language: Language = DEFAULT
_catalogue: dict[str, str] | None = None
_loaded: dict[str, dict[str, str] | None] = {}  # per language, read at most once


def mo_path(language: str) -> str:
    """Where the compiled catalogue of ``language`` lies in the package."""
    return os.path.join(LOCALE_DIR, language, "LC_MESSAGES", f"{DOMAIN}.mo")  # noqa: PTH118


def option_value(argv: Sequence[str]) -> str | None:
    """The value given to ``--lang`` (``--lang nl``, ``--lang=nl``, before or after the
    command; the first, and only before ``--``), whatever it is; None if not given."""
    for i, arg in enumerate(argv):
        if arg == "--":
            return None
        if arg.startswith(OPTION + "="):
            return arg[len(OPTION) + 1 :]
        if arg == OPTION:
            return argv[i + 1] if i + 1 < len(argv) else None
    return None


def locale_language(name: str) -> Language | None:
    """The language of a locale name as the environment writes it (``nl_NL.UTF-8``,
    ``nl_BE``, ``nl``, ``en_GB.UTF-8``): Dutch or English; ``C`` and ``POSIX``
    (also ``C.UTF-8``) are English; None for a language we do not have."""
    code = name.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0]
    code = code.strip().lower()
    if code in ("c", "posix"):
        return "en"
    return code if code in LANGUAGES else None


def language_from(argv: Sequence[str], environ: Mapping[str, str]) -> Language:
    """The language of a run with these arguments (without the program's name) and this
    environment. A ``--lang`` value other than nl or en is passed over here: the
    command line refuses it, in the language chosen otherwise."""
    given = option_value(argv)
    if given in LANGUAGES:
        return given
    chosen = locale_language(environ.get(ENV, "")) if environ.get(ENV) else None
    if chosen is not None:
        return chosen
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:
            # LANGUAGE may list several (nl:en): the first that is ours, as gettext
            # takes the first that has a catalogue; C ends the list.
            for entry in value.split(":"):
                found = locale_language(entry) if entry else None
                if found is not None:
                    return found
            return DEFAULT
    return DEFAULT


def document_language(agreement_language: str, explicit: str | None) -> str:
    """The language of a document made from an agreement (a report, the agreement
    text, later notices and letters): the agreement's own, unless ``--lang`` was given
    (``explicit``, as ``option_value`` read it)."""
    return explicit if explicit in LANGUAGES else agreement_language


def read_mo(data: bytes) -> dict[str, str]:
    """The messages of a compiled gettext catalogue (GNU ``.mo``, either byte order):
    msgid to msgstr, a plural's key and value joined by NUL as gettext writes them; the
    header (msgid "") left out. ValueError for what is not a catalogue."""
    magic = int.from_bytes(data[:4], "little")
    if magic not in (0x950412DE, 0xDE120495) or len(data) < 20:
        raise ValueError("not a gettext catalogue")
    big = magic == 0xDE120495

    def word(at: int) -> int:
        return int.from_bytes(data[at : at + 4], "big" if big else "little")

    count, originals, translations = word(8), word(12), word(16)
    if max(originals, translations) + 8 * count > len(data):
        raise ValueError("a truncated gettext catalogue")
    messages: dict[str, str] = {}
    for i in range(count):
        key_length, key_at = word(originals + 8 * i), word(originals + 8 * i + 4)
        value_length, value_at = word(translations + 8 * i), word(translations + 8 * i + 4)
        if key_at + key_length > len(data) or value_at + value_length > len(data):
            raise ValueError("a truncated gettext catalogue")
        if key_length:
            key = data[key_at : key_at + key_length].decode("utf-8")
            messages[key] = data[value_at : value_at + value_length].decode("utf-8")
    return messages


def _load(language: str) -> dict[str, str] | None:
    if language not in _loaded:
        try:
            with open(mo_path(language), "rb") as mo:  # noqa: PTH123
                _loaded[language] = read_mo(mo.read())
        except (OSError, ValueError, UnicodeDecodeError):
            _loaded[language] = None  # no catalogue: the code's own (English) texts
    return _loaded[language]


def use(language: str) -> None:
    """Make ``language`` (nl or en) the language of every text from now on."""
    global _language, _catalogue
    if language not in LANGUAGES:
        raise ValueError(f"a language is nl or en, not {language!r}")
    _catalogue = None if language == DEFAULT else _load(language)
    _language = language


def current() -> Language:
    """The language in use."""
    return _language


def _(message: str) -> str:
    """``message`` in the language in use."""
    if _catalogue is None or not message:
        return message
    return _catalogue.get(message) or message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n`` (``singular`` for 1 in English) in the language in use."""
    forms = _catalogue.get(f"{singular}\0{plural}") if _catalogue is not None else None
    if not forms:
        return singular if n == 1 else plural
    one, _nul, other = forms.partition("\0")
    return one if n == 1 else other or one


def N_(message: str) -> str:
    """Marks a text defined at import time (a help text, a heading) for the catalogue,
    unchanged: it is translated with ``_()`` where it is shown."""
    return message
