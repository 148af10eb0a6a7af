"""What the user wants: one validated, frozen model for a deployment.

Load it with `load_config(path)` or take `default_config()`. Every invalid input raises
`ConfigError` with one message that names the field and the value; nothing cdktf is imported.

Example::

    cfg = AmlNetConfig.model_validate({"region": "westeurope", "name_prefix": "fraud"})
    cfg.egress.mode  # 'firewall'
"""

from __future__ import annotations

import ipaddress
import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .addressing import ipv4_network, port_range_problem
from .catalog import ZONE_KEYS, Cloud, Scenario
from .catalog import region as lookup_region
from .catalog.model import ALWAYS_ON, Region
from .config_resolver import DnsResolverConfig, check_resolver, resolver_servers
from .config_storage_guard import GuardSetting, check_storage_guard
from .naming import COMPUTE_INSTANCE, CONTAINER_REGISTRY, KEY_VAULT, STORAGE_ACCOUNT, GlobalNameRule

AZURE_RESERVED_IPS = 5  # per subnet: network, gateway, two DNS, broadcast
NSG_MIN_PRIORITY, NSG_MAX_PRIORITY = 100, 4096
DENY_ALL_PRIORITY = 4096
"""The deny-all outbound rule that closes each compute subnet sits at the lowest user priority."""


