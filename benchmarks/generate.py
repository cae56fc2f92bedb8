"""Generate data folders for the benchmarks, each valid for `opgave check` (except where
its size is the point: a ledger beyond today's limits). Usage:

    python benchmarks/generate.py 20 OUT_DIR           # the shipped data, 20 times over
    python benchmarks/generate.py scale 20 OUT_DIR     # the same
    python benchmarks/generate.py agreements 10 OUT_DIR
    python benchmarks/generate.py ledger 100000 OUT_DIR
    python benchmarks/generate.py country 342 OUT_DIR [--years 10] [--amounts]

`scale`: N times as many municipalities and activities. `agreements`: a repository of
N agreements. `ledger`: the shipped agreement with amounts for 2023 and 2024, the 18
municipalities, and N payments, one flow mapping a line as `opgave pay` writes them.
`country`: N municipalities (342 is every Dutch one), each with a count at 1 January
of the last `--years` years up to 2026, all taking part; `--amounts` sets the amounts
for 2023 and 2024 as `ledger` does. Every mode is deterministic (seeded).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

# The amounts `ledger` and `country --amounts` set: a what-if, as in docs/commands/money.md.
AMOUNTS = {2023: ("250000.00", "2022-01-01"), 2024: ("262500.00", "2023-01-01")}
FIRST_PAYMENT = date(2023, 3, 1)
LAST_PAYMENT = date(2026, 6, 1)
PROVINCES = (
    "Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland",
    "Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
)  # fmt: skip


def scale(factor: int, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    gemeenten = (DATA / "gemeenten.yaml").read_text(encoding="utf-8")
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
    agreement = (DATA / "agreement.yaml").read_text(encoding="utf-8")

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
        ledger = DATA / "payments.yaml"
        (folder / "payments.yaml").write_text(ledger.read_text(encoding="utf-8"), encoding="utf-8")
    return out


def agreement_with_amounts() -> str:
    """The shipped agreement.yaml with the amounts of 2023 and 2024 set."""
    text = (DATA / "agreement.yaml").read_text(encoding="utf-8")
    lines = "".join(
        f'    {year}: {{total: "{total}", inhabitants_at: {at}}}\n'
        for year, (total, at) in AMOUNTS.items()
    )
    text, found = re.subn(r"(?m)^  amounts: \{\}\n", "  amounts:\n" + lines, text, count=1)
    assert found == 1, "agreement.yaml: no `amounts: {}` to fill in"
    return text


def _counts(gemeenten_yaml: str) -> dict[str, dict[str, int]]:
    """Each municipality's counts by date (as text), read from a gemeenten.yaml."""
    counts: dict[str, dict[str, int]] = {}
    for slug, line in re.findall(r"(?m)^  - slug: (\S+)\n(?:    .*\n)*?    inhabitants: (.*)$",
                                 gemeenten_yaml):  # fmt: skip
        counts[slug] = {d: int(n) for d, n in re.findall(r"(\d{4}-\d\d-\d\d): (\d+)", line)}
    return counts


