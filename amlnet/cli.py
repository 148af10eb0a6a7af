"""The `amlnet` command. No cdktf: every subcommand answers in well under a second.

    amlnet egress [--config FILE | --cloud C --region R --scenario S ...] [--format table|csv|json|markdown]
    amlnet dependencies FILE.json [--config FILE | --cloud C --region R ...] [--fragment]
    amlnet k8s-policies [--no-inference] [--api-server-cidr CIDR] [--scoring-client CIDR ...] [--config FILE]
    amlnet verify [cdktf.out | cdk.tf.json] [--format table|json] [--all]

Bad input: one line naming what is wrong, exit code 2, no traceback.
"""

from __future__ import annotations

import argparse
import sys

from .catalog import Names, Scenario
from .config import ConfigError, load_config, parse_config

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2 (argparse's default prints the usage too)
        print(f"amlnet: {message} (see `amlnet {self.prog.split()[-1]} --help`)" if " " in self.prog else f"amlnet: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _add_selection(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("which requirements")
    g.add_argument("--config", help="a configuration file (YAML or JSON); the other selection flags are then not used")
    g.add_argument("--cloud", choices=["public", "usgov", "china"], default="public")
    g.add_argument("--region", default="eastus2", help="ARM region name, e.g. eastus2, usgovvirginia, chinanorth3")
    g.add_argument("--scenario", action="append", default=None, metavar="NAME",
                   choices=[s.value for s in Scenario if s not in (Scenario.COMPUTE, Scenario.STUDIO)],
                   help="a scenario on top of compute and studio (repeatable); default: the configuration default "
                        "(microsoft-images, python-packages, azure-monitor)")
    g.add_argument("--hbi", action="store_true", help="the workspace has the hbi_workspace flag")
    g.add_argument("--storage", help="the default storage account's name (else `<storage>` stays in host names)")
    g.add_argument("--acr", help="the container registry's name (else `<acr>`)")


def _selection(args):
    """(config, names, regions) from --config or from the flags."""
    if args.config:
        cfg = load_config(args.config)
        names = Names(storage_account=args.storage or cfg.storage_account_name or "<storage>", container_registry=args.acr or cfg.container_registry_name or "<acr>")
        regions = [cfg.region_info]
        if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")) and cfg.compute_region != cfg.region:
            from .catalog import region

            regions.append(region(cfg.compute_region))
        return cfg, names, tuple(regions)
    data: dict = {"cloud": args.cloud, "region": args.region, "stacks": ["secure-workspace"], "workspace": {"hbi": args.hbi}}
    if args.scenario is not None:
        data["scenarios"] = args.scenario
    if args.scenario and "public-ip-compute" in args.scenario:
        data["scenarios"] = [s for s in args.scenario if s != "public-ip-compute"]
        data["compute"] = {"public_ip": True}
    cfg = parse_config(data, "arguments")
    names = Names(storage_account=args.storage or "<storage>", container_registry=args.acr or "<acr>")
    return cfg, names, (cfg.region_info,)


def cmd_egress(args) -> int:
    from .report import egress_rows, render

    cfg, names, regions = _selection(args)
    rows = egress_rows(cfg, regions, names)
    sys.stdout.write(render(rows, args.format, cloud=cfg.cloud.value, regions=[r.name for r in regions],
                            scenarios=sorted(s.value for s in cfg.enabled_scenarios)))
    return 0


def cmd_dependencies(args) -> int:
    import yaml

    from .dependencies import compare, fragment, load_dependencies
    from .report import egress_rows

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


def cmd_k8s_policies(args) -> int:
    from .kubernetes_policies import PolicyOptions, network_policies, render_yaml

    api, sources = args.api_server_cidr, tuple(args.scoring_client or ())
    if args.config:  # the aks-inference stack's cluster: its API server endpoint and scoring clients
        from .planning.placement import inference_placement

        pl = inference_placement(load_config(args.config))
        if pl.subnet_cidr:
            api = api if args.api_server_cidr != "0.0.0.0/0" else pl.subnet_cidr
            sources = sources or (*pl.scoring_clients, pl.subnet_cidr)
    opts = PolicyOptions(inference=not args.no_inference, api_server_cidr=api, scoring_sources=sources)
    sys.stdout.write(render_yaml(network_policies(opts)))
    return 0


def cmd_verify(args) -> int:
    from .verify import load_documents, render, verify_document

    reports = [verify_document(d, cloud=args.cloud, regions=args.region, scenarios=args.scenario) for d in load_documents(args.path)]
    sys.stdout.write(render(reports, args.format, show_all=args.all))
    return 1 if any(r.violations for r in reports) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="amlnet", description="Network requirements of Azure Machine Learning in your own VNet.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    e = sub.add_parser("egress", help="the allow-list for a configuration or for cloud, region and scenarios")
    _add_selection(e)
    e.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table")
    e.set_defaults(func=cmd_egress)

    d = sub.add_parser("dependencies", help="compare the outboundNetworkDependenciesEndpoints JSON with the catalog")
    d.add_argument("file", help="the JSON the workspace's outboundNetworkDependenciesEndpoints API returned")
    _add_selection(d)
    d.add_argument("--fragment", action="store_true", help="print a configuration fragment (YAML) with extra firewall rules")
    d.set_defaults(func=cmd_dependencies)

    k = sub.add_parser("k8s-policies", help="Kubernetes NetworkPolicies for the azureml namespace (seed 000)")
    k.add_argument("--no-inference", action="store_true", help="training only: leave out the real-time inference policies")
    k.add_argument("--api-server-cidr", default="0.0.0.0/0", help="the API server's address range (narrow it)")
    k.add_argument("--scoring-client", action="append", metavar="CIDR", help="a range allowed to reach azureml-fe (repeatable)")
    k.add_argument("--config", help="a configuration file: the aks-inference cluster's subnet (private API server) and scoring clients")
    k.set_defaults(func=cmd_k8s_policies)

    v = sub.add_parser("verify", help="evaluate every required and every unrequested flow in synthesized stacks; exit 1 on a violation")
    v.add_argument("path", nargs="?", default="cdktf.out", help="cdktf.out (every stack) or one cdk.tf.json (default: cdktf.out)")
    v.add_argument("--format", choices=["table", "json"], default="table")
    v.add_argument("--all", action="store_true", help="list every check, not only the violations")
    v.add_argument("--cloud", choices=["public", "usgov", "china"], default=None, help="for stacks without amlnet metadata")
    v.add_argument("--region", action="append", default=None, help="for stacks without amlnet metadata (repeatable)")
    v.add_argument("--scenario", action="append", default=None, help="for stacks without amlnet metadata (repeatable)")
    v.set_defaults(func=cmd_verify)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .dependencies import DependenciesError
    from .verify import VerifyError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (ConfigError, DependenciesError, VerifyError) as err:
        print(f"amlnet: {err}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `amlnet egress | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