class ConfigError(ValueError):
    """A configuration that cannot be deployed. `str(err)` is the one message for the user."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, use_attribute_docstrings=True)


Cidr = Annotated[str, Field(description="IPv4 CIDR, e.g. 10.0.0.0/24")]

def parse_resource_id(value: str, provider: str, child: str | None = None) -> dict[str, str]:
    """Split an Azure resource ID; raises ValueError if it is not of `provider` (and `child`). See `amlnet.resource_ids`."""
    from .resource_ids import parse_resource_id as strict

    return strict(value, provider, child)


def _matching(regex: str, message: str) -> AfterValidator:
    """A validator: the value must match `regex` in full, else ValueError(message)."""

    def check(v):
        if v is not None and not re.fullmatch(regex, v):
            raise ValueError(message)
        return v

    return AfterValidator(check)


def _resource_id_of(provider: str, child: str | None = None) -> AfterValidator:
    """A validator: the value must be an Azure resource ID of `provider` (and `child`)."""

    def check(v):
        if v is not None:
            parse_resource_id(v, provider, child)
        return v

    return AfterValidator(check)


VnetId = Annotated[str, _resource_id_of("Microsoft.Network/virtualNetworks")]
SubnetId = Annotated[str, _resource_id_of("Microsoft.Network/virtualNetworks", "subnets")]
FirewallPolicyId = Annotated[str, _resource_id_of("Microsoft.Network/firewallPolicies")]
def _azure_name(kind: str) -> AfterValidator:
    """A validator: the value must be a valid Azure name for `kind` (amlnet.catalog.naming_rules)."""
    from .catalog.naming_rules import check_name

    return AfterValidator(lambda v: v if v is None else check_name(kind, v))


def _vm_size(v: str) -> str:
    from .catalog.vm_sizes import vm_size_problem

    problem = vm_size_problem(v)
    if problem:
        raise ValueError(problem)
    return v


ClusterName = Annotated[str, _azure_name("compute_cluster")]
InstanceName = Annotated[str, _azure_name("compute_instance")]
SubnetName = Annotated[str, _azure_name("subnet")]
VnetName = Annotated[str, _azure_name("virtual_network")]
VmSize = Annotated[str, AfterValidator(_vm_size)]
StorageAccountName = Annotated[str, _matching(r"[a-z0-9]{3,24}", "storage account names are 3-24 lowercase letters and digits")]
KeyVaultName = Annotated[str, _matching(r"[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]", "key vault names are 3-24 letters, digits and hyphens, starting with a letter")]
RegistryName = Annotated[str, _matching(r"[A-Za-z0-9]{5,50}", "container registry names are 5-50 letters and digits")]
NamePrefix = Annotated[str, _matching(r"[a-z][a-z0-9]{2,11}", "3-12 lowercase letters and digits, starting with a letter (it goes into storage account names)")]


def _network(value: str) -> ipaddress.IPv4Network:
    return ipv4_network(value)  # shared with the construct props (amlnet/addressing.py)


def _check_cidr(value: str) -> str:
    _network(value)
    return value


def _check_firewall_subnet(value: str | None) -> str | None:
    if value is None:
        return value
    net = _network(value)
    if net.prefixlen > 26:
        raise ValueError(f"AzureFirewallSubnet must be /26 or larger, got /{net.prefixlen}")
    return value


def _check_space(value: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        raise ValueError("at least one address range is required")
    for c in value:
        _check_cidr(c)
    return value


def _check_region(value: str | None) -> str | None:
    if value is None:
        return value
    try:
        return lookup_region(value).name
    except KeyError:
        raise ValueError("unknown Azure region (use the ARM name, e.g. eastus2, westeurope, usgovvirginia, chinanorth3)") from None


AddressSpace = Annotated[tuple[Cidr, ...], AfterValidator(_check_space)]
FirewallSubnetCidr = Annotated[str, AfterValidator(_check_firewall_subnet)]
RegionName = Annotated[str, AfterValidator(_check_region)]


class SubnetConfig(_Strict):
    """A subnet the stack creates (`cidr`) or reuses (`existing_id`).

    With `existing_id`, also give `cidr` (the subnet's range) so NSG and firewall rules can name it
    precisely; without it they fall back to the `VirtualNetwork` tag or the VNet's address space."""

    name: SubnetName
    """Subnet name (Azure: 1-80 letters, digits, underscores, periods, hyphens)."""
    cidr: Cidr | None = None
    """The subnet's IPv4 range; inside the VNet's address_space, overlapping no other subnet."""
    existing_id: SubnetId | None = None
    """Reuse this subnet (a resource ID of the VNet in existing_vnet_id) instead of creating it."""

    @field_validator("cidr")
    @classmethod
    def _cidr(cls, v):
        return None if v is None else _check_cidr(v)

    @model_validator(mode="after")
    def _one_of(self):
        if self.cidr is None and self.existing_id is None:
            raise ValueError("give cidr (create the subnet) or existing_id (reuse it)")
        return self


class NetworkConfig(_Strict):
    """The workload virtual network. Defaults: a new VNet 10.20.0.0/16 with three subnets."""

    vnet_name: VnetName | None = None
    """Defaults to `vnet-<prefix>`."""
    existing_vnet_id: VnetId | None = None
    """Reuse this VNet instead of creating one; `address_space` must then list its ranges."""
    address_space: AddressSpace = ("10.20.0.0/16",)
    """The VNet's IPv4 ranges; every subnet lies inside them."""
    compute_subnet: SubnetConfig = SubnetConfig(name="snet-aml-compute", cidr="10.20.0.0/24")
    private_endpoint_subnet: SubnetConfig = SubnetConfig(name="snet-aml-private-endpoints", cidr="10.20.1.0/24")
    firewall_subnet_cidr: FirewallSubnetCidr | None = "10.20.2.0/26"
    """AzureFirewallSubnet; only used when the stack creates the firewall."""


class ExistingFirewall(_Strict):
    """A firewall policy in a hub: the stack only adds a rule collection group and routes to `private_ip`."""

    policy_id: FirewallPolicyId
    """Resource ID of the hub's Azure Firewall policy (Microsoft.Network/firewallPolicies)."""
    private_ip: str
    """The hub firewall's private IPv4 address: the next hop of the 0.0.0.0/0 route."""

    @field_validator("private_ip")
    @classmethod
    def _ip(cls, v):
        try:
            ip = ipaddress.ip_address(v)
        except ValueError:
            raise ValueError("not an IP address") from None
        if not ip.is_private:
            raise ValueError("the firewall's private IP must be a private address")
        return v


class ExtraFqdnRule(_Strict):
    """Host names to allow through the firewall beyond the catalog (e.g. from `amlnet dependencies`).

    TCP 80/443 become application rules; other ports network rules with FQDNs (no wildcards there)."""

    name: str
    """Rule name, unique among extra_fqdn_rules."""
    fqdns: tuple[str, ...] = Field(min_length=1)
    """Host names, lowercase; `*.example.com` wildcards only on ports 80/443."""
    ports: tuple[int, ...] = Field(min_length=1)
    """TCP ports, 1-65535."""

    @field_validator("fqdns")
    @classmethod
    def _fqdns(cls, v):
        for f in v:
            if not re.fullmatch(r"(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}", f.lower()):
                raise ValueError(f"not a host name: {f!r}")
        return tuple(f.lower() for f in v)

    @field_validator("ports")
    @classmethod
    def _ports(cls, v):
        for p in v:
            if not 0 < p <= 65535:
                raise ValueError(f"invalid port {p}")
        return v

    @model_validator(mode="after")
    def _wild(self):
        if any(p not in (80, 443) for p in self.ports) and any(f.startswith("*.") for f in self.fqdns):
            raise ValueError("wildcard host names work on ports 80/443 only (application rules); network rules take exact names")
        return self


class FirewallConfig(_Strict):
    sku_tier: Literal["Standard", "Premium"] = "Standard"
    """Basic has no DNS proxy, which FQDNs in network rules need."""
    threat_intel_mode: Literal["Alert", "Deny"] = "Deny"
    """What the firewall does with traffic to and from known-malicious addresses."""
    rule_collection_group_priority: int = Field(500, ge=100, le=65000)
    """Priority of amlnet's rule collection group in the policy (100-65000)."""
    existing: ExistingFirewall | None = None
    """A hub firewall to use instead of creating one."""
    use_as_dns: bool = True
    """Point the VNet's DNS at the firewall's DNS proxy (only when the stack creates the firewall)."""
    extra_fqdn_rules: tuple[ExtraFqdnRule, ...] = ()
    """Host names beyond the catalog (`amlnet dependencies --fragment`, merged with `amlnet merge`)."""


class EgressConfig(_Strict):
    mode: Literal["firewall", "nat-gateway", "none"] = "firewall"
    """firewall: UDR 0.0.0.0/0 to an Azure Firewall. nat-gateway: NAT gateway, the NSG alone filters.
    none: the stack creates no egress path (your landing zone provides it)."""
    firewall: FirewallConfig = FirewallConfig()
    nat_allow_unfiltered_https: bool = False
    """nat-gateway only: allow outbound TCP 80/443 to Internet for the hosts no service tag covers.
    Off by default: a NAT gateway cannot filter by host name."""


class HubConfig(_Strict):
    """The hub of a hub-spoke landing zone, when it lives in another subscription than the workload."""

    subscription_id: str
    """The hub's subscription (a GUID): the rule collection group in the hub's firewall policy and the links
    to the hub's private DNS zones are created there, through an aliased azurerm provider `hub`."""

    @field_validator("subscription_id")
    @classmethod
    def _guid(cls, v):
        from .resource_ids import GUID

        if not GUID.fullmatch(v):
            raise ValueError(f"{v!r} is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)")
        return v


class DnsConfig(_Strict):
    existing_zone_ids: dict[str, str] = {}
    """Private DNS zones held elsewhere (a hub), by key: api, notebooks, blob, file, queue, table, dfs, vault, registry."""
    link_existing_zones: bool = True
    """Create links from the workload VNet to the existing zones."""
    servers: tuple[str, ...] = ()
    """Custom DNS servers of the workload VNet(s): the hub firewall's DNS proxy or a Private DNS
    Resolver's inbound endpoint (private IPv4 addresses). The workspace VNet and a peered compute VNet
    use them when the stack creates those VNets, and every compute subnet's NSG allows UDP and TCP 53
    to them before its final deny. Empty: Azure DNS, or the stack's own firewall proxy
    (`egress.firewall.use_as_dns`). With `resolver`: its inbound address. Learn: https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns"""
    resolver: DnsResolverConfig | None = None
    """Deploy an Azure DNS Private Resolver in the workspace VNet; its inbound address becomes the VNet's DNS server."""

    @field_validator("servers")
    @classmethod
    def _servers(cls, v):
        for server in v:
            try:
                ip = ipaddress.ip_address(server)
            except ValueError:
                raise ValueError(f"{server!r} is not an IP address") from None
            if ip.version != 4 or not ip.is_private:
                raise ValueError(f"{server!r} must be a private IPv4 address (a DNS server inside your network)")
        return tuple(dict.fromkeys(v))

    @model_validator(mode="after")
    def _resolver(self):
        object.__setattr__(self, "servers", resolver_servers(self.resolver, self.servers))  # frozen: set once, while validating
        return self

    @field_validator("existing_zone_ids")
    @classmethod
    def _zones(cls, v):
        for key, zid in v.items():
            if key not in ZONE_KEYS:
                raise ValueError(f"unknown zone key {key!r}; expected one of {', '.join(ZONE_KEYS)}")
            try:
                parse_resource_id(zid, "Microsoft.Network/privateDnsZones")
            except ValueError as e:
                raise ValueError(f"{key}: {e}") from None
        return v


class ClusterConfig(_Strict):
    enabled: bool = True
    """Create the compute cluster."""
    name: ClusterName = "cpu-cluster"
    """Compute cluster name (Azure: 3-32 letters, digits and hyphens, starting with a letter)."""
    vm_size: VmSize = "Standard_DS3_v2"
    """VM size of the nodes, a Standard size such as Standard_DS3_v2."""
    vm_priority: Literal["Dedicated", "LowPriority"] = "Dedicated"
    """Dedicated or low-priority (evictable) nodes."""
    min_nodes: int = Field(0, ge=0)
    """Nodes kept running when idle."""
    max_nodes: int = Field(4, ge=1, le=1000)
    """Largest number of nodes (each takes one IP of the compute subnet)."""
    idle_seconds_before_scale_down: int = Field(1800, ge=60)
    """Idle time before a node is released."""

    @model_validator(mode="after")
    def _nodes(self):
        if self.min_nodes > self.max_nodes:
            raise ValueError(f"min_nodes ({self.min_nodes}) is greater than max_nodes ({self.max_nodes})")
        return self


class InstanceConfig(_Strict):
    enabled: bool = True
    """Create a compute instance."""
    name: InstanceName | None = None
    """Compute instance names are unique per region; defaults to `ci-<prefix>-<suffix>` (see `amlnet.naming`)."""
    vm_size: VmSize = "Standard_DS3_v2"
    """VM size of the instance, a Standard size such as Standard_DS3_v2."""


GPU_VM_SIZE = re.compile(r"^Standard_N[CDVG]", re.IGNORECASE)
"""N-series sizes (NC, ND, NV, NG) are GPU sizes (Learn: "Sizes for virtual machines in Azure", GPU
accelerated, https://learn.microsoft.com/azure/virtual-machines/sizes/overview#gpu-accelerated)."""


class ImageBuildClusterConfig(_Strict):
    """A small CPU cluster, in the compute subnet, that builds the workspace's environment images.

    The workspace's registry is private, so Azure ML cannot build images on serverless compute: "This
    works only when the workspace-dependent resources such as Storage Account or Container Registry are
    not under any network restriction" and "Only a CPU SKU is supported" for an image-build compute
    (Learn: https://learn.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet#enable-azure-container-registry-acr)."""

    name: ClusterName = "image-build"
    vm_size: VmSize = "Standard_DS3_v2"
    max_nodes: int = Field(1, ge=1, le=10)
    """Scales to zero when idle; one node builds one image at a time."""


class ComputeConfig(_Strict):
    cluster: ClusterConfig = ClusterConfig()
    """The compute cluster in the workspace's VNet."""
    instance: InstanceConfig = InstanceConfig()
    """The compute instance in the workspace's VNet."""
    image_build_cluster: ImageBuildClusterConfig | None = None
    """A dedicated CPU cluster for image builds. Default: none, the compute cluster builds images (it
    must then be enabled and of a CPU size). Set it when the compute cluster is disabled or has GPUs."""
    public_ip_routes: Literal["service-tags", "ip-prefixes"] = "service-tags"
    """How the public-IP control-plane routes name their destinations: service tags, or the tags' IPv4
    prefixes looked up with the azurerm_network_service_tags data source (one route per prefix)."""
    storage_exfiltration_guard: GuardSetting = "auto"
    """A service endpoint policy on every compute subnet amlnet creates (with the Microsoft.Storage service
    endpoint) allowing only the workspace's storage account and the /services/Azure/MachineLearning alias.
    auto: on unless an enabled scenario needs other storage (storage-firewall, vscode, kubernetes); true: on
    (refused with such a scenario or a reused compute subnet); false: off."""
    public_ip: bool = False
    """Compute with public IP (seed 000 scenario): adds inbound from AzureMachineLearning on 44224 and
    from BatchNodeManagement on 29876-29877, and, behind a firewall, routes with next hop Internet for
    that control traffic of the primary and the paired region. Off: no public IP, no inbound."""


class ComputeNetworkConfig(_Strict):
    """The second VNet of the `peered-compute` and `private-endpoint-compute` stacks (seed 003:
    compute cluster in a different VNet or region)."""

    region: RegionName | None = None
    """Defaults to the workspace's region. Seed 003 recommends the same region (latency, transfer cost)."""
    vnet_name: VnetName | None = None
    """Defaults to `vnet-<prefix>-compute`."""
    existing_vnet_id: VnetId | None = None
    """Reuse this VNet instead of creating one; `address_space` must then list its ranges."""
    address_space: AddressSpace = ("10.21.0.0/16",)
    """Its IPv4 ranges; must not overlap network.address_space."""
    compute_subnet: SubnetConfig = SubnetConfig(name="snet-aml-compute", cidr="10.21.0.0/24")
    private_endpoint_subnet: SubnetConfig = SubnetConfig(name="snet-aml-private-endpoints", cidr="10.21.1.0/24")
    """private-endpoint-compute only: holds the second workspace endpoint and the storage, vault, registry endpoints."""
    firewall_subnet_cidr: FirewallSubnetCidr | None = "10.21.2.0/26"
    """private-endpoint-compute with egress 'firewall': that VNet's own AzureFirewallSubnet (no peering to reach the other)."""
    egress_mode: Literal["firewall", "nat-gateway", "none"] | None = None
    """Defaults to egress.mode. peered-compute routes to the workspace VNet's firewall over the peering."""
    cluster: ClusterConfig = ClusterConfig()
    """The compute cluster in that VNet."""
    instance: bool = False
    """Always false: seed 003 says a compute instance cannot be created in another region or VNet."""


class ServerlessConfig(_Strict):
    """Serverless compute of the `serverless-no-public-ip` stack (seed 003)."""

    subnet: Literal["compute", "none"] = "compute"
    """compute: the workspace VNet's compute subnet, with its NSG and egress. none: no custom subnet."""
    public_ip: bool = False
    """true: serverless compute nodes get public IPs."""

    @model_validator(mode="after")
    def _subnet(self):
        if self.subnet == "none" and not self.public_ip:
            raise ValueError(
                "public_ip: false needs a custom subnet (subnet: compute): serverless compute without a custom "
                "subnet runs in a Microsoft-managed network and cannot be set to no public IP"
            )
        return self


# --- AKS inference (seed 004): the `aks-inference` stack ------------------------------------------


class TlsConfig(_Strict):
    """HTTPS scoring: a Kubernetes secret in the `azureml` namespace with `cert.pem` and `key.pem`, and
    the CNAME of the certificate (extension settings `sslSecret`, `sslCname`)."""

    secret_name: str
    """The Kubernetes secret in the `azureml` namespace with cert.pem and key.pem; create it before the extension installs."""
    cname: str
    """The name clients call (the certificate's CNAME); point it at the internal load balancer's IP in your private DNS."""


class InferenceConfig(_Strict):
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
    vm_size: str = "Standard_D4s_v3"
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
    def _svc(cls, v):
        return _check_cidr(v)

    @field_validator("scoring_clients", "on_premises_ranges")
    @classmethod
    def _ranges(cls, v):
        for c in v:
            _check_cidr(c)
        return v

    @field_validator("cluster_name")
    @classmethod
    def _name(cls, v):
        if v is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,61}[A-Za-z0-9]", v):
            raise ValueError(
                "AKS cluster names are 2-63 letters, digits, hyphens and underscores, starting and ending with a letter or digit"
            )
        return v

    @field_validator("private_dns_zone_id")
    @classmethod
    def _zone(cls, v):
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


