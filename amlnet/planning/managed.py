"""Managed network mode: the catalog rows of the enabled scenarios as the workspace's managed-VNet
outbound rules (service tag, FQDN, private endpoint). Pure functions, no cdktf import.

Which row becomes which rule type (Learn, "Workspace Managed Virtual Network Isolation",
<https://learn.microsoft.com/azure/machine-learning/how-to-managed-network>, "Managed Virtual Network
Architecture" and the outbound rule types of "allow only approved outbound"):

- a service-tag row becomes a service-tag rule on its *base* tag (`Storage`, not `Storage.EastUS2`: the
  provider accepts only the tags in `PROVIDER_SERVICE_TAGS`); `VirtualNetwork` rows are the VNet's own
  private endpoints and become nothing (private endpoints in the managed VNet are private-endpoint rules);
- a host row a service tag covers (`covered_by` a tag) is carried by that tag's rule;
- a host row no tag covers becomes an FQDN rule (these bring the AML-managed Azure Firewall);
- a host row served by a private endpoint (`<storage>.blob...`) and the workspace's storage (blob, file, queue,
  table, dfs) and key vault become private-endpoint rules.

In `allow_internet_outbound` every internet destination is allowed, so only the private-endpoint rules
are written (Learn, same page: "Allow internet outbound" mode; private endpoints keep Azure resources private).

Two kinds of flow get no rule of ours (issue 19, items 7 and 16):

- **AML's required rules.** Learn, same page, "List of required rules": in `allow_only_approved_outbound`
  Azure creates private-endpoint rules to the workspace and its own key vault, storage account and registry
  "regardless of public network access mode", and in `allow_internet_outbound` for those "with public
  network access disabled" (amlnet disables it on all of them). A rule of ours to the same target duplicates
  Azure's; so the workspace's storage (blob, file, dfs) and key vault are `AML_REQUIRED`. The exception is
  `queue` and `table`: Learn's "Scenario: Use batch endpoints or ParallelRunStep" asks for user-defined
  private-endpoint rules to those sub-resources of the default storage account, so they stay ours.
- **Destinations that would defeat exfiltration protection.** In `allow_only_approved_outbound` a rule to the
  global `Storage` tag opens every storage account in the cloud, and `AzureFrontDoor.Frontend` every site behind
  Front Door; Learn, same page, "Limitations": with approved outbound "you can't use an FQDN rule to access
  Azure Storage Accounts. You must use a private endpoint instead", and the required-rules table lists neither
  tag (Microsoft images come through `AzureFrontDoor.FirstParty` and `MicrosoftContainerRegistry`). Rows that
  need them are `NOT_ALLOWED`: no rule is written, and `amlnet verify` reports a rule to either tag as an exposure.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Cloud, Direction, Names, Protocol, Region, Scenario, host_rules, tag_rules
from ..catalog.model import COVERED_BY_PRIVATE_ENDPOINT

# hashicorp/terraform-provider-azurerm v4.55.0,
# internal/services/machinelearning/machine_learning_workspace_network_outbound_rule_service_tag_resource.go:
# `service_tag` is validation.StringInSlice over these (no regional tags), `protocol` over "*", "TCP", "UDP", "ICMP".
PROVIDER_SERVICE_TAGS: frozenset[str] = frozenset({
    "AppConfiguration", "AppService", "AzureActiveDirectory", "AzureAdvancedThreatProtection", "AzureArcInfrastructure",
    "AzureAttestation", "AzureBackup", "AzureBotService", "AzureContainerRegistry", "AzureCosmosDB", "AzureDataLake",
    "AzureDevSpaces", "AzureInformationProtection", "AzureIoTHub", "AzureKeyVault", "AzureManagedGrafana", "AzureMonitor",
    "AzureOpenDatasets", "AzurePlatformDNS", "AzurePlatformIMDS", "AzurePlatformLKM", "AzureResourceManager", "AzureSignalR",
    "AzureSiteRecovery", "AzureSpringCloud", "AzureStack", "AzureUpdateDelivery", "DataFactoryManagement", "EventHub",
    "GuestAndHybridManagement", "M365ManagementActivityApi", "MicrosoftAzureFluidRelay", "MicrosoftCloudAppSecurity",
    "MicrosoftContainerRegistry", "PowerPlatformInfra", "ServiceBus", "Sql", "Storage", "WindowsAdminCenter",
    "AppServiceManagement", "AutonomousDevelopmentPlatform", "AzureActiveDirectoryDomainServices", "AzureCloud",
    "AzureConnectors", "AzureContainerAppsService", "AzureDatabricks", "AzureDeviceUpdate", "AzureEventGrid",
    "AzureFrontDoor.Frontend", "AzureFrontDoor.Backend", "AzureFrontDoor.FirstParty", "AzureHealthcareAPIs", "AzureLoadBalancer",
    "AzureMachineLearning", "AzureSphere", "AzureWebPubSub", "BatchNodeManagement", "ChaosStudio", "CognitiveServicesFrontend",
    "CognitiveServicesManagement", "DataFactory", "Dynamics365ForMarketingEmail", "Dynamics365BusinessCentral",
    "EOPExternalPublishedIPs", "Internet", "LogicApps", "Marketplace", "MicrosoftDefenderForEndpoint", "PowerBI",
    "PowerQueryOnline", "ServiceFabric", "SqlManagement", "StorageSyncService", "WindowsVirtualDesktop", "VirtualNetwork",
})

# Same provider version, ..._private_endpoint_resource.go: `sub_resource_target` accepts account, vault, amlworkspace,
# blob, table, queue, file, web, dfs, redisCache, and Create() checks it against the target's provider namespace
# (Microsoft.Storage: blob, table, queue, file, web, dfs; Microsoft.KeyVault: vault). Microsoft.ContainerRegistry
# (`registry`) is not accepted: the workspace's own registry gets the private endpoint AML creates itself (Learn, same
# page: the managed VNet "can use private endpoints for ... Azure Container Registry", a required rule).
STORAGE_TARGETS: tuple[str, ...] = ("blob", "file", "queue", "table", "dfs")
KEY_VAULT_TARGETS: tuple[str, ...] = ("vault",)

_PE_ORDER = [*(f"storage:{s}" for s in STORAGE_TARGETS), *(f"key-vault:{s}" for s in KEY_VAULT_TARGETS)]
_PROTO = {Protocol.TCP: "TCP", Protocol.UDP: "UDP", Protocol.ANY: "*"}
FQDN_PORTS = frozenset({80, 443})
"""FQDN rules carry no port: the managed firewall allows them on HTTP/HTTPS only (Learn, same page, FQDN outbound rules)."""

SERVICE_TAG, FQDN, PRIVATE_ENDPOINT = "service-tag", "fqdn", "private-endpoint"
AML_REQUIRED = "aml-required"
"""A flow Azure Machine Learning carries with a required rule it creates itself (module docstring)."""
NOT_ALLOWED = "not-allowed"
"""A flow amlnet does not open in `allow_only_approved_outbound` (module docstring)."""

AML_REQUIRED_PRIVATE_ENDPOINTS: frozenset[str] = frozenset({"storage:blob", "storage:file", "storage:dfs", "key-vault:vault"})
"""Private endpoints to the workspace's own resources that Azure creates as required rules (Learn,
how-to-managed-network, "List of required rules"); `storage:queue` and `storage:table` are not among them
(same page, "Scenario: Use batch endpoints or ParallelRunStep")."""
APPROVED_OUTBOUND_DENIED_TAGS: tuple[str, ...] = ("Storage", "AzureFrontDoor.Frontend")
"""Global tags never opened in `allow_only_approved_outbound`: every storage account (or Front Door site) of the
cloud would be reachable, which is the exfiltration path that mode closes (module docstring)."""


@dataclass(frozen=True)
class ManagedRequirement:
    """One flow a catalog row needs, and the managed-VNet rule type that carries it.

    `target` is the base service tag, the host name, or `storage:<subresource>` / `key-vault:vault`.
    """

    rule_type: str
    target: str
    protocol: str
    port: str
    row: str
    scenario: str
    host: str = ""
    """The catalog host when a host row is carried by a tag or a private endpoint ("" for tag rows and FQDN rules)."""

    @property
    def label(self) -> str:
        via = f" for {self.host}" if self.host else ""
        if self.rule_type == PRIVATE_ENDPOINT or (self.rule_type == AML_REQUIRED and ":" in self.target):
            return f"private endpoint {self.target}{via}"
        return f"{self.target} {self.protocol}/{self.port}{via}"


@dataclass(frozen=True)
class ServiceTagRuleSpec:
    name: str
    service_tag: str
    protocol: str
    port_ranges: str
    """Comma-separated ports, as the rule's `port_ranges` takes them."""


