"""`amlnet dependencies FILE.json`: the workspace's outboundNetworkDependenciesEndpoints answer against the catalog."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .args import add_selection, selection


def register(sub: Any) -> None:
    d = sub.add_parser("dependencies", help="compare the outboundNetworkDependenciesEndpoints JSON with the catalog")
    d.add_argument("file", help="the JSON the workspace's outboundNetworkDependenciesEndpoints API returned")
    add_selection(d)
    d.add_argument("--fragment", action="store_true", help="print a configuration fragment (YAML) with extra firewall rules")
    d.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import yaml

    from ..dependencies import compare, fragment, load_dependencies
    from ..reports.egress import egress_rows

    endpoints = load_dependencies(args.file)
    cfg, names, regions = selection(args)
    result = compare(endpoints, egress_rows(cfg, regions, names))
    if args.fragment:
        sys.stdout.write(yaml.safe_dump(fragment(result.missing_from_catalog), sort_keys=False))
        return 0
    out = sys.stdout
    out.write(f"{len(endpoints)} endpoints in {args.file}; {len(result.missing_from_catalog)} not allowed by the catalog "
              f"for cloud {cfg.cloud.value}, region {', '.join(r.name for r in regions)}.\n")
    if result.missing_from_catalog:
        out.write("\nListed by the API, missing from the catalog (add them with --fragment):\n")
        for ep in result.missing_from_catalog:
            out.write(f"  {ep.domain}  ports {','.join(map(str, ep.ports))}  ({ep.category})\n")
    if result.not_in_api:
        out.write("\nIn the catalog, not listed by the API (other scenarios, or wildcards the API spells out):\n")
        for host in result.not_in_api:
            out.write(f"  {host}\n")
    return 0
