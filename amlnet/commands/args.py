"""Argument types and the requirement selection the `amlnet` subcommands share (`--config` or cloud, region, scenarios)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ..catalog import Names, Scenario
from ..loading import load_config, parse_config

if TYPE_CHECKING:
    from ..catalog import Region
    from ..config import AmlNetConfig

CLOUDS = ("public", "usgov", "china")


def region_arg(value: str) -> str:
    """argparse type: a known ARM region name; the error lists the valid ones."""
    from ..catalog import REGIONS

    if value.strip().lower() in REGIONS:
        return value.strip().lower()
    shown = value if len(value) <= 40 else value[:37] + "..."
    raise argparse.ArgumentTypeError(f"unknown region {shown!r} (choose from {', '.join(sorted(REGIONS))})")


def cidr_arg(value: str) -> str:
    """argparse type: an IPv4 CIDR such as 10.0.0.0/16 or 20.1.2.3/32."""
    import ipaddress

    try:
        net = ipaddress.ip_network(value.strip(), strict=True)
    except ValueError as e:
        shown = value if len(value) <= 40 else value[:37] + "..."
        raise argparse.ArgumentTypeError(f"{shown!r} is not a CIDR ({e}); give one like 10.0.0.0/16 or 20.1.2.3/32") from None
    if net.version != 4:
        raise argparse.ArgumentTypeError(f"{value!r}: only IPv4 ranges are supported")
    return str(net)


def name_arg(kind: str) -> Any:
    """argparse type: a name Azure accepts for `kind` (amlnet.catalog.naming_rules)."""
    from ..catalog.naming_rules import name_problem

    def check(value: str) -> str:
        problem = name_problem(kind, value)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value
    return check


SCENARIO_CHOICES = [s.value for s in Scenario if s not in (Scenario.COMPUTE, Scenario.STUDIO)]


def add_selection(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("which requirements")
    g.add_argument("--config", help="a configuration file (YAML or JSON); the other selection flags are then not used")
    g.add_argument("--cloud", choices=CLOUDS, default="public")
    g.add_argument("--region", default="eastus2", type=region_arg, help="ARM region name, e.g. eastus2, usgovvirginia, chinanorth3")
    g.add_argument("--scenario", action="append", default=None, metavar="NAME",
                   choices=SCENARIO_CHOICES,
                   help="a scenario on top of compute and studio (repeatable); default: the configuration default "
                        "(microsoft-images, python-packages, azure-monitor)")
    g.add_argument("--hbi", action="store_true", help="the workspace has the hbi_workspace flag")
    g.add_argument("--storage", type=name_arg("storage_account"),
                   help="the default storage account's name (else `<storage>` stays in host names)")
    g.add_argument("--acr", type=name_arg("container_registry"), help="the container registry's name (else `<acr>`)")


def selection(args: argparse.Namespace) -> tuple[AmlNetConfig, Names, tuple[Region, ...]]:
    """(config, names, regions) from --config or from the flags."""
    if args.config:
        cfg = load_config(args.config)
        names = Names(storage_account=args.storage or cfg.storage_account_name or "<storage>", container_registry=args.acr or cfg.container_registry_name or "<acr>")
        regions = [cfg.region_info]
        if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")) and cfg.compute_region != cfg.region:
            from ..catalog import region

            regions.append(region(cfg.compute_region))
        return cfg, names, tuple(regions)
    data: dict[str, Any] = {"cloud": args.cloud, "region": args.region, "stacks": ["secure-workspace"], "workspace": {"hbi": args.hbi}}
    if args.scenario is not None:
        data["scenarios"] = args.scenario
    if args.scenario and "public-ip-compute" in args.scenario:
        data["scenarios"] = [s for s in args.scenario if s != "public-ip-compute"]
        data["compute"] = {"public_ip": True}
    if args.scenario and "aks-inference" in args.scenario:  # the AKS subnet's rows: the stack, not a compute scenario
        data["scenarios"] = [s for s in data["scenarios"] if s != "aks-inference"]
        data["stacks"] = ["secure-workspace", "aks-inference"]
    cfg = parse_config(data, "arguments")
    names = Names(storage_account=args.storage or "<storage>", container_registry=args.acr or "<acr>")
    return cfg, names, (cfg.region_info,)


def private_ip_arg(value: str) -> str:
    """argparse type: a private IPv4 address (the resolver's inbound endpoint)."""
    import ipaddress

    try:
        ip = ipaddress.ip_address(value.strip())
    except ValueError:
        shown = value if len(value) <= 40 else value[:37] + "..."
        raise argparse.ArgumentTypeError(f"{shown!r} is not an IP address; give the resolver's inbound IP, e.g. 10.20.3.4") from None
    if ip.version != 4 or not ip.is_private or ip.is_unspecified or ip.is_loopback or ip.is_link_local:
        raise argparse.ArgumentTypeError(f"{value!r} must be a private IPv4 host address (the resolver's inbound endpoint), not "
                                         "0.0.0.0, loopback or link-local")
    return str(ip)


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return int(text)
