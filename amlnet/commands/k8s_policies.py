"""`amlnet k8s-policies`: Kubernetes NetworkPolicies for the azureml namespace (seed 000)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..loading import load_config
from .args import cidr_arg


def register(sub: Any) -> None:
    k = sub.add_parser("k8s-policies", help="Kubernetes NetworkPolicies for the azureml namespace (seed 000)")
    k.add_argument("--no-inference", action="store_true", help="training only: leave out the real-time inference policies")
    k.add_argument("--api-server-cidr", default="0.0.0.0/0", type=cidr_arg, help="the API server's address range (narrow it)")
    k.add_argument("--scoring-client", action="append", type=cidr_arg, metavar="CIDR", help="a range allowed to reach azureml-fe (repeatable)")
    k.add_argument("--config", help="a configuration file: the aks-inference cluster's subnet (private API server) and scoring clients")
    k.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..kubernetes_policies import PolicyOptions, network_policies, render_yaml

    api, sources = args.api_server_cidr, tuple(args.scoring_client or ())
    if args.config:  # the aks-inference stack's cluster: its API server endpoint and scoring clients
        from ..planner import inference_placement

        pl = inference_placement(load_config(args.config))
        if pl.subnet_cidr:
            api = api if args.api_server_cidr != "0.0.0.0/0" else pl.subnet_cidr
            sources = sources or (*pl.scoring_clients, pl.subnet_cidr)
    opts = PolicyOptions(inference=not args.no_inference, api_server_cidr=api, scoring_sources=sources)
    sys.stdout.write(render_yaml(network_policies(opts)))
    return 0