def _validate_inference(cfg: AmlNetConfig) -> None:
    """Seed 004's limits and the AKS address rules, as configuration errors (only when aks-inference is deployed)."""
    from .catalog.aks import DOCKER_BRIDGE_GONE, SERVICE_CIDR_RESERVED_FIRST

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
        from .catalog.aks import private_cluster_zone

        name = parse_resource_id(inf.private_dns_zone_id, "Microsoft.Network/privateDnsZones")["name"].lower()
        want = private_cluster_zone(cfg.cloud, cfg.region)
        if name != want and not name.endswith("." + want):
            raise ValueError(
                f"inference.private_dns_zone_id: zone {name!r} is not {want!r} (or a subzone of it), the private AKS zone of {cfg.region}"
            )
    svc = _network(inf.service_cidr)
    others = [(f"network.address_space {c}", c) for c in cfg.network.address_space]
    if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")):
        others += [(f"compute_network.address_space {c}", c) for c in cfg.compute_network.address_space]
    others += [(f"inference.scoring_clients {c}", c) for c in inf.scoring_clients]
    others += [(f"inference.on_premises_ranges {c}", c) for c in inf.on_premises_ranges]
    for label, c in others:
        if svc.overlaps(_network(c)):
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
        if not any(_network(inf.subnet.cidr).subnet_of(_network(c)) for c in cfg.network.address_space):
            raise ValueError(
                f"inference.subnet.cidr: {inf.subnet.cidr} is outside network.address_space ({', '.join(cfg.network.address_space)}); "
                "give the AKS inference subnet a range of your VNet (inference.subnet), or leave 'aks-inference' out of stacks"
            )
        subnets = [("inference.subnet.cidr", inf.subnet.cidr)]
        for field, c in (("network.compute_subnet.cidr", cfg.network.compute_subnet.cidr),
                         ("network.private_endpoint_subnet.cidr", cfg.network.private_endpoint_subnet.cidr)):
            if c:
                subnets.append((field, c))
        if cfg.egress.mode == "firewall" and cfg.egress.firewall.existing is None and cfg.network.firewall_subnet_cidr:
            subnets.append(("network.firewall_subnet_cidr", cfg.network.firewall_subnet_cidr))
        _check_subnets(subnets, "network.address_space", cfg.network.address_space)
        have, need = _network(inf.subnet.cidr).num_addresses, inf.subnet_ip_demand
        if have < need:
            raise ValueError(
                f"inference.subnet.cidr: {inf.subnet.cidr} has {have} addresses, but the cluster needs {need} (Azure CNI: "
                f"(inference.node_count={inf.node_count} + 1 upgrade surge) x (inference.max_pods={inf.max_pods} + 1), plus 5 Azure "
                "reserves, the API server's private endpoint and the internal load balancer)"
            )