@dataclass(frozen=True)
class FqdnRuleSpec:
    name: str
    destination_fqdn: str


@dataclass(frozen=True)
class PrivateEndpointRuleSpec:
    name: str
    target: str
    """`storage` or `key-vault`: the workspace dependency whose ID the rule references."""
    sub_resource_target: str


@dataclass(frozen=True)
class ManagedRulePlan:
    isolation_mode: str
    service_tags: tuple[ServiceTagRuleSpec, ...]
    fqdns: tuple[FqdnRuleSpec, ...]
    private_endpoints: tuple[PrivateEndpointRuleSpec, ...]
    requirements: tuple[ManagedRequirement, ...]


def _rule_name(*parts: str) -> str:
    raw = "-".join(parts).lower()
    out = "".join(c if c.isalnum() else "-" for c in raw.replace("*.", "wildcard-"))
    return "-".join(p for p in out.split("-") if p)


def managed_requirements(cloud: Cloud, region: Region, scenarios: frozenset[Scenario],
                         isolation_mode: str = "allow_only_approved_outbound") -> tuple[ManagedRequirement, ...]:
    """Every outbound flow of the enabled scenarios, each with the managed rule type that carries it (host
    placeholders such as `<storage>` stay: those hosts are the workspace's storage, a private-endpoint rule).
    `AML_REQUIRED` and, in `allow_only_approved_outbound`, `NOT_ALLOWED` flows get no rule (module docstring)."""
    out: dict[ManagedRequirement, None] = {}
    for r in _raw_requirements(cloud, region, scenarios):
        if r.rule_type == PRIVATE_ENDPOINT and r.target in AML_REQUIRED_PRIVATE_ENDPOINTS:
            r = ManagedRequirement(AML_REQUIRED, r.target, r.protocol, r.port, r.row, r.scenario, r.host)
        elif (r.rule_type == SERVICE_TAG and r.target in APPROVED_OUTBOUND_DENIED_TAGS
              and isolation_mode == "allow_only_approved_outbound"):
            r = ManagedRequirement(NOT_ALLOWED, r.target, r.protocol, r.port, r.row, r.scenario, r.host)
        out[r] = None
    return tuple(out)


