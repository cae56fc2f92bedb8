"""The plain-text accounting tools as peers of `opgave` on the same ledger (issue #25).

Converts a generated ledger (`benchmarks/generate.py ledger N DIR`: its payments.yaml
and gemeenten.yaml) into a beancount file and an hledger journal with the same
payments, one transaction a payment (Assets:Bank against Income:Contributions:<Slug>,
in EUR with two decimals), so that `bean-check`, `bean-query` (a balance per account)
and `hledger balance` do work comparable to `opgave check` and `opgave contributions`.
Usage (from the repository):

    python benchmarks/peers.py --install          # beancount (pip, in benchmarks/.peers/)
                                                  # and hledger (apt-get), then run them
    python benchmarks/peers.py [--ledger DIR | --payments 100000]

`--install` puts beancount and beanquery into a venv of their own under
benchmarks/.peers/ (git ignores it) and hledger from Debian's packages where apt-get
exists; nothing of the project's environment changes. Without `--install` the peers
that are installed run once each on the converted ledger and the others are skipped
with a note. A component of a beancount account starts with a capital or a digit, so
the slug's first letter is a capital in both files (Income:Contributions:Berg-en-dal).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEERS = HERE / ".peers"
VENV = PEERS / "venv"
PIP_PACKAGES = ("beancount", "beanquery")  # bean-check; bean-query (beancount 3 split it)
OPEN_ON = "2022-01-01"  # before any payment
PAYMENT = re.compile(
    r"^  - \{gemeente: (?P<gemeente>[a-z0-9-]+), year: (?P<year>\d{4}), "
    r"date: (?P<date>\d{4}-\d\d-\d\d), amount: \"(?P<amount>-?\d+(?:\.\d{1,2})?)\""
    r"(?:, reference: (?P<reference>[^}]+))?\}$"
)


def payments(ledger: Path) -> Iterator[dict[str, str]]:
    """The payments of a generated payments.yaml (one flow mapping a line, as `opgave
    pay` and `generate.py ledger` write them), without the cost of a YAML parser."""
    for number, line in enumerate(ledger.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("  - "):
            continue
        found = PAYMENT.match(line)
        if found is None:
            raise SystemExit(f"{ledger}:{number}: not a payment line peers.py can read")
        yield found.groupdict()


def slugs(gemeenten: Path) -> list[str]:
    return re.findall(r"(?m)^  - slug: (\S+)$", gemeenten.read_text(encoding="utf-8"))


def account(slug: str) -> str:
    return "Income:Contributions:" + slug[0].upper() + slug[1:]


def cents(amount: str) -> str:
    whole, _, part = amount.partition(".")
    return f"{whole}.{part:0<2}"


def convert(folder: Path, out: Path) -> tuple[Path, Path]:
    """``folder``'s ledger as ``out/ledger.beancount`` and ``out/ledger.journal``."""
    out.mkdir(parents=True, exist_ok=True)
    names = slugs(folder / "gemeenten.yaml")
    bean = ['option "title" "Contributions"', 'option "operating_currency" "EUR"', ""]
    bean += [f"{OPEN_ON} open Assets:Bank EUR"]
    bean += [f"{OPEN_ON} open {account(s)} EUR" for s in names]
    journal = ["commodity 1000.00 EUR", "", "account Assets:Bank"]
    journal += [f"account {account(s)}" for s in names]
    for p in payments(folder / "payments.yaml"):
        amount = cents(p["amount"])
        negated = amount[1:] if amount.startswith("-") else "-" + amount
        what = f"{p['year']} {p['reference'] or ''}".strip()
        income = account(p["gemeente"])
        bean += [
            "",
            f'{p["date"]} * "{p["gemeente"]}" "{what}"',
            f"  Assets:Bank  {amount} EUR",
            f"  {income}  {negated} EUR",
        ]
        journal += [
            "",
            f"{p['date']} {p['gemeente']} | {what}",
            f"    Assets:Bank  {amount} EUR",
            f"    {income}  {negated} EUR",
        ]
    beancount, hledger = out / "ledger.beancount", out / "ledger.journal"
    beancount.write_text("\n".join(bean) + "\n", encoding="utf-8")
    hledger.write_text("\n".join(journal) + "\n", encoding="utf-8")
    return beancount, hledger


