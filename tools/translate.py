"""Fill Dutch translations into the catalogue from a Python file that holds a dict ``NL``
(msgid -> msgstr; a (singular, plural) pair for ngettext), and clear their fuzzy marks.
Usage: python tools/translate.py FILE.py [FILE.py ...]; then tools/i18n.sh compile."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "src/opgave_cli/locale/nl/LC_MESSAGES/opgave.po"


def main(files: list[str]) -> int:
    with PO.open("rb") as fh:
        catalogue = read_po(fh)
    table: dict[object, object] = {}
    for file in files:
        table.update(runpy.run_path(file)["NL"])
    filled = 0
    for message in catalogue:
        if not message.id or message.id not in table:
            continue
        message.string = table[message.id]  # type: ignore[assignment]
        message.flags.discard("fuzzy")
        message.previous_id = []
        filled += 1
    with PO.open("wb") as fh:
        write_po(fh, catalogue, ignore_obsolete=True, include_previous=True)
    print(f"{filled} translations filled")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