STACK_KINDS = ("secure-workspace", "peered-compute", "private-endpoint-compute", "serverless-no-public-ip", "aks-inference")
StackKind = Literal["secure-workspace", "peered-compute", "private-endpoint-compute", "serverless-no-public-ip", "aks-inference"]


class WorkspaceConfig(_Strict):
    hbi: bool = False
    """high_business_impact (hbi_workspace): also enables the `hbi` scenario's outbound rules."""
    data_profiling_access: Literal["resource-instance", "trusted-services", "none"] = "resource-instance"
    """How studio data profiling reaches the default storage (seed 001): a resource-instance rule for the
    workspace, the trusted-services exception, or none (storage public network access fully disabled).
    Default: resource-instance; none for an hbi workspace (its storage takes no public access)."""
    storage_replication: Literal["LRS", "ZRS", "GRS", "GZRS"] = "LRS"
    """Replication of the workspace's default storage account."""
    purge_on_destroy: bool = False
    """Purge the workspace when the stack is destroyed (provider feature
    `machine_learning.purge_soft_deleted_workspace_on_destroy`). Off: a destroyed workspace stays
    soft-deleted for 14 days and its name cannot be reused before then, so a re-deploy within that time
    fails until it is purged (`az ml workspace delete --permanently-delete`). On: the name is free at
    once, and the workspace's data is gone for good."""

    @model_validator(mode="before")
    @classmethod
    def _hbi_default(cls, data):
        if isinstance(data, dict) and data.get("hbi") is True and "data_profiling_access" not in data:
            data = {**data, "data_profiling_access": "none"}
        return data


