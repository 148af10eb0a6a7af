"""Compare the workspace's outbound-dependencies API answer with the catalog. No cdktf.

Seed 000 ("dependency API"): `GET .../workspaces/<name>/outboundNetworkDependenciesEndpoints` returns
`{"value": [{"properties": {"category": str, "endpoints": [{"domainName": str,
"endpointDetails": [{"port": int}, ...]}, ...]}}, ...]}`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .reports.egress import EgressRow


class DependenciesError(ValueError):
    """A file that is not an outbound-dependencies document. `str(err)` names where and what."""


@dataclass(frozen=True)
class Endpoint:
    category: str
    domain: str
    ports: tuple[int, ...]


@dataclass(frozen=True)
class Comparison:
    missing_from_catalog: tuple[Endpoint, ...]
    """Domains (or ports of a domain) the API lists and the catalog does not allow."""
    not_in_api: tuple[str, ...]
    """Catalog host names no API endpoint matches (scenarios the workspace may not use, or wildcards)."""


def load_dependencies(path: str | Path) -> tuple[Endpoint, ...]:
    from .config_loading import InputError, read_text

    p = Path(path)
    try:
        doc = json.loads(read_text(p, "outbound-dependencies JSON file"))
    except InputError as e:
        raise DependenciesError(str(e)) from None
    except json.JSONDecodeError as e:
        raise DependenciesError(f"{p}: not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    except RecursionError:
        raise DependenciesError(f"{p}: nested too deeply to be an outbound-dependencies document") from None
    return parse_dependencies(doc, str(p))


def parse_dependencies(doc: Any, source: str = "document") -> tuple[Endpoint, ...]:
    if not isinstance(doc, dict) or not isinstance(doc.get("value"), list):
        raise DependenciesError(f"{source}: expected an object with a 'value' list (outboundNetworkDependenciesEndpoints)")
    out: list[Endpoint] = []
    for i, item in enumerate(doc["value"]):
        props = item.get("properties") if isinstance(item, dict) else None
        if not isinstance(props, dict) or not isinstance(props.get("endpoints"), list):
            raise DependenciesError(f"{source}: value[{i}].properties.endpoints: expected a list")
        category = str(props.get("category", ""))
        for j, ep in enumerate(props["endpoints"]):
            where = f"value[{i}].properties.endpoints[{j}]"
            if not isinstance(ep, dict) or not isinstance(ep.get("domainName"), str) or not ep["domainName"].strip():
                raise DependenciesError(f"{source}: {where}.domainName: expected a host name")
            ports = []
            for k, d in enumerate(ep.get("endpointDetails") or []):
                port = d.get("port") if isinstance(d, dict) else None
                if isinstance(port, bool) or not isinstance(port, int) or not 0 < port <= 65535:  # JSON true is an int to Python
                    raise DependenciesError(f"{source}: {where}.endpointDetails[{k}].port: expected a port number, got {port!r}")
                ports.append(port)
            out.append(Endpoint(category, ep["domainName"].strip().lower(), tuple(sorted(set(ports))) or (443,)))
    return tuple(out)


def host_matches(pattern: str, host: str) -> bool:
    """`*.a.b` matches any name ending in `.a.b` (Azure Firewall's wildcard); otherwise equality."""
    pattern, host = pattern.lower(), host.lower()
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) or host == pattern
    return pattern == host


def _ports(text: str) -> set[int]:
    out: set[int] = set()
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out.update(range(int(lo), int(hi or lo) + 1))
    return out


def compare(endpoints: tuple[Endpoint, ...], rows: tuple[EgressRow, ...]) -> Comparison:
    hosts = [r for r in rows if r.kind == "fqdn" and r.direction == "Outbound"]
    missing: list[Endpoint] = []
    for ep in endpoints:
        allowed: set[int] = set()
        for r in hosts:
            if host_matches(r.destination, ep.domain) or host_matches(ep.domain, r.destination):
                allowed |= _ports(r.ports)
        lacking = tuple(p for p in ep.ports if p not in allowed)
        if lacking:
            missing.append(Endpoint(ep.category, ep.domain, lacking))
    unmatched = sorted({r.destination for r in hosts if not any(host_matches(r.destination, ep.domain) or host_matches(ep.domain, r.destination) for ep in endpoints)})
    return Comparison(tuple(missing), tuple(unmatched))


def fragment(missing: tuple[Endpoint, ...]) -> dict[str, Any]:
    """A configuration fragment that allows what the catalog lacks (`egress.firewall.extra_fqdn_rules`)."""
    by_ports: dict[tuple[int, ...], list[str]] = {}
    for ep in missing:
        by_ports.setdefault(ep.ports, [])
        if ep.domain not in by_ports[ep.ports]:
            by_ports[ep.ports].append(ep.domain)
    rules = [
        {"name": f"dependencies-api-{i + 1}", "fqdns": sorted(domains), "ports": list(ports)}
        for i, (ports, domains) in enumerate(sorted(by_ports.items()))
    ]
    return {"egress": {"firewall": {"extra_fqdn_rules": rules}}}