def _raw_requirements(cloud: Cloud, region: Region, scenarios: frozenset[Scenario]) -> tuple[ManagedRequirement, ...]:
    """Each flow with the rule type that would carry it if amlnet wrote every rule."""
    out: dict[ManagedRequirement, None] = {}
    tags = tag_rules(cloud, region, scenarios)
    base_of = {t.tag: t.base_tag for t in tags}
    for t in tags:
        if t.direction != Direction.OUTBOUND or t.base_tag == "VirtualNetwork":
            continue
        for p in t.ports:
            out[ManagedRequirement(SERVICE_TAG, t.base_tag, _PROTO[t.protocol], str(p), str(t.source), t.scenario.value)] = None
    for h in host_rules(cloud, region, scenarios, Names()):
        if h.covered_by == COVERED_BY_PRIVATE_ENDPOINT:
            for host in h.hosts:
                if host.startswith("<storage>."):
                    sub = host.split(".")[1]
                    out[ManagedRequirement(PRIVATE_ENDPOINT, f"storage:{sub}", "TCP", "443", str(h.source), h.scenario.value, host)] = None
            continue  # other private-endpoint hosts (*.aznbcontent.net) are the workspace's own endpoint, which AML creates
        if h.covered_by is not None:
            base = base_of.get(h.covered_by, h.covered_by)
            for host in h.hosts:
                for p in h.ports:
                    out[ManagedRequirement(SERVICE_TAG, base, _PROTO[h.protocol], str(p), str(h.source), h.scenario.value, host)] = None
            continue
        for host in h.hosts:
            for p in h.ports:
                if not (p.low == p.high and p.low in FQDN_PORTS):
                    raise ValueError(f"{host} needs port {p} ({h.source}); a managed-network FQDN rule only carries 80 and 443")
                out[ManagedRequirement(FQDN, host, _PROTO[h.protocol], str(p), str(h.source), h.scenario.value)] = None
    for sub in STORAGE_TARGETS:
        out[ManagedRequirement(PRIVATE_ENDPOINT, f"storage:{sub}", "TCP", "443", "workspace storage account", "compute")] = None
    for sub in KEY_VAULT_TARGETS:
        out[ManagedRequirement(PRIVATE_ENDPOINT, f"key-vault:{sub}", "TCP", "443", "workspace key vault", "compute")] = None
    return tuple(out)


