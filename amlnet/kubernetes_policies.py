"""Kubernetes NetworkPolicy manifests for the in-cluster traffic Azure Machine Learning needs. No cdktf.

Seed 000 ("in-cluster communication requirements"): the `azureml` namespace talks to the API server,
to itself, and to `kube-dns` and `konnectivity-agent` in `kube-system`; for real-time inference,
`azureml-fe` pods reach model pods in any namespace on 5001 and open 11001, 12001, 12101, 12201,
20000, 8000, 8001, 9001 among themselves, and model pods reach `amlarc-identity-proxy` pods on 9999.

These are allow policies for a cluster whose namespaces deny by default. Pod labels are parameters:
check them with `kubectl get pods -n azureml --show-labels` and pass what your extension version uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalog.kubernetes import IN_CLUSTER

NAMESPACE = "azureml"
FE_INTERNAL_PORTS = tuple(sorted(next(r.ports for r in IN_CLUSTER if r.destination == "azureml-fe pods")))
MODEL_PORT = next(r.ports for r in IN_CLUSTER if r.destination == "model pods (any namespace)")[0]
IDENTITY_PROXY_PORT = next(r.ports for r in IN_CLUSTER if r.destination == "amlarc-identity-proxy pods")[0]


@dataclass(frozen=True)
class PolicyOptions:
    inference: bool = True
    api_server_cidr: str = "0.0.0.0/0"
    """Narrow this to the API server's address (AKS: the control plane's IP, or the private endpoint)."""
    api_server_port: int = 443
    scoring_sources: tuple[str, ...] = ()
    """AKS inference (seed 004): ranges whose scoring requests reach azureml-fe through the internal load
    balancer: the scoring clients and the AKS node subnet (the load balancer's traffic arrives from nodes)."""
    fe_labels: tuple[tuple[str, str], ...] = (("app", "azureml-fe"),)
    identity_proxy_labels: tuple[tuple[str, str], ...] = (("app", "amlarc-identity-proxy"),)


def _meta(name: str) -> dict[str, Any]:
    return {"name": name, "namespace": NAMESPACE, "labels": {"app.kubernetes.io/managed-by": "amlnet"},
            "annotations": {"amlnet/source": "seed 000: Kubernetes compute, in-cluster communication requirements"}}


def _policy(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": _meta(name), "spec": spec}


def network_policies(opts: PolicyOptions = PolicyOptions()) -> list[dict[str, Any]]:
    kube_system = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}}
    out = [
        _policy("azureml-within-namespace", {
            "podSelector": {}, "policyTypes": ["Ingress", "Egress"],
            "ingress": [{"from": [{"podSelector": {}}]}], "egress": [{"to": [{"podSelector": {}}]}],
        }),
        _policy("azureml-to-kube-dns-and-konnectivity", {
            "podSelector": {}, "policyTypes": ["Egress"],
            "egress": [
                {"to": [{**kube_system, "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
                 "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]},
                {"to": [{**kube_system, "podSelector": {"matchLabels": {"app": "konnectivity-agent"}}}]},
            ],
        }),
        _policy("azureml-to-api-server", {
            "podSelector": {}, "policyTypes": ["Egress"],
            "egress": [{"to": [{"ipBlock": {"cidr": opts.api_server_cidr}}], "ports": [{"protocol": "TCP", "port": opts.api_server_port}]}],
        }),
    ]
    if opts.inference:
        fe = {"matchLabels": dict(opts.fe_labels)}
        proxy = {"matchLabels": dict(opts.identity_proxy_labels)}
        out += [
            _policy("azureml-fe-to-models", {
                "podSelector": fe, "policyTypes": ["Egress"],
                "egress": [{"to": [{"namespaceSelector": {}}], "ports": [{"protocol": "TCP", "port": MODEL_PORT}]}],
            }),
            _policy("azureml-fe-internal", {
                "podSelector": fe, "policyTypes": ["Ingress"],
                "ingress": [{"from": [{"podSelector": fe}], "ports": [{"protocol": "TCP", "port": p} for p in FE_INTERNAL_PORTS]}],
            }),
            *([_policy("azureml-fe-from-scoring-clients", {
                # the router's serving port is one of those seed 000 lists for azureml-fe; amlnet allows them all
                "podSelector": fe, "policyTypes": ["Ingress"],
                "ingress": [{"from": [{"ipBlock": {"cidr": c}} for c in opts.scoring_sources],
                             "ports": [{"protocol": "TCP", "port": p} for p in FE_INTERNAL_PORTS]}],
            })] if opts.scoring_sources else []),
            _policy("models-to-identity-proxy", {
                "podSelector": proxy, "policyTypes": ["Ingress"],
                "ingress": [{"from": [{"namespaceSelector": {}}], "ports": [{"protocol": "TCP", "port": IDENTITY_PROXY_PORT}]}],
            }),
        ]
    return out


def render_yaml(policies: list[dict[str, Any]]) -> str:
    import yaml

    header = "# amlnet: NetworkPolicies for Azure Machine Learning in-cluster traffic (seed 000).\n"
    return header + yaml.safe_dump_all(policies, sort_keys=False)
