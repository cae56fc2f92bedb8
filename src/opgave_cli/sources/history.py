"""The audit trail: every recorded change of a signature or a payment, from git history.

:func:`log` gives :class:`Entry` values, newest first: uncommitted changes (working
tree against HEAD, staged or not; no commit, author, date), then each commit on
HEAD's first-parent line, ``date`` its committer date as git prints it (``%ci``:
``2023-02-01 14:30:00 +0100``). Merges are diffed against their first parent: each
change is listed once, where it entered the main line (a merged branch's: under
the merge), and replaying the entries gives the data.

Fast on long histories: ONE ``git log --follow -p -U0`` per data file (moved files
keep their history); only changed lines are parsed, each a one-line flow mapping,
and git names their party: a private diff driver makes a hunk header the nearest
top-level key or sequence item above, ``  - slug: arnhem`` or ``counterparty:``.
Any other diff of a file in a commit (slug after signature, odd indentation,
block-style values, blocks added or removed, binary) falls back to both versions
read whole (``git cat-file --batch``) and compared.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..domain.trail import SIGNATURE_FIELDS, Entry
from ..errors import OpgaveError, errors_only
from ..i18n import N_, _
from ..loader import DATA_FILES, PAYMENTS_FILE, display_name, read_file
from ..loader.yamldoc import parse_yaml
from .git import Git, head, read_blobs, uncommitted

_WHY = N_("the audit trail comes from git history")  # translated where it is shown

# Hunk headers name the nearest top-level key or sequence item above the change.
_XFUNCNAME = "^([^ \t#].*|[ \t]*-[ \t].*)$"
_CONFIG = (  # noqa: SIM905, RUF005  (what git prints must not depend on user configuration)
    "color.ui=never core.abbrev=7 core.pager=cat core.quotePath=true diff.algorithm=myers "
    "diff.interHunkContext=0 diff.mnemonicPrefix=false diff.noprefix=false diff.relative=false "
    "diff.renames=true diff.suppressBlankEmpty=false i18n.logOutputEncoding=UTF-8 "
    "log.diffMerges=first-parent log.showRoot=true log.showSignature=false"
).split() + [f"diff.opgave.xfuncname={_XFUNCNAME}"]
_DIFF = ["-p", "-U0", "--full-index", "--no-color", "--no-ext-diff", "--no-textconv"]
_MARK = "%x00%H%x00%h%x00%an%x00%ci"  # a NUL starts no line of a diff

_HUNK = re.compile(r"@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@ ?(.*)")
_INDEX = re.compile(r"index ([0-9a-f]+)\.\.([0-9a-f]+)")
_SLUG_HEADER = re.compile(r"( *- +)slug:")
_SIGNATURE = re.compile(r"( *)signature:(.*)")
_NULL = re.compile(r"(null|Null|NULL|~)\s*(#.*)?")
_PAYMENT = re.compile(r"\s*-\s+\{")
_IGNORED = re.compile(r"\s*(#.*)?")  # blank and comment lines
_STRUCTURE = re.compile(r"[^ \t#]|\s*(-\s+)?slug:")  # top-level keys, items, slugs

_Ref = str | Path | None  # a blob id, a file in the working tree, or no file
_Change = tuple[str, str, str | None, str | None]  # party, field, before, after


@dataclass(frozen=True)
class _Unreadable:
    """A version of a file that cannot be read, and why (the loader's first problem)."""

    reason: str


@lru_cache(maxsize=4096)
def _line(text: str) -> tuple[bool, Any]:
    """One dedented line as YAML, within the loader's limits, every value as written but
    null: (parsed?, value)."""
    doc, _ = parse_yaml(text, "line", as_written=True)
    return doc.complete, doc.value if doc.complete else None


def _compact(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_compact(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_compact(v) for v in value) + "]"
    return "null" if value is None else str(value)


def _fields(before: Any, after: Any) -> list[tuple[str, str | None, str | None]]:
    """(field, before, after) for each field of a signature that differs."""
    old, new = (v if isinstance(v, dict) else {} if v is None else {"signature": v}
                for v in (before, after))  # fmt: skip
    keys = dict.fromkeys([*(k for k in SIGNATURE_FIELDS if k in old or k in new), *old, *new])
    shown = {str(k): [None if v.get(k) is None else _compact(v[k]) for v in (old, new)]
             for k in keys}  # fmt: skip
    return [(k, b, a) for k, (b, a) in shown.items() if b != a]


def _payment(item: Any) -> tuple[str, str]:
    """The party of a payment and its description:
    ``2023: 52414.93 on 2023-03-01 (F-1) [p-fc8c69541c15]``."""
    if not isinstance(item, dict):
        return "", _compact(item)
    rest = dict(item)
    keys = ("gemeente", "year", "amount", "date", "reference", "id")
    party, *parts = (rest.pop(k, None) for k in keys)
    # TRANSLATORS: in the audit trail, a payment's date: "2023: 52414.93 on 2023-03-01".
    on = " " + _("on") + " "
    text = "".join(f"{before}{_compact(value)}{after}" for (before, after), value
                   in zip((("", ": "), ("", ""), (on, ""), (" (", ")"), (" [", "]")), parts,
                          strict=True)
                   if value is not None)  # fmt: skip
    text += "".join(f", {k}: {_compact(v)}" for k, v in rest.items())
    return ("" if party is None else _compact(party)), text


@dataclass
class _FileDiff:
    name: str
    old: _Ref = None
    new: _Ref = None
    whole: bool = False  # compare the two versions whole (binary, or from scratch)
    hunks: list[tuple[str, list[str]]] = field(default_factory=list)  # (header, +/- lines)


@dataclass
class _Commit:
    key: str = ""  # the full hash
    commit: str | None = None
    author: str | None = None
    date: str | None = None
    files: list[_FileDiff] = field(default_factory=list)


def _parse(out: bytes, names: Sequence[str], commit: _Commit | None = None) -> list[_Commit]:
    """``git log`` (commits marked by a NUL line) or ``git diff`` output (``commit``)."""
    commits = [commit] if commit is not None else []
    current: _FileDiff | None = None
    lines: list[str] = []
    in_header = False
    for line in out.decode("utf-8", "replace").split("\n"):
        if line.startswith("\0"):
            full, short, author, date = line[1:].split("\0")
            commits.append(_Commit(full, short, author, date))
            current = None
        elif line.startswith("diff --git "):
            path = line.rstrip('"')
            name = next((n for n in names if path.endswith("/" + n)), names[0])
            commits[-1].files.append(current := _FileDiff(name))
            in_header = True
        elif current is None:
            continue
        elif line.startswith("@@"):
            in_header, lines, found = False, [], _HUNK.match(line)
            current.hunks.append((found.group(1) if found else "", lines))
        elif in_header:
            if oids := _INDEX.match(line):  # (all zeros: no such file)
                current.old, current.new = (o if o.strip("0") else None for o in oids.groups())
            elif line.startswith(("Binary files ", "GIT binary patch")):
                current.whole = True
        elif line[:1] in ("+", "-", " "):  # (no context lines, with -U0)
            lines.append(line.rstrip("\r"))
    return commits


def _signature(header: str, indent: int, rest: str, counterparty: str) -> tuple[str, Any] | None:
    """Party and value of a one-line ``signature: REST`` below ``header``, if certain."""
    text = rest.strip()
    if len(header) >= 79 or not (text.startswith("{") or _NULL.fullmatch(text)):
        return None  # a header git cut at 80 bytes; a block mapping below, an alias...
    ok, value = _line("signature: " + text)
    value = value.get("signature") if ok and isinstance(value, dict) else False
    if not (value is None or isinstance(value, dict)):
        return None
    if found := _SLUG_HEADER.match(header):
        ok, slug = _line(header[found.end(1) :])
        slug = slug.get("slug") if ok and isinstance(slug, dict) else None
        return (slug, value) if isinstance(slug, str) and indent == len(found.group(1)) else None
    ok, top = _line(header)
    return (counterparty, value) if ok and top == {"counterparty": None} and indent == 2 else None


def _fast(diff: _FileDiff, counterparty: str) -> list[_Change] | None:
    """The changes a file diff shows line by line; None when it needs comparing whole."""
    payments = diff.name == PAYMENTS_FILE
    signatures: dict[str, list[Any]] = {}  # party -> [before, after], in order of appearance
    paid: list[tuple[str, str, str]] = []  # (sign, party, description)
    for header, lines in diff.hunks:
        slug = _SLUG_HEADER.match(header)  # lines this deep are inside a party's values:
        depth = len(slug.group(1)) + 1 if slug else 3 if header.startswith("counterparty:") else 0
        for line in lines:
            sign, text = line[0], line[1:]
            if sign == " ":
                return None  # context: lines between changes, which may name a party
            if _IGNORED.fullmatch(text):
                continue
            if payments:  # payment lines, and `payments:` with no items
                ok, value = _line(text.strip() if (item := _PAYMENT.match(text)) else text)
                if item and ok and isinstance(value, list) and len(value) == 1:
                    paid.append((sign, *_payment(value[0])))
                elif value not in ({"payments": None}, {"payments": []}):
                    return None
                continue
            if found := _SIGNATURE.fullmatch(text):
                known = _signature(header, len(found.group(1)), found.group(2), counterparty)
                if known is None:
                    return None
                signatures.setdefault(known[0], [None, None])[sign == "+"] = known[1]
            elif _STRUCTURE.match(text):
                return None
            elif depth and text.startswith(" " * depth):
                return None  # perhaps inside a block-style signature
    changes = [(p, *f) for p, (old, new) in signatures.items() for f in _fields(old, new)]
    return changes + _ledger([(p, d) for s, p, d in paid if s == "-"],
                             [(p, d) for s, p, d in paid if s == "+"])  # fmt: skip


def _ledger(removed: list[tuple[str, str]], added: list[tuple[str, str]]) -> list[_Change]:
    """Payments removed and added, less the lines that were only moved or rewritten."""
    changes: list[_Change] = []
    for items, others, gone in ((removed, added, True), (added, removed, False)):
        net = Counter(items) - Counter(others)
        for party, text in (item for item in items if net[item] > 0):
            net[party, text] -= 1
            changes.append((party, "payment", *((text, None) if gone else (None, text))))
    return changes


def _whole(old: Any, new: Any, payments: bool, counterparty: str) -> list[_Change]:
    """The changes between two versions of a file, each parsed whole."""
    if payments:
        lists = [v.get("payments") if isinstance(v, dict) else None for v in (old, new)]
        return _ledger(*([_payment(i) for i in v] if isinstance(v, list) else [] for v in lists))
    before, after = dict[str, Any](), dict[str, Any]()  # party -> signature
    for doc, found in ((old, before), (new, after)):
        for key, value in doc.items() if isinstance(doc, dict) else ():
            if key == "counterparty" and isinstance(value, dict):
                found.setdefault(counterparty, value.get("signature"))
            for item in value if isinstance(value, list) else ():
                if isinstance(item, dict) and isinstance(item.get("slug"), str):
                    found.setdefault(item["slug"], item.get("signature"))
    parties = dict.fromkeys([*after, *before])
    return [(p, *f) for p in parties for f in _fields(before.get(p), after.get(p))]


def _parse_text(raw: bytes | Path, name: str) -> Any:
    """A blob, or a working-tree file, read by the loader (its limits on size, depth and
    aliases) with every value as written but null; or why it cannot be read."""
    if isinstance(raw, Path):
        doc, problems = read_file(raw, as_written=True)
    else:
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            byte = f"0x{raw[exc.start]:02x}"
            return _Unreadable(_("not valid UTF-8 (byte {byte})").format(byte=byte))
        doc, problems = read_file(Path(name), text, as_written=True)
    if doc is None or not doc.complete:
        errors = errors_only(problems)
        return _Unreadable(errors[0].message if errors else _("not valid YAML"))
    return doc.value


def log(
    data_dir: Path, *, counterparty_slug: str, files: Sequence[str] = DATA_FILES
) -> list[Entry]:
    """Every change of a signature field and every payment added or removed, newest first,
    from the git history of ``files`` in ``data_dir`` and its working tree. Raises an
    :class:`OpgaveError` (one line) outside a git repository, without git, or if git fails."""
    names = list(dict.fromkeys(files))
    if not names:
        return []
    if not data_dir.is_dir():
        raise OpgaveError(_("{folder}: no such data folder").format(folder=display_name(data_dir)))
    with tempfile.TemporaryDirectory(prefix="opgave-log-") as tmp:
        (attributes := Path(tmp) / "attributes").write_text("* diff=opgave\n", encoding="utf-8")
        git = Git(data_dir, [f"core.attributesFile={attributes}", *_CONFIG], why=_(_WHY))
        commit = head(git)
        commits = _history(git, commit, names) if commit else []
        commits.insert(0, _uncommitted(git, commit, names))
        return _entries(git, commits, names, counterparty_slug)


def _history(git: Git, head: str, names: list[str]) -> list[_Commit]:
    """The commits that changed ``names``, on the first-parent line, newest first."""
    commands = [("rev-list", "--first-parent", head)] + [
        ("log", "--first-parent", "-m", "--follow", f"--format={_MARK}", *_DIFF, head, "--", name)
        for name in names
    ]
    from concurrent.futures import ThreadPoolExecutor  # (only here: not for git_revision)

    with ThreadPoolExecutor(len(commands)) as pool:  # one git process per core
        line, *logs = pool.map(lambda command: git.run(*command), commands)
    order = {oid: i for i, oid in enumerate(line.decode().split())}
    commits: dict[str, _Commit] = {}
    for name, out in zip(names, logs, strict=True):
        for commit in _parse(out, [name]):
            if (known := commits.setdefault(commit.key, commit)) is not commit:
                known.files += commit.files
    return sorted(commits.values(), key=lambda c: order.get(c.key, len(order)))


def _uncommitted(git: Git, commit: str | None, names: list[str]) -> _Commit:
    """The working files against the last commit, compared by opgave (git never reads the
    working tree): the ledger line by line, the other files whole."""
    pending = _Commit()
    for name, blob in uncommitted(git, commit, names).items():
        path = git.data_dir / name
        diff = _FileDiff(name, old=blob, new=path if path.exists() else None, whole=True)
        if name == PAYMENTS_FILE and blob is not None and diff.new is not None:
            diff = _ledger_lines(git, diff, blob, path) or diff
        pending.files.append(diff)
    return pending


def _ledger_lines(git: Git, diff: _FileDiff, blob: str, path: Path) -> _FileDiff | None:
    """The ledger's lines removed and added since the commit, as a diff of no context
    (the order of the lines is the ledger's, and a payment is one line); None when a
    version cannot be read as text."""
    from collections import Counter

    from ..loader.folder import read_text

    old_bytes = read_blobs(git, [blob]).get(blob)
    new_text, _ = read_text(path)
    try:
        old_text = old_bytes.decode("utf-8").removeprefix("\ufeff") if old_bytes else None
    except UnicodeDecodeError:
        return None
    if old_text is None or new_text is None:
        return None
    old, new = old_text.splitlines(), new_text.splitlines()
    lines: list[str] = []
    for sign, ours, theirs in (("-", old, new), ("+", new, old)):
        left = Counter(ours) - Counter(theirs)  # lines only this side has, with how often
        for line in ours:
            if left[line] > 0:
                left[line] -= 1
                lines.append(sign + line)
    return _FileDiff(diff.name, diff.old, diff.new, hunks=[("", lines)])


def _entries(git: Git, commits: list[_Commit], names: list[str], party: str) -> list[Entry]:
    """The entries of each commit, file by file in the order of ``names``."""
    order = {name: i for i, name in enumerate(names)}
    planned = [(c, d, None if d.whole else _fast(d, party)) for c in commits
               for d in sorted(c.files, key=lambda d: order.get(d.name, len(order)))]  # fmt: skip
    refs = {(r, d.name) for _, d, c in planned if c is None for r in (d.old, d.new) if r}
    blobs = read_blobs(git, sorted({r for r, _ in refs if isinstance(r, str)}))
    parsed = {r: _parse_text(blobs[r] if isinstance(r, str) else r, name)
              for r, name in refs if not isinstance(r, str) or r in blobs}  # fmt: skip
    entries: list[Entry] = []
    for commit, diff, changes in planned:
        if changes is None:
            old, new = (parsed.get(r, _Unreadable(_("missing"))) if r else None
                        for r in (diff.old, diff.new))  # fmt: skip
            bad = next((v for v in (old, new) if isinstance(v, _Unreadable)), None)
            if bad is not None:
                # One line in the trail, which goes on: nothing to compare this version with.
                entries.append(Entry(commit.commit, commit.author, commit.date, "",
                                     "unreadable", None, f"{diff.name}: {bad.reason}"))  # fmt: skip
                continue
            changes = _whole(old, new, diff.name == PAYMENTS_FILE, party)
        entries += [Entry(commit.commit, commit.author, commit.date, *c) for c in changes]
    return entries
