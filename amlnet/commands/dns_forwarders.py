"""`amlnet dns-forwarders`: the zones an on-premises DNS server forwards to the Private DNS Resolver."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..loading import load_config
from .args import CLOUDS, private_ip_arg


def register(sub: Any) -> None:
    f = sub.add_parser("dns-forwarders", help="the zones an on-premises DNS server must forward to the Private DNS Resolver, per cloud")
    f.add_argument("--config", help="a configuration file: its cloud, and its resolver's inbound IP (dns.resolver) or first dns.servers entry")
    f.add_argument("--cloud", choices=CLOUDS, default="public", help="without --config (default: public)")
    f.add_argument("--resolver-ip", type=private_ip_arg, default=None, help="the resolver's inbound IP (default: from --config, else a placeholder)")
    f.add_argument("--format", choices=["text", "json"], default="text")
    f.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..dns_forwarders import render

    cloud, ip = args.cloud, args.resolver_ip
    if args.config:
        cfg = load_config(args.config)
        cloud = cfg.cloud.value
        if ip is None and cfg.dns.resolver is not None:
            ip = cfg.dns.resolver.address
        elif ip is None and cfg.dns.servers:
            ip = cfg.dns.servers[0]
    sys.stdout.write(render(cloud, ip, args.format))
    return 0
