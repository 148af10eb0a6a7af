"""Which inbound NSG rules the attach subnet (VMs and HDInsight attached as compute) refuses. No cdktf; shared by
the configuration (`attached_compute` with `nsg.extra_rules`), the planner and `AttachedComputeSubnet`.

Seed 003, "Virtual machine or HDInsight cluster": SSH (22) comes from the `AzureMachineLearning` service tag.

Example::

    open_inbound_problem("Inbound", "Allow", "Internet", ("22",))   # "opens SSH (TCP 22) to 'Internet'; ..."
    open_inbound_problem("Inbound", "Allow", "AzureMachineLearning", ("22",))   # None
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

SSH_SOURCE = "AzureMachineLearning"
"""The only source of SSH to attached compute (seed 003)."""
SSH_PORT = 22
INTERNET_SOURCES = frozenset({"internet", "*", "any", "0.0.0.0/0"})


def _covers(ports: Sequence[str], port: int) -> bool:
    for p in ports:
        if p == "*":
            return True
        lo, _, hi = p.partition("-")
        if lo.isdigit() and int(lo) <= port <= int(hi or lo):
            return True
    return False


def _public(source: str) -> bool:
    if source.lower() in INTERNET_SOURCES:
        return True
    try:
        net = ipaddress.ip_network(source, strict=False)
    except ValueError:
        return False  # a service tag
    return not net.is_private


def open_inbound_problem(direction: str, access: str, source: str | Sequence[str], ports: Sequence[str]) -> str | None:
    """Why an NSG rule on the attach subnet is refused, or None: an inbound allow that opens SSH (22) to
    anything but `AzureMachineLearning` (or a regional `AzureMachineLearning.<Region>`), or that admits the
    Internet (or a public range) on any port."""
    if direction != "Inbound" or access != "Allow":
        return None
    for s in (source,) if isinstance(source, str) else source:
        if s == SSH_SOURCE or s.startswith(f"{SSH_SOURCE}."):  # the global tag or a regional one
            continue
        if _covers(ports, SSH_PORT):
            return (f"opens SSH (TCP {SSH_PORT}) to {s!r}; the attach subnet takes SSH from {SSH_SOURCE!r} only "
                    "(seed 003, Virtual machine or HDInsight cluster)")
        if _public(s):
            return f"admits {s!r} inbound on {', '.join(ports)}; the attach subnet takes nothing else from the Internet"
    return None