def ledger(count: int, out: Path, seed: int = 25) -> Path:
    """The shipped agreement with amounts for 2023 and 2024, the 18 municipalities, and
    ``count`` payments in date order: instalments of about a twelfth of what each owes a
    year (so a long ledger pays many times over), a few without
    a reference, about one in 200 a credit (negative, with a reference), from 2023-03-01
    to 2026-06-01; no two alike (`check` warns of none)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    gemeenten = (DATA / "gemeenten.yaml").read_text(encoding="utf-8")
    (out / "gemeenten.yaml").write_text(gemeenten, encoding="utf-8")
    (out / "agreement.yaml").write_text(agreement_with_amounts(), encoding="utf-8")
    counts = _counts(gemeenten)
    slugs = list(counts)
    # Instalments of about a twelfth of what each owes a year (fewer, larger, for a short
    # ledger): the ledger of many years and agreements, as the benchmarks want one.
    per_year = max(1, min(12, count // (len(slugs) * len(AMOUNTS))))
    due = {}
    for year, (total, at) in AMOUNTS.items():
        everyone = sum(c[at] for c in counts.values())
        for slug in slugs:
            due[slug, year] = Decimal(total) * counts[slug][at] / everyone / per_year
    rows: list[tuple[date, str]] = []
    seen: set[tuple[str, int, Decimal, str | None]] = set()
    n = 0
    while len(rows) < count:
        n += 1
        slug = rng.choice(slugs)
        year = rng.choice(list(AMOUNTS))
        start = max(FIRST_PAYMENT, date(year, 1, 1))
        day = start + timedelta(days=rng.randrange((LAST_PAYMENT - start).days + 1))
        credit = rng.random() < 0.005
        if credit:
            amount = -Decimal(rng.randint(1000, 50_000)) / 100
            reference: str | None = f"C-{n:06d}"
        else:
            amount = (due[slug, year] * Decimal(rng.uniform(0.5, 1.5))).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            )
            amount = max(amount, Decimal("0.01"))
            reference = None if rng.random() < 0.03 else f"F-{n:06d}"
        key = (slug, year, amount, reference)
        if key in seen:
            continue
        seen.add(key)
        fields = f'gemeente: {slug}, year: {year}, date: {day}, amount: "{amount}"'
        fields += f", reference: {reference}" if reference else ""
        rows.append((day, f"  - {{{fields}}}\n"))
    rows.sort(key=lambda r: r[0])  # appended as they were paid (stable within a day)
    head = (DATA / "payments.yaml").read_text(encoding="utf-8")
    head = head.replace("#\n# No payment is recorded: none is in the public sources.\n", "")
    (out / "payments.yaml").write_text(head + "".join(r for _, r in rows), encoding="utf-8")
    return out


SYLLABLES = (
    "Aa", "Al", "Am", "Ap", "As", "Bar", "Bed", "Berg", "Bo", "Brum", "Cu", "Da", "Del",
    "Dor", "Ede", "El", "Em", "Goe", "Gra", "Haar", "Hel", "Hoorn", "Kam", "Lei", "Lo",
    "Maas", "Mid", "Mo", "Nij", "Oos", "Ot", "Put", "Ree", "Ros", "Schoo", "Sit", "Tiel",
    "Ul", "Ven", "Vlie", "Wa", "Wes", "Zee", "Zwol",
)  # fmt: skip
ENDINGS = (
    "dam", "dorp", "broek", "veen", "hoven", "huizen", "wijk", "stad", "horst", "lo",
    "rode", "sum", "zand", "meer", "burg", "heim", "erwolde", "endaal",
)  # fmt: skip
JOINED = ("", "", "", " aan Zee", " en Dal", "-Oost", "-West", " aan den IJssel")


def _names(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct names of municipalities, distinct too with case, spaces and
    hyphens aside (as `check` compares them), and none of them the counterparty's."""
    names: list[str] = []
    keys = {"gmr", "regioarnhemnijmegen", "groenemetropoolregio"}
    while len(names) < count:
        name = rng.choice(SYLLABLES) + rng.choice(ENDINGS) + rng.choice(JOINED)
        if len(keys) > 4 * count:  # hardly any names left: number them
            name += f" {len(names) + 1}"
        key = re.sub(r"[\s_-]", "", name.casefold())
        if key not in keys:
            keys.add(key)
            names.append(name)
    return names


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold().replace("â", "a")).strip("-")


def country(
    count: int, out: Path, years: int = 10, with_amounts: bool = False, seed: int = 342
) -> Path:
    """``count`` municipalities (CBS codes GM0001 ...) with a count at 1 January of each
    of the last ``years`` years up to 2026, all taking part, none signed; the shipped
    agreement (``with_amounts``: with the amounts of 2023 and 2024)."""
    if not 1 <= count <= 9999:
        raise SystemExit("generate.py country: 1 to 9999 municipalities (GM0001-GM9999)")
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    dates = [f"{y}-01-01" for y in range(2027 - years, 2027)]
    shipped = (DATA / "gemeenten.yaml").read_text(encoding="utf-8")
    head, _, _ = shipped.partition("gemeenten:\n")
    status = ", ".join(f"{d}: definitief" for d in dates)
    head, found = re.subn(r"(?m)^  status: \{.*\}$", f"  status: {{{status}}}", head, count=1)
    assert found == 1, "gemeenten.yaml: no status line"
    blocks = []
    for i, name in enumerate(_names(count, rng), start=1):
        people = int(rng.lognormvariate(10.4, 0.8)) + 900  # 1,000 to a few 100,000
        counts = []
        for d in dates:
            counts.append(f"{d}: {people}")
            people = max(1, round(people * rng.uniform(0.99, 1.02)))
        blocks.append(
            f"  - slug: {_slug(name)}\n"
            f"    name: {name}\n"
            f"    cbs_code: GM{i:04d}\n"
            f"    province: {PROVINCES[i % len(PROVINCES)]}\n"
            f"    inhabitants: {{{', '.join(counts)}}}\n"
            "    participates: true\n"
            "    signature: null\n"
        )
    (out / "gemeenten.yaml").write_text(head + "gemeenten:\n" + "\n".join(blocks), encoding="utf-8")
    agreement = (
        agreement_with_amounts()
        if with_amounts
        else (DATA / "agreement.yaml").read_text(encoding="utf-8")
    )
    (out / "agreement.yaml").write_text(agreement, encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    if argv and argv[0].isdigit():  # the original form: generate.py FACTOR OUT
        argv = ["scale", *argv]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    for mode, what in (
        ("scale", "times the shipped data"),
        ("agreements", "agreements"),
        ("ledger", "payments"),
        ("country", "municipalities"),
    ):
        p = sub.add_parser(mode)
        p.add_argument("n", type=int, help=f"how many {what}")
        p.add_argument("out", type=Path)
        if mode == "country":
            p.add_argument("--years", type=int, default=10, help="counts per municipality")
            p.add_argument("--amounts", action="store_true", help="set 2023's and 2024's")
    args = parser.parse_args(argv)
    if args.mode == "scale":
        print(scale(args.n, args.out))
    elif args.mode == "agreements":
        print(agreements(args.n, args.out))
    elif args.mode == "ledger":
        print(ledger(args.n, args.out))
    else:
        print(country(args.n, args.out, args.years, args.amounts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