def plan_managed_rules(cloud: Cloud, region: Region, scenarios: frozenset[Scenario], isolation_mode: str) -> ManagedRulePlan:
    """The outbound rules of a managed VNet. `isolation_mode` is a configuration value
    (`allow_only_approved_outbound` or `allow_internet_outbound`)."""
    reqs = managed_requirements(cloud, region, scenarios, isolation_mode)
    if isolation_mode == "allow_internet_outbound":
        reqs = tuple(r for r in reqs if r.rule_type in (PRIVATE_ENDPOINT, AML_REQUIRED))
    ports: dict[tuple[str, str], list[str]] = {}
    fqdns: dict[str, None] = {}
    pes: dict[str, None] = {}
    for r in reqs:
        if r.rule_type == SERVICE_TAG:
            if r.target not in PROVIDER_SERVICE_TAGS:
                raise ValueError(f"service tag {r.target!r} ({r.row}) is not accepted by the managed-network service-tag rule")
            ports.setdefault((r.target, r.protocol), [])
            if r.port not in ports[(r.target, r.protocol)]:
                ports[(r.target, r.protocol)].append(r.port)
        elif r.rule_type == FQDN:
            fqdns[r.target] = None
        elif r.rule_type == PRIVATE_ENDPOINT:
            pes[r.target] = None
        # AML_REQUIRED and NOT_ALLOWED: no rule of ours
    proto_name = {"TCP": "tcp", "UDP": "udp", "*": "any"}
    return ManagedRulePlan(
        isolation_mode=isolation_mode,
        service_tags=tuple(
            ServiceTagRuleSpec(_rule_name("tag", tag, proto_name[proto]), tag, proto, ",".join(sorted(ps, key=lambda s: int(s.split("-")[0]))))
            for (tag, proto), ps in ports.items()
        ),
        fqdns=tuple(FqdnRuleSpec(_rule_name("fqdn", h), h) for h in fqdns),
        private_endpoints=tuple(
            PrivateEndpointRuleSpec(_rule_name("pe", t.split(":")[0], t.split(":")[1]), t.split(":")[0], t.split(":")[1])
            for t in sorted(pes, key=_PE_ORDER.index)
        ),
        requirements=reqs,
    )
