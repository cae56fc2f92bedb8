"""Output of `opgave check`: every problem as text, JSON or GitHub workflow commands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import _, ngettext
from . import Out, Reporter

if TYPE_CHECKING:
    from ..errors import Problem


@dataclass(frozen=True)
class CheckResult:
    problems: list[Problem]
    files: list[str]  # the files checked, as the user knows them
    strict: bool

    @property
    def errors(self) -> int:
        from ..errors import errors_only

        return len(errors_only(self.problems))

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def failed(self) -> bool:
        return bool(self.errors or (self.strict and self.warnings))


def problems_text(result: CheckResult, out: Out) -> None:
    """``data/gemeenten.yaml:42:7: error: gemeenten[3].signature.date: message [rule]``;
    a control character in a name (a folder's, say) is shown as an escape."""
    from ..text import escape

    lines = []
    for p in result.problems:
        where = f"{p.file}:{p.line}:{p.column}" if p.line else p.file
        field = f" {p.path}:" if p.path else ""
        lines.append(f"{where}: {_severity(p.severity)}:{field} {p.message} [{p.rule}]")
    counts = ", ".join(
        (
            ngettext("{count} error", "{count} errors", result.errors).format(count=result.errors),
            ngettext("{count} warning", "{count} warnings", result.warnings).format(
                count=result.warnings
            ),
        )
    )
    strictly = _(" (--strict: warnings fail)") if result.strict and result.warnings else ""
    files = result.files
    checked = (
        files[0]
        if len(files) == 1
        else _("{files} and {last}").format(files=", ".join(files[:-1]), last=files[-1])
    )
    verdict = (
        _("Failed: {files}: {counts}") if result.failed else _("OK: {files}: {counts}")
    ).format(files=checked, counts=counts)
    lines.append(verdict + strictly)
    out.write("\n".join(escape(line) for line in lines) + "\n")


def _severity(severity: str) -> str:
    return _("warning") if severity == "warning" else _("error")


def problems_json(result: CheckResult, out: Out) -> None:
    out.json(
        {
            "ok": not result.failed,
            "problems": [
                {
                    "file": p.file,
                    "line": p.line or None,
                    "column": p.column or None,
                    "path": p.path,
                    "rule": p.rule,
                    "severity": p.severity,
                    "message": p.message,
                }
                for p in result.problems
            ],
        }
    )


def problems_github(result: CheckResult, out: Out) -> None:
    """GitHub workflow commands: each problem becomes an annotation on its line."""

    from ..text import escape

    def data(text: str) -> str:
        return escape(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    for p in result.problems:
        props = [f"file={prop(p.file)}"]
        if p.line:
            props += [f"line={p.line}", f"col={p.column}"]
        props.append(f"title={prop('opgave check: ' + p.rule)}")
        message = f"{p.path}: {p.message}" if p.path else p.message
        out.write(f"::{p.severity} {','.join(props)}::{data(message)}\n")


CHECK_FORMATS: dict[str, Reporter[CheckResult]] = {
    "text": problems_text,
    "json": problems_json,
    "github": problems_github,
}