class NsgRule(_Strict):
    """An extra NSG rule you add to every compute subnet (on top of the generated ones)."""

    name: str
    """Rule name (Azure: 1-80 letters, digits, underscores, periods, hyphens)."""
    priority: int = Field(ge=NSG_MIN_PRIORITY, le=NSG_MAX_PRIORITY)
    """100-4096, not one of the generated rules' priorities."""
    direction: Literal["Inbound", "Outbound"]
    access: Literal["Allow", "Deny"]
    protocol: Literal["Tcp", "Udp", "Icmp", "*"]
    source: str
    """Source address prefix, CIDR or service tag."""
    destination: str
    """Destination address prefix, CIDR or service tag."""
    ports: tuple[str, ...]
    """Ports or ranges (`443`, `8000-8100`, `*`)."""

    @field_validator("ports")
    @classmethod
    def _ports(cls, v):
        for p in v:
            problem = port_range_problem(p)
            if problem:
                raise ValueError(problem)
        return v


class NsgConfig(_Strict):
    priority_start: int = Field(100, ge=NSG_MIN_PRIORITY, le=NSG_MAX_PRIORITY - 1)
    """First priority of the generated rules."""
    priority_step: int = Field(10, ge=1, le=100)
    """Distance between generated priorities."""
    extra_rules: tuple[NsgRule, ...] = ()
    """Your own rules, added to every compute NSG."""


class AzurermBackendConfig(_Strict):
    resource_group_name: str
    storage_account_name: str
    container_name: str
    key: str | None = None
    """Defaults to `<stack>.tfstate`."""
    use_azuread_auth: bool = True


class StateConfig(_Strict):
    backend: Literal["local", "azurerm"] = "local"
    """Where Terraform keeps state: a local file, or an Azure storage container."""
    azurerm: AzurermBackendConfig | None = None
    """The azurerm backend's settings (with backend: azurerm)."""

    @model_validator(mode="after")
    def _remote(self):
        if self.backend == "azurerm" and self.azurerm is None:
            raise ValueError("backend 'azurerm' needs the azurerm settings (resource_group_name, storage_account_name, container_name)")
        return self


UniqueSuffix = Annotated[str, _matching(r"[a-z0-9]{4,8}", "4-8 lowercase letters and digits")]


class NameOverrides(_Strict):
    """Resource names you pin. Unset names are derived: the prefix, and for globally unique names
    (storage account, key vault, container registry, compute instance) a suffix hashed from the
    subscription and resource group at plan time (see `amlnet.naming`)."""

    resource_group: str | None = None
    workspace: str | None = None
    storage_account: StorageAccountName | None = None
    key_vault: KeyVaultName | None = None
    container_registry: RegistryName | None = None
    unique_suffix: UniqueSuffix | None = None
    """Pin the suffix of the derived global names instead of hashing subscription and resource group:
    names become literals, the same wherever the stack is deployed (so they can collide again)."""


