"""The `amlnet` command. No cdktf: every subcommand answers in well under a second,
except validate, which runs terraform (seconds per stack).

    amlnet egress [--config FILE | --cloud C --region R --scenario S ...] [--format table|csv|json|markdown]
    amlnet dependencies FILE.json [--config FILE | --cloud C --region R ...] [--fragment]
    amlnet k8s-policies [--no-inference] [--api-server-cidr CIDR] [--scoring-client CIDR ...] [--config FILE]
    amlnet verify [cdktf.out | cdk.tf.json] [--format table|json] [--all] [--cloud C --region R ...]
    amlnet dns-forwarders [--config FILE | --cloud C --resolver-ip IP] [--format text|json]
    amlnet schema [--markdown]
    amlnet merge CONFIG FRAGMENT... [--output FILE]
    amlnet validate [cdktf.out | stack dir | cdk.tf.json ...] [--allow FILE] [--jobs N] [--separately] [--no-plan] [--format table|json]
    amlnet init | diff | diagram | audit ...       (one module each in amlnet/commands/)
    amlnet --version

Bad input: one line naming what is wrong, exit code 2, no traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from .catalog import Names, Scenario
from .config import ConfigError
from .loading import load_config, parse_config

if TYPE_CHECKING:
    from .catalog import Region
    from .config import AmlNetConfig

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2 (argparse's default prints the usage too)
        print(f"amlnet: {message} (see `amlnet {self.prog.split()[-1]} --help`)" if " " in self.prog else f"amlnet: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("amlnet")
    except PackageNotFoundError:  # run from a source tree without the editable install
        return "unknown (not installed)"


CLOUDS = ("public", "usgov", "china")


def _region_arg(value: str) -> str:
    """argparse type: a known ARM region name; the error lists the valid ones."""
    from .catalog import REGIONS

    if value.strip().lower() in REGIONS:
        return value.strip().lower()
    shown = value if len(value) <= 40 else value[:37] + "..."
    raise argparse.ArgumentTypeError(f"unknown region {shown!r} (choose from {', '.join(sorted(REGIONS))})")


def _cidr_arg(value: str) -> str:
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


def _name_arg(kind: str) -> Any:
    """argparse type: a name Azure accepts for `kind` (amlnet.catalog.naming_rules)."""
    from .catalog.naming_rules import name_problem

    def check(value: str) -> str:
        problem = name_problem(kind, value)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value
    return check


SCENARIO_CHOICES = [s.value for s in Scenario if s not in (Scenario.COMPUTE, Scenario.STUDIO)]


def _add_selection(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("which requirements")
    g.add_argument("--config", help="a configuration file (YAML or JSON); the other selection flags are then not used")
    g.add_argument("--cloud", choices=CLOUDS, default="public")
    g.add_argument("--region", default="eastus2", type=_region_arg, help="ARM region name, e.g. eastus2, usgovvirginia, chinanorth3")
    g.add_argument("--scenario", action="append", default=None, metavar="NAME",
                   choices=SCENARIO_CHOICES,
                   help="a scenario on top of compute and studio (repeatable); default: the configuration default "
                        "(microsoft-images, python-packages, azure-monitor)")
    g.add_argument("--hbi", action="store_true", help="the workspace has the hbi_workspace flag")
    g.add_argument("--storage", type=_name_arg("storage_account"),
                   help="the default storage account's name (else `<storage>` stays in host names)")
    g.add_argument("--acr", type=_name_arg("container_registry"), help="the container registry's name (else `<acr>`)")


def _selection(args: argparse.Namespace) -> tuple[AmlNetConfig, Names, tuple[Region, ...]]:
    """(config, names, regions) from --config or from the flags."""
    if args.config:
        cfg = load_config(args.config)
        names = Names(storage_account=args.storage or cfg.storage_account_name or "<storage>", container_registry=args.acr or cfg.container_registry_name or "<acr>")
        regions = [cfg.region_info]
        if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")) and cfg.compute_region != cfg.region:
            from .catalog import region

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


def cmd_egress(args: argparse.Namespace) -> int:
    from .reports.egress import egress_rows, render

    cfg, names, regions = _selection(args)
    if args.managed_mode or cfg.isolation == "managed":
        from .reports.managed_egress import managed_rows, render_managed

        mode = args.managed_mode or cfg.managed_network.isolation_mode
        sys.stdout.write(render_managed(managed_rows(cfg, regions, mode), args.format, cloud=cfg.cloud.value, regions=[r.name for r in regions],
                                        scenarios=sorted(s.value for s in cfg.enabled_scenarios), isolation_mode=mode))
        return 0
    rows = egress_rows(cfg, regions, names)
    sys.stdout.write(render(rows, args.format, cloud=cfg.cloud.value, regions=[r.name for r in regions],
                            scenarios=sorted(s.value for s in cfg.enabled_scenarios)))
    return 0


def cmd_dependencies(args: argparse.Namespace) -> int:
    import yaml

    from .dependencies import compare, fragment, load_dependencies
    from .reports.egress import egress_rows

    endpoints = load_dependencies(args.file)
    cfg, names, regions = _selection(args)
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


def cmd_k8s_policies(args: argparse.Namespace) -> int:
    from .kubernetes_policies import PolicyOptions, network_policies, render_yaml

    api, sources = args.api_server_cidr, tuple(args.scoring_client or ())
    if args.config:  # the aks-inference stack's cluster: its API server endpoint and scoring clients
        from .planner import inference_placement

        pl = inference_placement(load_config(args.config))
        if pl.subnet_cidr:
            api = api if args.api_server_cidr != "0.0.0.0/0" else pl.subnet_cidr
            sources = sources or (*pl.scoring_clients, pl.subnet_cidr)
    opts = PolicyOptions(inference=not args.no_inference, api_server_cidr=api, scoring_sources=sources)
    sys.stdout.write(render_yaml(network_policies(opts)))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .verify import load_documents, render, verify_document

    reports = [verify_document(d, cloud=args.cloud, regions=args.region, scenarios=args.scenario) for d in load_documents(args.path)]
    sys.stdout.write(render(reports, args.format, show_all=args.all))
    return 1 if any(r.violations or not r.findings for r in reports) else 0


def _private_ip_arg(value: str) -> str:
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


def cmd_dns_forwarders(args: argparse.Namespace) -> int:
    from .dns_forwarders import render

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


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return int(text)


def cmd_validate(args: argparse.Namespace) -> int:
    import time
    from pathlib import Path

    from .validate import AllowList, Skip, Validator, find_stacks, preflight, render
    from .validate.stack import ValidateError

    start = time.perf_counter()
    stacks = [s for p in args.path for s in find_stacks(p, prefix=f"{Path(p).name}/" if len(args.path) > 1 else "")]
    allow = AllowList.load(args.allow) if args.allow else AllowList(source="no allow-list")
    try:
        tools = preflight(Path(args.cache_dir) if args.cache_dir else None)
    except Skip:
        raise ValidateError("terraform is not on the PATH; install terraform >= 1.4 (docs/proving.md: Validate with the real provider)") from None
    tools.source.prepare()
    with Validator(tools.source, allow, jobs=args.jobs, terraform=tools.terraform, batch=not args.separately) as v:
        for s in stacks:
            v.submit(s)
        results = v.results()
    sys.stdout.write(render(results, args.format, source=tools.source, allow=allow, seconds=time.perf_counter() - start, jobs=v.jobs))
    ok = all(r.ok for r in results)
    if args.no_plan or not ok or args.format != "table":
        return 0 if ok else 1
    from .validate.plan import plan_stacks, render_plan
    from .validate.runner import terraform_env

    t = time.perf_counter()
    planned = plan_stacks(tools.source, [(s.name, s.file) for s in stacks], terraform=tools.terraform, env=terraform_env(tools.source))
    sys.stdout.write(render_plan(planned, time.perf_counter() - t))
    return 0 if all(r.ok for r in planned.values()) else 1


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="amlnet", description="Network requirements of Azure Machine Learning in your own VNet.")
    parser.add_argument("--version", action="version", version=f"amlnet {version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    e = sub.add_parser("egress", help="the allow-list for a configuration or for cloud, region and scenarios")
    _add_selection(e)
    e.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table")
    e.add_argument("--managed-mode", choices=["allow_only_approved_outbound", "allow_internet_outbound"], default=None,
                   help="show the managed-network outbound rule that carries each row (default with a config of isolation: managed)")
    e.set_defaults(func=cmd_egress)

    d = sub.add_parser("dependencies", help="compare the outboundNetworkDependenciesEndpoints JSON with the catalog")
    d.add_argument("file", help="the JSON the workspace's outboundNetworkDependenciesEndpoints API returned")
    _add_selection(d)
    d.add_argument("--fragment", action="store_true", help="print a configuration fragment (YAML) with extra firewall rules")
    d.set_defaults(func=cmd_dependencies)

    k = sub.add_parser("k8s-policies", help="Kubernetes NetworkPolicies for the azureml namespace (seed 000)")
    k.add_argument("--no-inference", action="store_true", help="training only: leave out the real-time inference policies")
    k.add_argument("--api-server-cidr", default="0.0.0.0/0", type=_cidr_arg, help="the API server's address range (narrow it)")
    k.add_argument("--scoring-client", action="append", type=_cidr_arg, metavar="CIDR", help="a range allowed to reach azureml-fe (repeatable)")
    k.add_argument("--config", help="a configuration file: the aks-inference cluster's subnet (private API server) and scoring clients")
    k.set_defaults(func=cmd_k8s_policies)

    v = sub.add_parser("verify", help="evaluate every required and every unrequested flow in synthesized stacks; exit 1 on a violation")
    v.add_argument("path", nargs="?", default="cdktf.out", help="cdktf.out (every stack) or one cdk.tf.json (default: cdktf.out)")
    v.add_argument("--format", choices=["table", "json"], default="table")
    v.add_argument("--all", action="store_true", help="list every check, not only the violations")
    v.add_argument("--cloud", choices=CLOUDS, default=None, help="for stacks without amlnet metadata")
    v.add_argument("--region", action="append", default=None, type=_region_arg, help="for stacks without amlnet metadata (repeatable)")
    v.add_argument("--scenario", action="append", default=None, choices=[s.value for s in Scenario],
                   help="for stacks without amlnet metadata (repeatable)")
    v.set_defaults(func=cmd_verify)

    f = sub.add_parser("dns-forwarders", help="the zones an on-premises DNS server must forward to the Private DNS Resolver, per cloud")
    f.add_argument("--config", help="a configuration file: its cloud, and its resolver's inbound IP (dns.resolver) or first dns.servers entry")
    f.add_argument("--cloud", choices=CLOUDS, default="public", help="without --config (default: public)")
    f.add_argument("--resolver-ip", type=_private_ip_arg, default=None, help="the resolver's inbound IP (default: from --config, else a placeholder)")
    f.add_argument("--format", choices=["text", "json"], default="text")
    f.set_defaults(func=cmd_dns_forwarders)

    t = sub.add_parser("validate", help="terraform init + validate every stack with the real azurerm provider; exit 1 on an error "
                                        "or on a warning the allow-list does not explain")
    t.add_argument("path", nargs="*", default=["cdktf.out"], help="cdktf.out, a stack folder or a cdk.tf.json (default: cdktf.out)")
    t.add_argument("--allow", metavar="FILE", help="YAML list of accepted warnings, each with a reason (see terraform-validate-allow.yaml)")
    t.add_argument("--jobs", type=_positive, default=None, help="stacks at once (default: $AMLNET_VALIDATE_JOBS or the CPU count)")
    t.add_argument("--separately", action="store_true", help="one terraform init + validate per stack (default: all stacks as "
                                                             "modules of one run; a batch with an error is rerun this way)")
    t.add_argument("--format", choices=["table", "json"], default="table")
    t.add_argument("--no-plan", action="store_true", help="skip the plan check (terraform test with mock_provider azurerm, two "
                                                         "plans per stack: resource IDs unknown, then known); it runs after a clean "
                                                         "validate, with the table format")
    t.add_argument("--cache-dir", default=None, help="where the provider mirror and plugin cache live (default: $AMLNET_CACHE_DIR "
                                                    "or ~/.cache/amlnet)")
    t.set_defaults(func=cmd_validate)
    from .commands import register_all

    register_all(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .commands import usage_errors
    from .dependencies import DependenciesError
    from .validate import AllowListError, ProviderError, Unavailable, ValidateError
    from .verify import VerifyError

    args = build_parser().parse_args(argv)
    bad_input: tuple[type[Exception], ...] = (ConfigError, DependenciesError, VerifyError, ValidateError, AllowListError, ProviderError, Unavailable, *usage_errors())
    try:
        code: int = args.func(args)
        return code
    except bad_input as err:
        print(f"amlnet: {err}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `amlnet egress | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
