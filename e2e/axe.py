"""axe-core (e2e/vendor/axe.min.js) run in the page, its serious and critical violations kept.

The script is evaluated through the DevTools protocol (`page.evaluate`), which the page's
Content-Security-Policy does not govern: the pages are checked with their CSP on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


@cache
def _source() -> str:
    return SCRIPT.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Violation:
    where: str  # device, language and address of the page
    rule: str
    impact: str
    help: str
    help_url: str
    nodes: tuple[tuple[str, str], ...]  # (CSS selector, axe's summary of what to fix)

    def report(self) -> str:
        lines = [f"- {self.where}: {self.rule} ({self.impact}) {self.help}", f"    {self.help_url}"]
        for target, summary in self.nodes[:5]:
            lines.append(f"    {target}")
            lines.extend(f"      {line}" for line in summary.splitlines() if line.strip())
        if len(self.nodes) > 5:
            lines.append(f"    … and {len(self.nodes) - 5} more elements")
        return "\n".join(lines)


def axe_version(page: Page) -> str:
    return str(page.evaluate("window.axe.version"))


def blocking_violations(page: Page, where: str) -> list[Violation]:
    """Run axe (WCAG 2.1 A and AA rules) on the page as it is; keep serious and critical."""
    if page.evaluate("typeof window.axe") != "object":
        page.evaluate(_source())
    results: dict[str, Any] = page.evaluate(
        """tags => window.axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        WCAG_21_AA,
    )
    return [
        Violation(
            where=where,
            rule=violation["id"],
            impact=violation["impact"],
            help=violation["help"],
            help_url=violation["helpUrl"],
            nodes=tuple(
                (" ".join(map(str, node["target"])), node.get("failureSummary", ""))
                for node in violation["nodes"]
            ),
        )
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


def report(violations: list[Violation]) -> str:
    pages = len({violation.where for violation in violations})
    header = (
        f"axe-core found {len(violations)} serious or critical WCAG 2.1 A/AA violation(s) "
        f"on {pages} page(s):"
    )
    return "\n".join([header, *(violation.report() for violation in violations)])
