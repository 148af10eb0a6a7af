"""`amlnet egress`: the allow-list for a configuration, or for cloud, region and scenarios (a firewall team's table)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .args import add_selection, selection


def register(sub: Any) -> None:
    e = sub.add_parser("egress", help="the allow-list for a configuration or for cloud, region and scenarios")
    add_selection(e)
    e.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table")
    e.add_argument("--managed-mode", choices=["allow_only_approved_outbound", "allow_internet_outbound"], default=None,
                   help="show the managed-network outbound rule that carries each row (default with a config of isolation: managed)")
    e.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..reports.egress import egress_rows, render

    cfg, names, regions = selection(args)
    if args.managed_mode or cfg.isolation == "managed":
        from ..reports.managed_egress import managed_rows, render_managed

        mode = args.managed_mode or cfg.managed_network.isolation_mode
        sys.stdout.write(render_managed(managed_rows(cfg, regions, mode), args.format, cloud=cfg.cloud.value, regions=[r.name for r in regions],
                                        scenarios=sorted(s.value for s in cfg.enabled_scenarios), isolation_mode=mode))
        return 0
    rows = egress_rows(cfg, regions, names)
    sys.stdout.write(render(rows, args.format, cloud=cfg.cloud.value, regions=[r.name for r in regions],
                            scenarios=sorted(s.value for s in cfg.enabled_scenarios)))
    return 0
