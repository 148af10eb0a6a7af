"""`amlnet audit --nsg FILE ... [--route-table FILE ...] [--firewall-policy FILE ...] [--config FILE | --cloud C --region R
--scenario S ...]`: a network you already have, as Azure exports it, against every flow AML needs and every exposure
verify knows. Exit 0 clean, 1 findings, 2 bad input."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .args import add_selection, cidr_arg, private_ip_arg, selection


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help="check exported NSGs, route tables and firewall policy rules against what AML needs; exit 1 "
                                     "on a missing flow or an exposure")
    p.add_argument("--nsg", action="append", required=True, metavar="FILE",
                   help="`az network nsg show` output (REST GET shape, az's flattened shape or an ARM template export; repeatable)")
    p.add_argument("--route-table", action="append", default=[], metavar="FILE", help="`az network route-table show` output (repeatable)")
    p.add_argument("--firewall-policy", action="append", default=[], metavar="FILE",
                   help="`az network firewall policy rule-collection-group show` or `list` output (repeatable)")
    p.add_argument("--pe-prefix", action="append", default=None, type=cidr_arg, metavar="CIDR",
                   help="the private endpoints' subnet range (repeatable; default: from --config)")
    p.add_argument("--firewall-ip", type=private_ip_arg, default=None, help="the firewall's private IP (the next hop to expect)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_selection(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..reports.audit import audit, render_json, render_text
    from ..reports.audit_export import load_exports

    cfg, _, regions = selection(args)
    nsgs, tables, collections = load_exports(args.nsg, args.route_table, args.firewall_policy)
    pe = args.pe_prefix
    if pe is None:
        pe = [cfg.network.private_endpoint_subnet.cidr] if args.config and cfg.network.private_endpoint_subnet.cidr else []
    report = audit(nsgs, tables, collections, cfg.cloud, regions, cfg.enabled_scenarios, pe_prefixes=pe, firewall_ip=args.firewall_ip)
    sys.stdout.write(render_json(report) if args.format == "json" else render_text(report))
    return 0 if report.clean() else 1
