"""What `amlnet verify` reports: findings (one checked flow, zone or probe each) and notes, rendered as
a table or as JSON (`amlnet.verify/v1`).

Example::

    print(render([verify_document(doc)], "table"))
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass
class Finding:
    stack: str
    subnet: str
    check: str
    """flow | dns | exposure | return-path | exfiltration | reachability | provider-rule"""
    direction: str
    flow: str
    expected: str
    result: str
    decided_by: str
    violation: bool


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stack: str = ""
    """The document's name (a report with no finding still names its stack)."""
    assumed_scenarios: tuple[str, ...] = ()
    """Without metadata or --scenario: the scenarios verify assumed (only their flows were checked)."""

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.violation]


def render(reports: list[Report], fmt: str, show_all: bool = False) -> str:
    findings = [f for r in reports for f in r.findings]
    notes = [n for r in reports for n in r.notes]
    unverified = [r.stack for r in reports if not r.findings]
    assumed = {r.stack: list(r.assumed_scenarios) for r in reports if r.assumed_scenarios}
    if fmt == "json":
        return json.dumps({"schema": "amlnet.verify/v1", "violations": sum(f.violation for f in findings),
                           "unverified": unverified, "assumed_scenarios": assumed, "findings": [asdict(f) for f in findings],
                           "notes": notes}, indent=2) + "\n"
    shown = findings if show_all else [f for f in findings if f.violation]
    lines = []
    cols = ("stack", "subnet", "check", "flow", "expected", "result", "decided_by")
    rows = [cols] + [tuple(str(getattr(f, c)) for c in cols) for f in shown]
    if shown:
        widths = [min(max(len(r[i]) for r in rows), 70 if i == 3 else 200) for i in range(len(cols))]
        for i, r in enumerate(rows):
            lines.append("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
            if i == 0:
                lines.append("  ".join("-" * w for w in widths))
    by_stack: dict[str, list[Finding]] = {}
    for f in findings:
        by_stack.setdefault(f.stack, []).append(f)
    for stack, fs in by_stack.items():
        v = sum(f.violation for f in fs)
        lines.append(f"{stack}: {len(fs)} checks, {v} violation{'s' if v != 1 else ''} "
                     f"({sum(f.check == 'flow' for f in fs)} flows, {sum(f.check == 'dns' for f in fs)} DNS, "
                     f"{sum(f.check == 'exposure' for f in fs)} exposure, {sum(f.check == 'return-path' for f in fs)} return path, "
                     f"{sum(f.check == 'exfiltration' for f in fs)} exfiltration)")
    for n in dict.fromkeys(notes):
        lines.append(f"note: {n}")
    total = sum(f.violation for f in findings)
    if total:
        lines.append(f"FAILED: {total} violation(s).")
    elif unverified:
        lines.append(f"NOT VERIFIED: nothing was checked in {', '.join(unverified)} (no subnet hosts AML compute and no managed "
                     "network): verify says OK only after checks")
    elif assumed:
        which = "; ".join(f"{stack}: {', '.join(scen)}" for stack, scen in assumed.items())
        lines.append(f"OK ONLY FOR THE ASSUMED SCENARIOS ({which}): the flows of any other scenario were not checked; record the "
                     "stack's scenarios (amlnet.constructs.record_verify_metadata) or give --scenario")
    else:
        lines.append("OK: every required flow is allowed and every unrequested one denied.")
    return "\n".join(lines) + "\n"