class AmlNetConfig(_Strict):
    """One deployment of a network-isolated Azure Machine Learning workspace."""

    cloud: Cloud = Cloud.PUBLIC
    """Azure cloud: public, usgov (Azure Government) or china (Azure operated by 21Vianet)."""
    region: RegionName = "eastus2"
    """ARM region name (eastus2, westeurope, usgovvirginia, chinanorth3, ...); must belong to the cloud."""
    name_prefix: NamePrefix = "amlnet"
    """3-12 lowercase letters and digits, starting with a letter; resource names derive from it."""
    names: NameOverrides = NameOverrides()
    scenarios: tuple[Scenario, ...] = (Scenario.MICROSOFT_IMAGES, Scenario.PYTHON_PACKAGES, Scenario.AZURE_MONITOR)
    """Enabled on top of `compute` and `studio`, which are always on."""
    network: NetworkConfig = NetworkConfig()
    egress: EgressConfig = EgressConfig()
    """How compute reaches the internet."""
    dns: DnsConfig = DnsConfig()
    hub: HubConfig | None = None
    """A hub in another subscription (its firewall policy and DNS zones); None: the hub's resources are in the workload's subscription."""
    workspace: WorkspaceConfig = WorkspaceConfig()
    """The workspace's own settings."""
    compute: ComputeConfig = ComputeConfig()
    """Compute in the workspace's VNet."""
    compute_network: ComputeNetworkConfig = ComputeNetworkConfig()
    serverless: ServerlessConfig = ServerlessConfig()
    """Serverless compute of the serverless-no-public-ip stack."""
    inference: InferenceConfig = InferenceConfig()
    """The AKS inference cluster of the `aks-inference` stack (seed 004)."""
    stacks: tuple[StackKind, ...] = Field(STACK_KINDS, min_length=1)
    """The stacks `make synth` writes (at least one, each once)."""
    service_tag_prefixes: bool = False
    """Look up the IPv4 prefixes of every regional service tag the stack uses and output them
    (`service_tag_prefixes`), for firewalls and routes that need addresses."""
    nsg: NsgConfig = NsgConfig()
    """Priorities of the generated NSG rules, and extra rules."""
    state: StateConfig = StateConfig()
    """Terraform state backend."""
    tags: dict[str, str] = {}
    """Tags on every resource: at most 49 (amlnet adds managed-by), keys up to 128 characters without <>%&\\?/, values up to 256."""

    @field_validator("scenarios")
    @classmethod
    def _scen(cls, v):
        return tuple(dict.fromkeys(v))  # drop duplicates, keep order

    @field_validator("stacks")
    @classmethod
    def _stacks(cls, v):
        dup = next((k for i, k in enumerate(v) if k in v[:i]), None)
        if dup:
            raise ValueError(f"{dup!r} is listed twice; each stack is written once")
        return v

    @model_validator(mode="after")
    def _cross(self):
        _validate_cross(self)
        return self

    # --- derived values -------------------------------------------------------------------
    @property
    def region_info(self) -> Region:
        return lookup_region(self.region)

    @property
    def enabled_scenarios(self) -> frozenset[Scenario]:
        s = set(self.scenarios) | ALWAYS_ON
        if self.workspace.hbi:
            s.add(Scenario.HBI)
        if self.compute.public_ip:
            s.add(Scenario.PUBLIC_IP_COMPUTE)
        return frozenset(s)

    @property
    def compute_region(self) -> str:
        """Region of the second (compute) VNet."""
        return self.compute_network.region or self.region

    @property
    def compute_vnet_name(self) -> str:
        cn = self.compute_network
        if cn.existing_vnet_id:
            return parse_resource_id(cn.existing_vnet_id, "Microsoft.Network/virtualNetworks")["name"]
        return cn.vnet_name or f"vnet-{self.name_prefix}-compute"

    @property
    def compute_egress_mode(self) -> str:
        return self.compute_network.egress_mode or self.egress.mode

    def for_stack(self, kind: str) -> AmlNetConfig:
        """The configuration one stack uses: the default app deploys four stacks side by side, so
        each variant gets its own name prefix (and so its own resource group and resource names)."""
        suffix = {"secure-workspace": "", "peered-compute": "pc", "private-endpoint-compute": "pe", "serverless-no-public-ip": "sl",
                  "aks-inference": "ak"}[kind]
        return self.model_copy(update={"name_prefix": self.name_prefix + suffix}) if suffix else self

    @property
    def resource_group_name(self) -> str:
        return self.names.resource_group or f"rg-{self.name_prefix}-{self.region}"

    @property
    def workspace_name(self) -> str:
        return self.names.workspace or f"mlw-{self.name_prefix}"

    # Globally unique names: the pinned name, or None when it is derived at plan time from the
    # subscription and resource group (`amlnet.constructs.UniqueNames`); reports show a placeholder.
    @property
    def storage_account_name(self) -> str | None:
        return self.names.storage_account or self._pinned_global(STORAGE_ACCOUNT)

    @property
    def key_vault_name(self) -> str | None:
        return self.names.key_vault or self._pinned_global(KEY_VAULT)

    @property
    def container_registry_name(self) -> str | None:
        return self.names.container_registry or self._pinned_global(CONTAINER_REGISTRY)

    def _pinned_global(self, rule: GlobalNameRule) -> str | None:
        return rule.with_suffix(self.name_prefix, self.names.unique_suffix) if self.names.unique_suffix else None

    @property
    def vnet_name(self) -> str:
        if self.network.existing_vnet_id:
            return parse_resource_id(self.network.existing_vnet_id, "Microsoft.Network/virtualNetworks")["name"]
        return self.network.vnet_name or f"vnet-{self.name_prefix}"

    @property
    def compute_instance_name(self) -> str | None:
        """Compute instance names are unique per region: pinned, or derived like the global names."""
        return self.compute.instance.name or self._pinned_global(COMPUTE_INSTANCE)

    @property
    def firewall_is_vnet_dns(self) -> bool:
        """The stack creates both the VNet and the firewall, and points the VNet's DNS at its proxy."""
        f = self.egress.firewall
        return (
            self.egress.mode == "firewall"
            and f.existing is None
            and f.use_as_dns
            and self.network.existing_vnet_id is None
            and self.network.firewall_subnet_cidr is not None
        )

    @property
    def compute_subnet_ip_demand(self) -> int:
        """IPs the compute subnet needs: one per instance, one per cluster node, plus Azure's 5."""
        n = AZURE_RESERVED_IPS
        if self.compute.cluster.enabled:
            n += self.compute.cluster.max_nodes
        if self.compute.image_build_cluster is not None:
            n += self.compute.image_build_cluster.max_nodes
        if self.compute.instance.enabled:
            n += 1
        return n


