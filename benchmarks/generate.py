"""Generate scaled copies of the shipped data: N times as many municipalities and
activities, valid for `opgave check`; or a repository of N agreements. Usage:
python benchmarks/generate.py 20 OUT_DIR, or python benchmarks/generate.py agreements 10 OUT_DIR"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def scale(factor: int, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    gemeenten = (ROOT / "data" / "gemeenten.yaml").read_text(encoding="utf-8")
    head, _, body = gemeenten.partition("gemeenten:\n")
    blocks = [b for b in body.split("\n\n") if b.strip()]
    copies = []
    code = 0
    for k in range(factor):
        for block in blocks:
            code += 1
            suffix = "" if k == 0 else f"-{k}"
            b = re.sub(r"slug: (\S+)", rf"slug: \1{suffix}", block)
            b = re.sub(r"name: (.+)", rf"name: \1{' ' + str(k) if k else ''}", b)
            b = re.sub(r"cbs_code: GM\d{4}", f"cbs_code: GM{code:04d}", b)
            copies.append(b.rstrip("\n"))
    (out / "gemeenten.yaml").write_text(
        head + "gemeenten:\n" + "\n\n".join(copies) + "\n", encoding="utf-8"
    )
    agreement = (ROOT / "data" / "agreement.yaml").read_text(encoding="utf-8")

    def more(match: re.Match[str]) -> str:
        return "".join([match.group(0)] * factor)

    # Every activity line, repeated `factor` times in its list.
    agreement = re.sub(r'(?m)^      - "[^\n]*"\n', more, agreement)
    (out / "agreement.yaml").write_text(agreement, encoding="utf-8")
    return out


def agreements(count: int, out: Path) -> Path:
    """``count`` data folders in ``out`` (``agreement-01/`` ...), each the shipped data
    (ledger included) under an agreement id of its own: a repository of agreements, as
    `opgave overview` and `opgave check` read one."""
    for i in range(1, count + 1):
        folder = scale(1, out / f"agreement-{i:02d}")
        path = folder / "agreement.yaml"
        text, found = re.subn(
            r"(?m)^id: (\S+)$", rf"id: \1-{i:02d}", path.read_text(encoding="utf-8"), count=1
        )
        assert found == 1, path
        path.write_text(text, encoding="utf-8")
        ledger = ROOT / "data" / "payments.yaml"
        (folder / "payments.yaml").write_text(ledger.read_text(encoding="utf-8"), encoding="utf-8")
    return out


if __name__ == "__main__":
    if sys.argv[1] == "agreements":
        print(agreements(int(sys.argv[2]), Path(sys.argv[3])))
    else:
        print(scale(int(sys.argv[1]), Path(sys.argv[2])))
