"""Cut the committed CBS test excerpts from a capture of table 03759ned.

Usage: python tests/data/cbs/make_excerpt.py CAPTURE_DIR

CAPTURE_DIR holds the raw API responses (observations-page-1.json,
properties.json, codes-Perioden.json). The excerpts are written next to this
script. Rows are kept whole and in the capture's order, and the files are
written in the capture's own layout (one-space indent, UTF-8), so that every
kept row is byte for byte the row of the original response and the output is
the same on every run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

GMR = [  # the 18 municipalities of the Groene Metropoolregio Arnhem-Nijmegen
    "GM0202", "GM1945", "GM0209", "GM0221", "GM0225", "GM0226", "GM0252", "GM1705", "GM1955",
    "GM0944", "GM0268", "GM1734", "GM0274", "GM0275", "GM0277", "GM0293", "GM0296", "GM0299",
]  # fmt: skip
OTHERS = [
    "NL01",  # Nederland
    "PV25",  # Gelderland
    "GM0363",  # Amsterdam: a large municipality outside the region
    "GM0501",  # Brielle: a count for 2022, then null (merged into Voorne aan Zee in 2023)
    "GM0997",  # Centraal persoonsregister: null ("Impossible") in every year
]
KEEP = frozenset(GMR + OTHERS)
DROPPED_PROPERTIES = ("LongDescription",)  # 7.7 kB of explanatory text, not used by the reader


def read(path: Path) -> Any:
    return json.loads(path.read_bytes())


def write(name: str, data: Any) -> None:
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    (HERE / name).write_text(text, encoding="utf-8", newline="\n")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    capture = Path(argv[1])
    observations = read(capture / "observations-page-1.json")
    rows = [row for row in observations["value"] if row["RegioS"] in KEEP]
    write("observations-excerpt.json", {**observations, "value": rows})
    properties = read(capture / "properties.json")
    write(
        "properties.json",
        {key: value for key, value in properties.items() if key not in DROPPED_PROPERTIES},
    )
    write("codes-Perioden.json", read(capture / "codes-Perioden.json"))
    print(f"kept {len(rows)} of {len(observations['value'])} observation rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
