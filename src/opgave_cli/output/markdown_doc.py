"""A Document (``output.document``) as GitHub-flavoured Markdown: ``markdown``.

Every value is escaped so that it shows as written: the characters Markdown reads
(``\\ ` * _ [ ] < > | # ~``) get a backslash, and so do a ``&`` that would start an
entity and a line start that would open a list (``2024. ...``, ``- ...``). Whitespace
within a value is one space. Lines that belong together (an address, fields, a
signature block) end in a backslash, GitHub's hard line break. Tables have an
alignment row (numeric columns right-aligned) and their totals as a last, bold row;
a caption is a bold line above. A page break is a thematic break (``---``).
"""

from __future__ import annotations

import re

from .document import (
    Address,
    Block,
    BulletList,
    Document,
    Fields,
    Heading,
    NumberedList,
    PageBreak,
    Paragraph,
    Signature,
    Table,
    as_cell,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LIST_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+])(?=\s|$)")


def _md(text: str) -> str:
    """A value from the data, escaped for use inside a line."""
    return _ENTITY.sub(r"\\&", _SPECIAL.sub(r"\\\1", " ".join(text.split())))


def _md_line(text: str) -> str:
    """A value that starts a line: also kept from opening a list or a heading."""
    escaped = _md(text)
    match = _LIST_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1) is not None:
        return f"{match.group(1)}\\{escaped[len(match.group(1)) :]}"
    return "\\" + escaped


def _hard_lines(lines: list[str]) -> list[str]:
    """Lines shown as lines: each but the last ends in a hard break."""
    return [line + "\\" for line in lines[:-1]] + lines[-1:]


def _table(table: Table) -> list[str]:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    width = len(table.head)
    out = [f"**{_md(table.caption)}**", ""] if table.caption else []
    out.append(row([_md(h) for h in table.head]))
    out.append(row(["---:" if i in table.numeric else "---" for i in range(width)]))
    out += [row([_md(as_cell(c).text) for c in r]) for r in table.rows]
    if table.foot is not None:
        out.append(row([f"**{_md(v)}**" if v.strip() else "" for v in table.foot]))
    return out


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * block.level} {_md(block.text)}"]
    if isinstance(block, Paragraph):
        return [f"**{_md(block.text)}**" if block.emphasis else _md_line(block.text)]
    if isinstance(block, Address):
        return _hard_lines([_md_line(line) for line in block.lines])
    if isinstance(block, Fields):
        return _hard_lines([f"**{_md(k)}:** {_md(v)}" for k, v in block.rows])
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, NumberedList):
        return [f"{block.start + i}. {_md(x)}" for i, x in enumerate(block.items)]
    if isinstance(block, BulletList):
        return [f"- {_md(x)}" for x in block.items]
    if isinstance(block, Signature):
        lines = [_md_line(line) for line in block.lines]
        lines += [_md_line(block.signer)] if block.signer else []
        return _hard_lines([*lines, _md_line(block.label)])
    if isinstance(block, PageBreak):
        return ["---"]
    raise TypeError(f"not a block: {block!r}")


def markdown(doc: Document) -> str:
    """The Document as Markdown text, blocks separated by a blank line, one final newline."""
    addresses, rest = doc.lead()
    chunks = [_block(a) for a in addresses]
    chunks.append([f"# {_md(doc.title)}"])
    if doc.subtitle:
        chunks.append([_md_line(doc.subtitle)])
    chunks += [_block(b) for b in rest]
    if doc.footer:
        chunks.append(["---", "", _md_line(doc.footer)])
    return "\n\n".join("\n".join(chunk) for chunk in chunks) + "\n"
