"""The zones an on-premises DNS server must conditionally forward to the Private Resolver's inbound
address, per cloud (`amlnet dns-forwarders`). Pure, no cdktf.

Two kinds of zone:
- private-link: the public DNS zone forwarder of each private DNS zone the stack links (Learn "Azure
  Private Endpoint private DNS zone values", https://learn.microsoft.com/azure/private-link/private-endpoint-dns,
  column "Public DNS zone forwarders"; `amlnet.catalog.clouds`). Forwarding the public zone, not the
  `privatelink.` one, is what makes `<storage>.blob.core.windows.net` follow its CNAME into the private zone.
- aml: the public names Azure Machine Learning's own hosts live under (Learn "How to use your workspace with
  a custom DNS server", https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns, sections
  "Workspace DNS resolution path" and "Example: Custom DNS Server hosted on-premises", step "Create
  conditional forwarders"); the China compute-instance zone follows seed 003 (`*.instances.ml.azure.cn`).

JSON format `amlnet.dns-forwarders/v1`: {"format", "cloud", "resolver_ip" (null if unknown), "zones":
[{"zone", "kind" ("private-link" | "aml"), "private_zone" (the privatelink zone, or null), "why"}]}.

Example::

    [z.zone for z in forwarder_zones("public")][:2]   # ['api.azureml.ms', 'notebooks.azure.net']
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .catalog import Cloud, profile

FORMAT = "amlnet.dns-forwarders/v1"

# cloud -> (zone, why): the AML names of how-to-custom-dns beyond the private-link zones
_AML_ZONES: dict[Cloud, tuple[tuple[str, str], ...]] = {
    Cloud.PUBLIC: (
        ("instances.azureml.ms", "compute instances (Jupyter, terminals)"),
        ("aznbcontent.net", "integrated notebooks"),
        ("inference.ml.azure.com", "managed online endpoints"),
    ),
    Cloud.USGOV: (
        ("instances.azureml.us", "compute instances (Jupyter, terminals)"),
        ("aznbcontent.net", "integrated notebooks"),
        ("inference.ml.azure.us", "managed online endpoints"),
    ),
    Cloud.CHINA: (
        ("instances.ml.azure.cn", "compute instances (Jupyter, terminals; seed 003)"),
        ("aznbcontent.net", "integrated notebooks"),
        ("inference.ml.azure.cn", "managed online endpoints"),
    ),
}

_WHY = {"api": "workspace API", "notebooks": "notebooks", "blob": "storage (blob)", "file": "storage (files)",
        "queue": "storage (queue)", "table": "storage (table)", "dfs": "storage (Data Lake)", "vault": "key vault",
        "registry": "container registry"}


@dataclass(frozen=True)
class ForwarderZone:
    zone: str
    """The zone to forward (conditional forwarder) to the resolver."""
    kind: str
    """`private-link` or `aml`."""
    private_zone: str | None
    """The private DNS zone it resolves through (private-link), else None."""
    why: str
    """What needs it."""


def forwarder_zones(cloud: Cloud | str) -> tuple[ForwarderZone, ...]:
    """Every zone to forward for `cloud`, private-link zones first, each once."""
    c = Cloud(cloud)
    out: dict[str, ForwarderZone] = {}
    for spec in profile(c).dns_zones:
        out.setdefault(spec.public_zone, ForwarderZone(spec.public_zone, "private-link", spec.zone_name, _WHY[spec.key]))
    for zone, why in _AML_ZONES[c]:
        out.setdefault(zone, ForwarderZone(zone, "aml", None, why))
    return tuple(out.values())


def render(cloud: Cloud | str, resolver_ip: str | None, fmt: str) -> str:
    """`text` (one zone per line, with the target) or `json` (FORMAT)."""
    zones = forwarder_zones(cloud)
    if fmt == "json":
        doc = {"format": FORMAT, "cloud": Cloud(cloud).value, "resolver_ip": resolver_ip, "zones": [z.__dict__ for z in zones]}
        return json.dumps(doc, indent=2) + "\n"
    target = resolver_ip or "<resolver inbound IP>"
    width = max(len(z.zone) for z in zones)
    lines = [f"# conditional forwarders for cloud {Cloud(cloud).value}: forward each zone to {target}"]
    lines += [f"{z.zone:<{width}}  -> {target}  ({z.kind}: {z.why})" for z in zones]
    return "\n".join(lines) + "\n"