def _validate_cross(cfg: AmlNetConfig) -> None:
    """Checks that span several fields. Messages name each field and value involved."""
    reg = cfg.region_info
    if reg.cloud != cfg.cloud:
        raise ValueError(f"region: {cfg.region!r} is in cloud {reg.cloud.value!r}, not in cloud {cfg.cloud.value!r}")

    space = [(c, _network(c)) for c in cfg.network.address_space]
    for i, (ca, a) in enumerate(space):
        for cb, b in space[i + 1 :]:
            if a.overlaps(b):
                raise ValueError(f"network.address_space: {ca} overlaps {cb}")

    subnets: list[tuple[str, str]] = []
    if cfg.network.compute_subnet.cidr:
        subnets.append(("network.compute_subnet.cidr", cfg.network.compute_subnet.cidr))
    if cfg.network.private_endpoint_subnet.cidr:
        subnets.append(("network.private_endpoint_subnet.cidr", cfg.network.private_endpoint_subnet.cidr))
    creates_firewall = cfg.egress.mode == "firewall" and cfg.egress.firewall.existing is None
    if creates_firewall:
        if not cfg.network.firewall_subnet_cidr:
            raise ValueError("network.firewall_subnet_cidr: required when egress.mode is 'firewall' without egress.firewall.existing")
        subnets.append(("network.firewall_subnet_cidr", cfg.network.firewall_subnet_cidr))

    _check_subnets(subnets, "network.address_space", cfg.network.address_space)

    if cfg.network.compute_subnet.cidr:
        net = _network(cfg.network.compute_subnet.cidr)
        need = cfg.compute_subnet_ip_demand
        if net.num_addresses < need:
            raise ValueError(
                f"network.compute_subnet.cidr: {cfg.network.compute_subnet.cidr} has {net.num_addresses} addresses, "
                f"but compute needs {need} (compute.cluster.max_nodes={cfg.compute.cluster.max_nodes}"
                f"{', one compute instance' if cfg.compute.instance.enabled else ''}, plus 5 Azure reserves)"
            )

    if cfg.compute.public_ip_routes == "ip-prefixes" and not cfg.compute.public_ip:
        raise ValueError("compute.public_ip_routes: 'ip-prefixes' shapes the routes of compute with public IP; set compute.public_ip: true")
    if cfg.egress.firewall.extra_fqdn_rules and "firewall" not in (cfg.egress.mode, cfg.compute_egress_mode):
        raise ValueError("egress.firewall.extra_fqdn_rules: only a firewall can allow host names; egress.mode is not 'firewall'")
    if cfg.egress.mode != "nat-gateway" and cfg.egress.nat_allow_unfiltered_https:
        raise ValueError(f"egress.nat_allow_unfiltered_https: only applies when egress.mode is 'nat-gateway', not {cfg.egress.mode!r}")

    if Scenario.AUTOML_NLP_VISION in cfg.scenarios and cfg.cloud != Cloud.PUBLIC:
        raise ValueError(f"scenarios: 'automl-nlp-vision' is available in Azure Public only, not in cloud {cfg.cloud.value!r}")
    if Scenario.PUBLIC_IP_COMPUTE in cfg.scenarios:
        raise ValueError("scenarios: 'public-ip-compute' is set with compute.public_ip: true, not in scenarios")
    if Scenario.AKS_INFERENCE in cfg.scenarios:
        raise ValueError("scenarios: 'aks-inference' belongs to the AKS subnet of the aks-inference stack; add 'aks-inference' to stacks instead")

    if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")):
        _validate_compute_network(cfg, space)

    from .catalog import profile

    prof = profile(cfg.cloud)
    for key, zid in cfg.dns.existing_zone_ids.items():
        name = parse_resource_id(zid, "Microsoft.Network/privateDnsZones")["name"]
        want = prof.zone(key).zone_name
        if name.lower() != want:
            raise ValueError(f"dns.existing_zone_ids.{key}: zone {name!r} is not the {key} zone of cloud {cfg.cloud.value!r} ({want})")

    _validate_image_build(cfg)
    _validate_inference(cfg)
    check_resolver(cfg)
    check_storage_guard(cfg)
    _validate_dns_servers(cfg)
    _validate_nsg_priorities(cfg)

    from .config_rules import check_azure_rules

    check_azure_rules(cfg)

    from .planning.egress import hosts_needing_fqdn_rules
    from .planning.placement import placements_for

    for pl in placements_for(cfg):
        if pl.egress_mode == "nat-gateway" and not cfg.egress.nat_allow_unfiltered_https:
            missing = hosts_needing_fqdn_rules(cfg, pl.regions, **pl.exact)
            if missing:
                shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
                field = "egress.mode" if pl.label in ("workspace", "aks-inference") else "compute_network.egress_mode"
                raise ValueError(
                    f"{field}: 'nat-gateway' cannot filter by host name, but the enabled scenarios need {shown}; "
                    "use 'firewall', disable those scenarios, or set egress.nat_allow_unfiltered_https: true"
                )


def _check_subnets(subnets: list[tuple[str, str]], space_field: str, space: tuple[str, ...]) -> None:
    """Each (field, cidr) lies inside `space`, and no two of them overlap."""
    nets = [_network(c) for c in space]
    for field, cidr in subnets:
        if not any(_network(cidr).subnet_of(n) for n in nets):
            raise ValueError(f"{field}: {cidr} is outside {space_field} ({', '.join(space)})")
    for i, (fa, ca) in enumerate(subnets):
        for fb, cb in subnets[i + 1 :]:
            if _network(ca).overlaps(_network(cb)):
                raise ValueError(f"{fa}: {ca} overlaps {fb}: {cb}")


def _validate_compute_network(cfg: AmlNetConfig, workspace_space) -> None:
    cn = cfg.compute_network
    if cn.instance:
        raise ValueError(
            "compute_network.instance: a compute instance cannot be created in a different region or VNet than the "
            "workspace (seed 003); only compute clusters can. Put instances in network.compute_subnet instead"
        )
    reg = lookup_region(cfg.compute_region)
    if reg.cloud != cfg.cloud:
        raise ValueError(f"compute_network.region: {cfg.compute_region!r} is in cloud {reg.cloud.value!r}, not in cloud {cfg.cloud.value!r}")
    space = [(c, _network(c)) for c in cn.address_space]
    for ca, a in space:
        for cb, b in workspace_space:
            if a.overlaps(b):
                raise ValueError(
                    f"compute_network.address_space: {ca} overlaps network.address_space {cb}; peered address spaces must not overlap"
                )
    subnets = [("compute_network.compute_subnet.cidr", cn.compute_subnet.cidr)]
    if "private-endpoint-compute" in cfg.stacks:
        subnets.append(("compute_network.private_endpoint_subnet.cidr", cn.private_endpoint_subnet.cidr))
        if cfg.compute_egress_mode == "firewall":
            if not cn.firewall_subnet_cidr:
                raise ValueError("compute_network.firewall_subnet_cidr: required for private-endpoint-compute with egress 'firewall'")
            subnets.append(("compute_network.firewall_subnet_cidr", cn.firewall_subnet_cidr))
    subnets = [(f, c) for f, c in subnets if c]
    _check_subnets(subnets, "compute_network.address_space", cn.address_space)
    if cn.compute_subnet.cidr:
        have = _network(cn.compute_subnet.cidr).num_addresses
        need = AZURE_RESERVED_IPS + cn.cluster.max_nodes
        if have < need:
            raise ValueError(
                f"compute_network.compute_subnet.cidr: {cn.compute_subnet.cidr} has {have} addresses, but compute needs {need} "
                f"(compute_network.cluster.max_nodes={cn.cluster.max_nodes}, plus 5 Azure reserves)"
            )