def tool(name: str) -> str | None:
    """The peer's executable: in benchmarks/.peers/ (beancount's), else on PATH."""
    mine = VENV / "bin" / name
    return str(mine) if mine.exists() else shutil.which(name)


def commands(beancount: Path, journal: Path) -> dict[str, list[str] | str]:
    """Each peer's command, or why it is skipped."""
    how = "python benchmarks/peers.py --install"
    found: dict[str, list[str] | str] = {}
    check, query, hledger = tool("bean-check"), tool("bean-query"), tool("hledger")
    found["bean-check"] = [check, str(beancount)] if check else f"not installed ({how})"
    found["bean-query"] = (
        [query, "-q", str(beancount), "SELECT account, sum(position) GROUP BY account"]
        if query
        else f"not installed ({how})"
    )
    found["hledger balance"] = (
        [hledger, "-f", str(journal), "balance"] if hledger else f"not installed ({how})"
    )
    return found


def versions() -> dict[str, str]:
    """The installed peers' versions."""
    out: dict[str, str] = {}
    python = VENV / "bin" / "python"
    if python.exists():
        for package in PIP_PACKAGES:
            code = f"import importlib.metadata as m; print(m.version({package!r}))"
            got = subprocess.run(
                [str(python), "-c", code], capture_output=True, text=True, check=False
            )
            if got.returncode == 0:
                out[package] = got.stdout.strip()
    hledger = tool("hledger")
    if hledger:
        got = subprocess.run([hledger, "--version"], capture_output=True, text=True, check=False)
        out["hledger"] = got.stdout.strip()
    return out


def install() -> int:
    """beancount and beanquery into benchmarks/.peers/venv; hledger with apt-get."""
    failed = 0
    PEERS.mkdir(exist_ok=True)
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", *PIP_PACKAGES]
    if subprocess.run(pip, check=False).returncode != 0:
        print("peers.py: pip could not install beancount (is PyPI reachable?)", file=sys.stderr)
        failed = 1
    if shutil.which("hledger"):
        pass
    elif shutil.which("apt-get"):
        apt = ["apt-get", "install", "-y", "-q", "hledger"]
        if subprocess.run(apt, check=False, stdout=subprocess.DEVNULL).returncode != 0:
            # Perhaps the package lists are not there yet.
            subprocess.run(["apt-get", "update", "-q"], check=False, stdout=subprocess.DEVNULL)
            if subprocess.run(apt, check=False, stdout=subprocess.DEVNULL).returncode != 0:
                print("peers.py: apt-get could not install hledger", file=sys.stderr)
                failed = 1
    else:
        print("peers.py: no apt-get here: install hledger yourself to compare", file=sys.stderr)
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--install", action="store_true", help="install the peers first")
    parser.add_argument("--ledger", type=Path, help="a generated ledger folder")
    parser.add_argument("--payments", type=int, default=100_000, help="else generate this many")
    args = parser.parse_args()
    failed = install() if args.install else 0
    for name, version in versions().items():
        print(f"{name}: {version.splitlines()[0]}")
    with tempfile.TemporaryDirectory(prefix="opgave-peers-") as tmp:
        folder = args.ledger
        if folder is None:
            sys.path.insert(0, str(HERE))
            from generate import ledger

            folder = ledger(args.payments, Path(tmp) / "ledger")
        beancount, journal = convert(folder, Path(tmp) / "peers")
        for name, cmd in commands(beancount, journal).items():
            if isinstance(cmd, str):
                print(f"{name:16} skipped: {cmd}")
                continue
            start = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            took = time.perf_counter() - start
            last = (done.stdout.strip().splitlines() or [""])[-1]
            status = "ok" if done.returncode == 0 and not done.stderr.strip() else "FAILED"
            print(f"{name:16} {took:6.2f} s  {status}  (last line: {last.strip()[:60]})")
            if status != "ok":
                print(done.stderr[:2000], file=sys.stderr)
                failed = 1
    return failed


if __name__ == "__main__":
    sys.exit(main())
