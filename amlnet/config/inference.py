"""AKS inference (seed 004): the `aks-inference` stack's section, its TLS settings, and the checks of
seed 004's limits and the AKS address rules (run by `cross_checks.validate_cross`).

Example::

    InferenceConfig(node_count=3, scoring_clients=("10.30.0.0/16",), tls=TlsConfig(cname="score.example.com"))
"""

from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from .base import AZURE_RESERVED_IPS, StrictModel
from .fields import Cidr, ClusterName, RegionName, VmSize, check_cidr, check_subnets, network, parse_resource_id
from .network import SubnetConfig

if TYPE_CHECKING:
    from .model import AmlNetConfig


class TlsConfig(StrictModel):
    """HTTPS scoring (`allowInsecureConnections=False`). The certificate and key are never part of the
    configuration: the stack declares two sensitive Terraform variables, `scoring_tls_certificate_pem` and
    `scoring_tls_key_pem` (PEM text; set them with `TF_VAR_...` at deploy), and passes them base64-encoded as
    the extension's protected settings `scoringFe.sslCert` / `scoringFe.sslKey`, which is what
    `az k8s-extension create --config-protected sslCertPemFile=... sslKeyPemFile=...` sends (Learn:
    how-to-deploy-kubernetes-extension, configuration settings; Azure/azure-cli-extensions
    src/k8s-extension/azext_k8s_extension/partner_extensions/AzureMLKubernetes.py, `__set_inference_ssl_from_file`)."""

    cname: str = Field(max_length=253, pattern=r"^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
    """The name clients call (the certificate's CNAME, extension setting `sslCname`); point it at the internal
    load balancer's IP in your private DNS."""
    secret_name: str | None = None
    """Refused when set: a Kubernetes secret (`sslSecret`) cannot exist before the extension installs, because
    the private cluster is created in the same apply. Use the sensitive variables scoring_tls_certificate_pem and
    scoring_tls_key_pem instead."""

    @field_validator("secret_name")
    @classmethod
    def _no_secret(cls, v: str | None) -> str | None:
        if v is not None:
            raise ValueError(
                f"{v!r}: a Kubernetes secret cannot exist yet, the private cluster is created in the same apply; remove "
                "secret_name and pass the certificate and key as the sensitive variables scoring_tls_certificate_pem and "
                "scoring_tls_key_pem (TF_VAR_scoring_tls_certificate_pem, TF_VAR_scoring_tls_key_pem)")
        return v


class InferenceConfig(StrictModel):
    """An AKS inference cluster in the workspace VNet (seed 004), attached to the workspace as Kubernetes
    compute. Private cluster, Azure CNI, scoring on an internal load balancer in `subnet`."""

    cluster_name: str | None = None
    """The AKS cluster's name; defaults to `aks-<prefix>`."""
    compute_name: ClusterName = "aks-inference"
    """The workspace compute target's name (2-16 characters)."""
    region: RegionName | None = None
    """Defaults to `region`. Seed 004: with a private-endpoint workspace (amlnet's always are), AKS must be in
    the workspace's region; any other value is an error."""
    subnet: SubnetConfig = SubnetConfig(name="snet-aml-aks", cidr="10.20.4.0/24")
    """The nodes' subnet (Azure CNI: nodes and pods take addresses here); the internal load balancer's
    frontend, the scoring address, takes an address of it too. Created (`cidr`) or reused (`existing_id` + `cidr`)."""
    vm_size: VmSize = "Standard_D4s_v3"
    """The extension needs at least 4 vCPU and 14 GB per cluster for production (Learn:
    how-to-deploy-kubernetes-extension, prerequisites)."""
    node_count: int = Field(3, ge=1, le=100)
    """Nodes of the one node pool; three or more run three inference routers (inferenceRouterHA)."""
    max_pods: int = Field(50, ge=10, le=250)
    """Pods per node; Azure CNI reserves an address for each in the subnet."""
    service_cidr: str = Field("10.0.0.0/16", description=(
        "Kubernetes service addresses; must not overlap the VNet, peered VNets, scoring clients or on-premises ranges."))
    dns_service_ip: str = "10.0.0.10"
    """Inside `service_cidr`, not its first address."""
    docker_bridge_cidr: str | None = None
    """Removed from the AKS API (see `amlnet.catalog.aks.DOCKER_BRIDGE_GONE`); setting it is an error that says so."""
    private_cluster: bool = True
    """Private API server (seed 004, "private AKS cluster"). amlnet builds only private clusters: false is an error that says why."""
    public_fqdn: bool = False
    """`private_cluster_public_fqdn_enabled`; seed 004: Azure Machine Learning cannot use a public FQDN with a
    private cluster (an error)."""
    private_dns_zone_id: str | None = None
    """The API server's private DNS zone held in a hub (`privatelink.<region>.azmk8s.io` per cloud); default: the stack creates it."""
    network_contributor_scope: Literal["resource-group", "subnet"] = "resource-group"
    """Where the cluster identity holds Network Contributor: the VNet's resource group (seed 004), or only the
    subnet (tighter; the API server's zone is then AKS-managed, in the node resource group, since linking a zone
    of your own to the VNet needs the role on the VNet)."""
    scoring_clients: tuple[Cidr, ...] = ()
    """Ranges that may call the scoring endpoint (peered VNets, on-premises). Default: the workspace VNet's address space."""
    on_premises_ranges: tuple[Cidr, ...] = ()
    """Other ranges routed to the VNet (gateway, hub): the service CIDR must not overlap them."""
    tls: TlsConfig | None = None
    """None: HTTP scoring on port 80 inside the private network (`allowInsecureConnections=True`); set it for HTTPS on 443."""
    aci: bool = False
    """Seed 004: ACI in the VNet is not supported with a private-endpoint workspace; true is an error."""

    @field_validator("service_cidr")
    @classmethod
    def _svc(cls, v: str) -> str:
        return check_cidr(v)

    @field_validator("scoring_clients", "on_premises_ranges")
    @classmethod
    def _ranges(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for c in v:
            check_cidr(c)
        return v

    @field_validator("cluster_name")
    @classmethod
    def _name(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,61}[A-Za-z0-9]", v):
            raise ValueError(
                "AKS cluster names are 2-63 letters, digits, hyphens and underscores, starting and ending with a letter or digit"
            )
        return v

    @field_validator("private_dns_zone_id")
    @classmethod
    def _zone(cls, v: str | None) -> str | None:
        if v is not None:
            parse_resource_id(v, "Microsoft.Network/privateDnsZones")
        return v

    @property
    def scoring_ports(self) -> tuple[int, ...]:
        return (443,) if self.tls else (80,)

    @property
    def subnet_ip_demand(self) -> int:
        """Azure CNI: (nodes + 1 for upgrade surge) x (max pods + 1 for the node), plus Azure's 5, the API
        server's private endpoint and the internal load balancer's frontend (Learn: "Configure Azure CNI
        networking in AKS", plan IP addressing)."""
        return (self.node_count + 1) * (self.max_pods + 1) + AZURE_RESERVED_IPS + 2


def validate_inference(cfg: AmlNetConfig) -> None:
    """Seed 004's limits and the AKS address rules, as configuration errors (only when aks-inference is deployed)."""
    from ..catalog.aks import DOCKER_BRIDGE_GONE, SERVICE_CIDR_RESERVED_FIRST

    inf = cfg.inference
    if inf.aci:
        raise ValueError(
            "inference.aci: seed 004: deploying to Azure Container Instances in the VNet is not supported when the workspace "
            "has a private endpoint (amlnet's workspaces always do); use managed online endpoints with network isolation instead"
        )
    if inf.docker_bridge_cidr is not None:
        raise ValueError(f"inference.docker_bridge_cidr: {inf.docker_bridge_cidr!r}: {DOCKER_BRIDGE_GONE}")
    if "aks-inference" not in cfg.stacks:
        return
    if cfg.cloud.value == "china":
        raise ValueError(
            "stacks: 'aks-inference' with cloud 'china': the Azure Machine Learning extension is a cluster extension, and "
            "Learn (outbound-rules-control-egress, \"Cluster extensions\") publishes its endpoint "
            "(<region>.dp.kubernetesconfiguration...) for Azure Global and US Government only; amlnet opens no destination it "
            "cannot source, so the cluster could not install the extension behind the firewall. Remove 'aks-inference' from stacks"
        )
    if inf.region is not None and inf.region != cfg.region:
        raise ValueError(
            f"inference.region: {inf.region!r} differs from region {cfg.region!r}; seed 004: when the workspace has a private "
            "endpoint, the AKS cluster must be in the workspace's region"
        )
    if not inf.private_cluster:
        raise ValueError(
            "inference.private_cluster: false would give the API server a public address; amlnet builds private clusters only "
            "(seed 004, private AKS cluster). A public API server would need authorized IP ranges for the Azure Machine Learning "
            "control plane of both paired regions (Learn: how-to-deploy-kubernetes-extension, limitations)"
        )
    if cfg.egress.mode == "none" and inf.subnet.existing_id is None:
        raise ValueError(
            "inference.subnet: egress.mode 'none' creates no route, but AKS with outbound type userDefinedRouting needs the "
            "subnet's 0.0.0.0/0 route when the cluster is created; reuse a subnet your landing zone routes (inference.subnet.existing_id)"
        )
    if inf.public_fqdn and inf.private_cluster:
        raise ValueError(
            "inference.public_fqdn: true on a private cluster; seed 004: Azure Machine Learning cannot use a public FQDN "
            "with a private AKS cluster. Remove it (the workspace reaches the cluster by its private FQDN)"
        )
    if inf.private_dns_zone_id and inf.network_contributor_scope == "subnet":
        raise ValueError(
            "inference.private_dns_zone_id: a zone of your own needs the cluster identity's Network Contributor on the VNet "
            "(AKS links the zone to it), but inference.network_contributor_scope is 'subnet'; use 'resource-group' or drop the zone"
        )
    if inf.private_dns_zone_id:
        from ..catalog.aks import private_cluster_zone

        name = parse_resource_id(inf.private_dns_zone_id, "Microsoft.Network/privateDnsZones")["name"].lower()
        want = private_cluster_zone(cfg.cloud, cfg.region)
        if name != want and not name.endswith("." + want):
            raise ValueError(
                f"inference.private_dns_zone_id: zone {name!r} is not {want!r} (or a subzone of it), the private AKS zone of {cfg.region}"
            )
    svc = network(inf.service_cidr)
    others = [(f"network.address_space {c}", c) for c in cfg.network.address_space]
    if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")):
        others += [(f"compute_network.address_space {c}", c) for c in cfg.compute_network.address_space]
    others += [(f"inference.scoring_clients {c}", c) for c in inf.scoring_clients]
    others += [(f"inference.on_premises_ranges {c}", c) for c in inf.on_premises_ranges]
    for label, c in others:
        if svc.overlaps(network(c)):
            raise ValueError(
                f"inference.service_cidr: {inf.service_cidr} overlaps {label}; Kubernetes service addresses must not overlap "
                "the VNet, peered VNets or on-premises ranges (seed 004)"
            )
    try:
        dns = ipaddress.ip_address(inf.dns_service_ip)
    except ValueError:
        raise ValueError(f"inference.dns_service_ip: {inf.dns_service_ip!r} is not an IP address") from None
    if dns not in svc:
        raise ValueError(f"inference.dns_service_ip: {inf.dns_service_ip} is outside inference.service_cidr {inf.service_cidr} (seed 004)")
    if int(dns) - int(svc.network_address) <= SERVICE_CIDR_RESERVED_FIRST:
        raise ValueError(
            f"inference.dns_service_ip: {inf.dns_service_ip} is the first address of inference.service_cidr {inf.service_cidr}; "
            "Kubernetes gives that one to its own API service (use e.g. the .10 address)"
        )
    if inf.subnet.cidr:
        if not any(network(inf.subnet.cidr).subnet_of(network(c)) for c in cfg.network.address_space):
            raise ValueError(
                f"inference.subnet.cidr: {inf.subnet.cidr} is outside network.address_space ({', '.join(cfg.network.address_space)}); "
                "give the AKS inference subnet a range of your VNet (inference.subnet), or leave 'aks-inference' out of stacks"
            )
        subnets: list[tuple[str, str]] = [("inference.subnet.cidr", inf.subnet.cidr)]
        for sub_field, sub_cidr in (("network.compute_subnet.cidr", cfg.network.compute_subnet.cidr),
                                    ("network.private_endpoint_subnet.cidr", cfg.network.private_endpoint_subnet.cidr)):
            if sub_cidr:
                subnets.append((sub_field, sub_cidr))
        if cfg.egress.mode == "firewall" and cfg.egress.firewall.existing is None and cfg.network.firewall_subnet_cidr:
            subnets.append(("network.firewall_subnet_cidr", cfg.network.firewall_subnet_cidr))
        check_subnets(subnets, "network.address_space", cfg.network.address_space)
        have, need = network(inf.subnet.cidr).num_addresses, inf.subnet_ip_demand
        if have < need:
            raise ValueError(
                f"inference.subnet.cidr: {inf.subnet.cidr} has {have} addresses, but the cluster needs {need} (Azure CNI: "
                f"(inference.node_count={inf.node_count} + 1 upgrade surge) x (inference.max_pods={inf.max_pods} + 1), plus 5 Azure "
                "reserves, the API server's private endpoint and the internal load balancer)"
            )