def _validate_image_build(cfg: AmlNetConfig) -> None:
    """The private registry means images build on a CPU compute cluster (see ImageBuildClusterConfig); never leave it unset."""
    cc, ib = cfg.compute.cluster, cfg.compute.image_build_cluster
    why = ("the workspace's container registry is private, so Azure ML builds environment images on a CPU compute cluster, "
           "not on serverless compute (Learn: how-to-secure-workspace-vnet#enable-azure-container-registry-acr)")
    if ib is not None:
        if GPU_VM_SIZE.match(ib.vm_size):
            raise ValueError(f"compute.image_build_cluster.vm_size: {ib.vm_size!r} is a GPU size; image builds need a CPU size ({why})")
        if cc.enabled and ib.name == cc.name:
            raise ValueError(f"compute.image_build_cluster.name: {ib.name!r} is also compute.cluster.name; give the build cluster its own name")
    elif any(k in cfg.stacks for k in ("secure-workspace", "serverless-no-public-ip", "aks-inference")):
        if not cc.enabled:
            raise ValueError(
                f"compute.cluster.enabled: false leaves the workspace with no image-build compute; {why}. Keep the cluster "
                "(min_nodes: 0 costs nothing while idle) or add compute.image_build_cluster (a small CPU cluster for builds only)"
            )
        if GPU_VM_SIZE.match(cc.vm_size):
            raise ValueError(
                f"compute.cluster.vm_size: {cc.vm_size!r} is a GPU size and would build the workspace's images; {why}. "
                "Add compute.image_build_cluster (a small CPU cluster for builds only)"
            )
    if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")) and GPU_VM_SIZE.match(cfg.compute_network.cluster.vm_size):
        raise ValueError(
            f"compute_network.cluster.vm_size: {cfg.compute_network.cluster.vm_size!r} is a GPU size, and in the peered-compute and "
            f"private-endpoint-compute stacks that cluster builds the workspace's images; {why}"
        )


def _validate_dns_servers(cfg: AmlNetConfig) -> None:
    servers = cfg.dns.servers
    if not servers:
        return
    f = cfg.egress.firewall
    if cfg.egress.mode == "firewall" and f.existing is None and f.use_as_dns and cfg.network.existing_vnet_id is None:
        raise ValueError(
            f"dns.servers: {list(servers)} and egress.firewall.use_as_dns: true both choose the VNet's DNS servers "
            "(the stack's own firewall would be its DNS proxy); set egress.firewall.use_as_dns: false to use dns.servers"
        )
    computes = [("network.compute_subnet.cidr", cfg.network.compute_subnet.cidr)]
    if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")):
        computes.append(("compute_network.compute_subnet.cidr", cfg.compute_network.compute_subnet.cidr))
    for server in servers:
        for field, cidr in computes:
            if cidr and ipaddress.ip_address(server) in _network(cidr):
                raise ValueError(f"dns.servers: {server} is inside {field} ({cidr}); a DNS server cannot live in a compute subnet")


def _validate_nsg_priorities(cfg: AmlNetConfig) -> None:
    from .planning.nsg import generated_rule_count
    from .planning.placement import placements_for

    n = max(generated_rule_count(cfg, pl) for pl in placements_for(cfg))
    start, step = cfg.nsg.priority_start, cfg.nsg.priority_step
    last = start + step * (n - 1) if n else start
    if last >= DENY_ALL_PRIORITY:
        raise ValueError(
            f"nsg.priority_start: {n} generated rules from priority {start} in steps of {step} end at {last}, "
            f"past the last free priority {DENY_ALL_PRIORITY - 1}; lower nsg.priority_start or nsg.priority_step"
        )
    taken = {start + step * i for i in range(n)} | {DENY_ALL_PRIORITY}
    seen: dict[tuple[str, int], str] = {}
    for rule in cfg.nsg.extra_rules:
        key = (rule.direction, rule.priority)
        if key in seen:
            raise ValueError(f"nsg.extra_rules: {rule.name!r} and {seen[key]!r} both use {rule.direction} priority {rule.priority}")
        seen[key] = rule.name
        if rule.priority in taken:
            raise ValueError(
                f"nsg.extra_rules: {rule.name!r} priority {rule.priority} clashes with a generated rule "
                f"(generated priorities {start}..{last} step {step}, and {DENY_ALL_PRIORITY} for the deny-all rule)"
            )


# --- loading -------------------------------------------------------------------------------


def default_config() -> AmlNetConfig:
    """The built-in default: a secure workspace in eastus2 behind an Azure Firewall."""
    return AmlNetConfig()


def _format_error(err: ValidationError, source: str) -> str:
    from .config_loading import shorten

    first = err.errors()[0]
    loc = ".".join(shorten(p, 40).strip("'") if isinstance(p, str) else str(p) for p in first["loc"])
    msg = first["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    typ = first["type"]
    value = first.get("input")
    where = f"{source}: " if source else ""
    if typ == "extra_forbidden":
        return f"{where}{loc}: unknown key (typo?); value {shorten(value)}"
    if not loc:
        return f"{where}{msg}"
    if typ in ("literal_error", "enum"):  # pydantic lists the choices: "Input should be 'a', 'b' or 'c'"
        msg = msg.replace("Input should be", "expected one of", 1)
    elif typ == "too_short":
        n = (first.get("ctx") or {}).get("min_length", 1)
        msg = f"needs at least {n} item{'s' if n != 1 else ''}"
    shown = "{...}" if isinstance(value, dict) else shorten(value, 120) if isinstance(value, (list, tuple)) else json.dumps(value, default=str)
    if len(shown) > 120:
        shown = shown[:117] + "..."
    return f"{where}{loc}: {msg} (got {shown})"


def parse_config(data: Any, source: str = "") -> AmlNetConfig:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the configuration must be a mapping at the top level, got {type(data).__name__}")
    try:
        return AmlNetConfig.model_validate(data)
    except ValidationError as e:
        raise ConfigError(_format_error(e, source)) from None


CONFIG_ENV = "AMLNET_CONFIG"


def load_selected_config(environ=None) -> AmlNetConfig:
    """The built-in default, or the YAML/JSON file named by AMLNET_CONFIG. Raises ConfigError."""
    import os

    path = (os.environ if environ is None else environ).get(CONFIG_ENV, "").strip()
    return load_config(path) if path else default_config()


def load_config(path: str | Path) -> AmlNetConfig:
    """Read a YAML or JSON file (UTF-8, with or without BOM). Raises ConfigError with one message for
    any problem: unreadable, not UTF-8, a syntax error (line and column), a duplicate key, empty, too large."""
    from .config_loading import InputError, load_document

    try:
        data = load_document(path)
    except InputError as e:
        raise ConfigError(str(e)) from None
    return parse_config(data, str(path))
