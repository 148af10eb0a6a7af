"""What every reference stack shares: provider, state, resource group, workspace network, DNS, the
secure workspace and the egress of a VNet. Construct ids here are Terraform addresses: keep them."""

from __future__ import annotations

from typing import Any

from ..catalog import Names, profile
from ..catalog import region as lookup_region
from ..catalog.storage_guard import STORAGE_SERVICE_ENDPOINT
from ..config import AmlNetConfig, SubnetConfig
from ..config.storage_guard import guard_enabled
from ..constructs import (
    ComputeSubnet,
    ComputeSubnetProps,
    DnsResolver,
    DnsResolverProps,
    EgressFirewall,
    EgressFirewallProps,
    HubPeering,
    NatGatewayEgress,
    NatGatewayEgressProps,
    PeeredComputeNetwork,
    PrivateDnsZones,
    PrivateDnsZonesProps,
    SecureWorkspace,
    SecureWorkspaceProps,
    ServerlessComputeProps,
    ServiceTagLookup,
    ServiceTagPrefixes,
    ServiceTagPrefixesProps,
    StorageExfiltrationGuard,
    StorageExfiltrationGuardProps,
    UniqueNames,
    UniqueNamesProps,
    WorkspaceNetwork,
    WorkspaceNetworkProps,
)
from ..constructs.compute_subnet import PrefixRoute
from ..constructs.provider_features import isolated_network_features
from ..constructs.verify_metadata import metadata_object
from ..naming import COMPUTE_INSTANCE, CONTAINER_REGISTRY, KEY_VAULT, STORAGE_ACCOUNT
from ..planner import plan_firewall_rules, plan_nsg_rules, plan_routes, plan_zones, service_tag_lookups
from ..planning import ComputePlacement, RouteSpec, control_plane_lookups
from ..providers import (
    AzurermBackend,
    AzurermProvider,
    Construct,
    DataAzurermClientConfig,
    LocalBackend,
    ResourceGroup,
    TerraformOutput,
    TerraformStack,
    VirtualNetworkDnsServers,
)
from .hub import link_created_zones_to_hub, peer_with_hub


def storage_service_endpoints(policy_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The Microsoft.Storage service endpoint when a storage policy is attached (a policy needs it), else none."""
    return (STORAGE_SERVICE_ENDPOINT,) if policy_ids else ()


def configure_state(stack: TerraformStack, name: str, cfg: AmlNetConfig) -> None:
    """Local state beside the project (outside cdktf.out, which synth replaces), or an azurerm
    storage container, which locks state so several engineers and pipelines can share it."""
    if cfg.state.backend == "azurerm" and cfg.state.azurerm is not None:
        a = cfg.state.azurerm
        AzurermBackend(
            stack,
            resource_group_name=a.resource_group_name,
            storage_account_name=a.storage_account_name,
            container_name=a.container_name,
            key=a.key or f"{name}.tfstate",
            use_azuread_auth=a.use_azuread_auth,
            environment=profile(cfg.cloud).provider_environment,
        )
    else:
        # relative to cdktf.out/stacks/<name>, where terraform runs
        LocalBackend(stack, path=f"../../../terraform.{name}.tfstate")


class Egress:
    """The egress path of one VNet: a firewall (created or existing) or a NAT gateway, or none."""

    def __init__(self, firewall: EgressFirewall | None = None, nat: NatGatewayEgress | None = None, dns: VirtualNetworkDnsServers | None = None,
                 hub_peerings: list[HubPeering] | None = None):
        self.firewall = firewall
        self.nat = nat
        self.dns = dns
        self.hub_peerings = hub_peerings if hub_peerings is not None else []
        """The stack's peerings with the hub (the list is shared: a VNet peered later joins it)."""

    @property
    def firewall_ip(self) -> str | None:
        return self.firewall.private_ip if self.firewall else None

    @property
    def nat_gateway_id(self) -> str | None:
        return self.nat.nat_gateway_id if self.nat else None

    @property
    def ready(self) -> list[Any]:
        out: list[Any] = []
        if self.firewall is not None:
            out.append(self.firewall.rule_collection_group)
        if self.dns is not None:
            out.append(self.dns)
        if self.nat is not None:
            out.append(self.nat.public_ip_association)
        for peering in self.hub_peerings:  # the route's next hop or the DNS server is in the hub
            out.extend(peering.ready)
        return out


class WorkspaceStackBase(TerraformStack):
    """Provider, state, resource group, client config and tags for one configuration."""

    def __init__(self, scope: Construct, id: str, cfg: AmlNetConfig) -> None:
        super().__init__(scope, id)
        self.cfg = cfg
        self.tags = {"managed-by": "amlnet", **cfg.tags}
        self.provider = AzurermProvider(
            self, "azurerm", features=[isolated_network_features(purge_workspace_on_destroy=cfg.workspace.purge_on_destroy)],
            environment=profile(cfg.cloud).provider_environment,
        )
        # the hub's resources (a rule collection group in its firewall policy, links to its DNS zones)
        # go through an aliased provider when the hub is another subscription
        self.hub_provider: AzurermProvider | None = None
        if cfg.hub is not None:
            self.hub_provider = AzurermProvider(
                self, "azurerm-hub", alias="hub", subscription_id=cfg.hub.subscription,
                features=[isolated_network_features(purge_workspace_on_destroy=cfg.workspace.purge_on_destroy)],
                environment=profile(cfg.cloud).provider_environment,
            )
        configure_state(self, id, cfg)
        self.client = DataAzurermClientConfig(self, "client")
        self.resource_group = ResourceGroup(self, "resource-group", name=cfg.resource_group_name, location=cfg.region, tags=self.tags)
        # globally unique names: hashed from this subscription and resource group at plan time, or pinned
        self.names = UniqueNames(
            self, "names",
            UniqueNamesProps(self.client.subscription_id, self.resource_group.name, pinned_suffix=cfg.names.unique_suffix),
        )
        p = cfg.name_prefix
        self.storage_account_name = cfg.names.storage_account or self.names.name(STORAGE_ACCOUNT, p)
        self.key_vault_name = cfg.names.key_vault or self.names.name(KEY_VAULT, p)
        self.container_registry_name = cfg.names.container_registry or self.names.name(CONTAINER_REGISTRY, p)
        self.compute_instance_name = cfg.compute.instance.name or self.names.name(COMPUTE_INSTANCE, p)
        self.host_names = Names(storage_account=self.storage_account_name, container_registry=self.container_registry_name)
        """The real names for host-name rules (`<storage>.blob...` on Kubernetes firewalls)."""

    # --- the workspace side -------------------------------------------------------------------
    def add_workspace_network(self) -> WorkspaceNetwork:
        cfg, n = self.cfg, self.cfg.network
        self.network = WorkspaceNetwork(
            self,
            "network",
            WorkspaceNetworkProps(
                name=cfg.vnet_name,
                location=cfg.region,
                resource_group_name=self.resource_group.name,
                address_space=tuple(n.address_space),
                existing_vnet_id=n.existing_vnet_id,
                private_endpoint_subnet_name=n.private_endpoint_subnet.name,
                private_endpoint_subnet_cidr=None if n.private_endpoint_subnet.existing_id else n.private_endpoint_subnet.cidr,
                existing_private_endpoint_subnet_id=n.private_endpoint_subnet.existing_id,
                tags=self.tags,
            ),
        )
        self.dns_resolver: DnsResolver | None = None
        if cfg.dns.resolver is not None:  # dns.resolver: its inbound address is dns.servers (AmlNetConfig)
            r = cfg.dns.resolver
            self.dns_resolver = DnsResolver(self, "dns-resolver", DnsResolverProps(
                name=f"dnspr-{cfg.name_prefix}", location=cfg.region, resource_group_name=self.resource_group.name,
                vnet_id=self.network.vnet_id, vnet_name=self.network.vnet_name, vnet_resource_group_name=self.network.vnet_resource_group_name,
                subnet_cidr=r.inbound_subnet.cidr, subnet_name=r.inbound_subnet.name, inbound_ip=r.address, tags=self.tags,
            ))
        self.dns = PrivateDnsZones(
            self,
            "dns",
            PrivateDnsZonesProps(
                resource_group_name=self.resource_group.name,
                zones=plan_zones(cfg),
                # the label names the link; zones shared in a hub hold links from many VNets
                vnet_links={cfg.vnet_name: self.network.vnet_id},
                link_existing_zones=cfg.dns.link_existing_zones,
                hub_provider=self.hub_provider,
                tags=self.tags,
            ),
        )
        self.hub_peerings: list[HubPeering] = []
        self.hub_zone_links = link_created_zones_to_hub(cfg, self.dns)
        self.peer_with_hub("workspace", self.network, created=n.existing_vnet_id is None)
        return self.network

    @property
    def hub_vnet_id(self) -> str | None:
        """`hub.vnet_id`: the hub VNet, where the hub firewall and DNS server live (None: no hub declared)."""
        return self.cfg.hub.vnet_id if self.cfg.hub is not None else None

    def peer_with_hub(self, label: str, network: WorkspaceNetwork | PeeredComputeNetwork, *, created: bool) -> HubPeering | None:
        """Peer a VNet this stack creates with the hub when its route or DNS server is there (`amlnet.stacks.hub`)."""
        peering = peer_with_hub(self, self.cfg, label, network, created=created, hub_provider=self.hub_provider)
        if peering is not None:
            self.hub_peerings.append(peering)
        return peering

    def add_workspace(self, image_build_compute_name: str | None, serverless: ServerlessComputeProps | None = None,
                      managed_network: tuple[str, bool] | None = None) -> SecureWorkspace:
        """The secure workspace; `managed_network` (isolation mode as azurerm spells it, provision on creation) gives it a managed VNet."""
        cfg = self.cfg
        self.workspace = SecureWorkspace(
            self,
            "workspace",
            SecureWorkspaceProps(
                location=cfg.region,
                resource_group_name=self.resource_group.name,
                workspace_name=cfg.workspace_name,
                storage_account_name=self.storage_account_name,
                key_vault_name=self.key_vault_name,
                container_registry_name=self.container_registry_name,
                private_endpoint_subnet_id=self.network.private_endpoint_subnet_id,
                zone_ids=self.dns.zone_ids,
                tenant_id=self.client.tenant_id,
                subscription_id=self.client.subscription_id,
                image_build_compute_name=image_build_compute_name,
                high_business_impact=cfg.workspace.hbi,
                data_profiling_access=cfg.workspace.data_profiling_access,
                storage_replication=cfg.workspace.storage_replication,
                serverless=serverless,
                managed_network_isolation_mode=managed_network[0] if managed_network else None,  # type: ignore[arg-type]
                managed_network_provision_on_creation=managed_network[1] if managed_network else True,
                name_suffix=cfg.name_prefix,
                tags=self.tags,
            ),
        )
        return self.workspace

    # --- egress ---------------------------------------------------------------------------------
    def add_egress(
        self,
        *,
        mode: str,
        placements: tuple[ComputePlacement, ...],
        network: WorkspaceNetwork,
        location: str,
        firewall_subnet_cidr: str | None,
        use_existing_firewall: bool,
        firewall_is_vnet_dns: bool,
        id_prefix: str = "",
        name: str | None = None,
        dns_servers: tuple[str, ...] = (),
    ) -> Egress:
        """Egress for the compute subnets of `placements`, in `network`: a firewall whose rules
        cover them (and the VNet's DNS pointed at its proxy), or a NAT gateway."""
        cfg = self.cfg
        name = name or cfg.name_prefix
        if mode == "firewall":
            existing = cfg.egress.firewall.existing if use_existing_firewall else None
            fw = EgressFirewall(
                self,
                f"{id_prefix}egress-firewall",
                EgressFirewallProps(
                    name=name,
                    location=location,
                    # the firewall, its policy and public IP live with the VNet they serve
                    resource_group_name=network.vnet_resource_group_name,
                    plan=plan_firewall_rules(cfg, placements, names=self.host_names),
                    vnet_name=network.vnet_name,
                    vnet_resource_group_name=network.vnet_resource_group_name,
                    firewall_subnet_cidr=None if existing else firewall_subnet_cidr,
                    sku_tier=cfg.egress.firewall.sku_tier,
                    threat_intel_mode=cfg.egress.firewall.threat_intel_mode,
                    rule_collection_group_name=f"amlnet-{name}",
                    rule_collection_group_priority=cfg.egress.firewall.rule_collection_group_priority,
                    existing_policy_id=existing.policy_id if existing else None,
                    existing_private_ip=existing.private_ip if existing else None,
                    hub_provider=self.hub_provider if existing else None,
                    tags=self.tags,
                ),
            )
            dns = None
            if firewall_is_vnet_dns and existing is None:
                # FQDN filtering needs clients and firewall to resolve alike: the VNet uses the
                # firewall's DNS proxy, which forwards to Azure DNS (and so to the linked zones).
                dns = VirtualNetworkDnsServers(self, f"{id_prefix}vnet-dns-servers", virtual_network_id=network.vnet_id, dns_servers=[fw.private_ip])
            return Egress(firewall=fw, dns=dns or self._custom_dns(network, dns_servers, id_prefix), hub_peerings=self.hub_peerings)
        if mode == "nat-gateway":
            nat = NatGatewayEgress(
                self, f"{id_prefix}egress-nat", NatGatewayEgressProps(name=name, location=location, resource_group_name=self.resource_group.name, tags=self.tags)
            )
            return Egress(nat=nat, dns=self._custom_dns(network, dns_servers, id_prefix), hub_peerings=self.hub_peerings)
        return Egress(dns=self._custom_dns(network, dns_servers, id_prefix), hub_peerings=self.hub_peerings)

    def _custom_dns(self, network: WorkspaceNetwork, servers: tuple[str, ...], id_prefix: str) -> VirtualNetworkDnsServers | None:
        """`dns.servers` (the hub's DNS proxy or resolver) on a VNet this stack creates; a reused VNet
        keeps the DNS its owner set (the NSG still allows 53 to the servers)."""
        if not servers or network.vnet is None:
            return None
        resolver = getattr(self, "dns_resolver", None)
        wait = [resolver.inbound_endpoint] if resolver is not None and resolver.inbound_ip in servers else None  # answer before compute asks
        return VirtualNetworkDnsServers(self, f"{id_prefix}vnet-dns-servers", virtual_network_id=network.vnet_id, dns_servers=list(servers),
                                        depends_on=wait)

    def add_service_tag_prefixes(self, placements: tuple[ComputePlacement, ...]) -> ServiceTagPrefixes | None:
        """The IPv4 prefixes of the regional tags in use (`service_tag_prefixes`, or routes built
        from prefixes), and the output `service_tag_prefixes`."""
        cfg = self.cfg
        self.service_tags: ServiceTagPrefixes | None = None
        if cfg.service_tag_prefixes or cfg.compute.public_ip_routes == "ip-prefixes":
            lookups = tuple(ServiceTagLookup(tag, reg) for tag, reg in service_tag_lookups(cfg, placements))
            self.service_tags = ServiceTagPrefixes(self, "service-tags", ServiceTagPrefixesProps(location=cfg.region, lookups=lookups))
            TerraformOutput(self, "service_tag_prefixes", value=self.service_tags.ipv4_cidrs)
        return self.service_tags

    def routes_for(self, placement: ComputePlacement) -> tuple[tuple[RouteSpec, ...], tuple[PrefixRoute, ...]]:
        """Routes of a compute subnet; with `public_ip_routes: ip-prefixes` the control-plane tag
        routes become one route per prefix of the tag."""
        routes = plan_routes(self.cfg, placement)
        stp = getattr(self, "service_tags", None)
        if self.cfg.compute.public_ip_routes != "ip-prefixes" or stp is None:
            return routes, ()
        lookups = control_plane_lookups(placement) if placement.public_ip and placement.egress_mode == "firewall" else ()
        prefix_routes = tuple(
            PrefixRoute(name=f"{tag}-{lookup_region(reg).tag_suffix}", prefixes=stp.ipv4_cidrs[f"{tag}.{lookup_region(reg).tag_suffix}"])
            for tag, reg in lookups
        )
        return tuple(r for r in routes if r.next_hop_type != "Internet"), prefix_routes

    def storage_guard(self, *, created: bool, location: str, resource_group_name: str, id_prefix: str = "") -> tuple[str, ...]:
        """The policy IDs for a compute subnet (`compute.storage_exfiltration_guard`): one policy per VNet, in its
        region, allowing the workspace's storage and the AML alias. Empty when off, or for a subnet amlnet does
        not create. The subnet takes `storage_service_endpoints(ids)` with them."""
        if not created or not guard_enabled(self.cfg):
            return ()
        guards: dict[str, StorageExfiltrationGuard] = self.__dict__.setdefault("_storage_guards", {})
        if id_prefix not in guards:
            guards[id_prefix] = StorageExfiltrationGuard(self, f"{id_prefix}storage-guard", StorageExfiltrationGuardProps(
                name=f"sep-{self.cfg.name_prefix}{'-' + id_prefix.rstrip('-') if id_prefix else ''}", location=location,
                resource_group_name=resource_group_name, storage_account_ids=(self.workspace.storage_account_id,), tags=self.tags,
            ))
        return (guards[id_prefix].policy_id,)

    def add_compute_subnet(self, *, subnet: SubnetConfig, placement: ComputePlacement, egress: Egress, network: WorkspaceNetwork,
                           location: str, resource_group_name: str) -> ComputeSubnet:
        """The compute subnet of `placement` in `network` (created, or reused by `existing_id`)."""
        cfg = self.cfg
        self.add_service_tag_prefixes((placement,))
        routes, prefix_routes = self.routes_for(placement)
        guard = self.storage_guard(created=not subnet.existing_id, location=location, resource_group_name=resource_group_name,
                                   id_prefix="" if network is getattr(self, "network", None) else "compute-")
        return ComputeSubnet(
            self,
            "compute-subnet",
            ComputeSubnetProps(
                name=subnet.name,
                location=location,
                resource_group_name=resource_group_name,
                vnet_name=network.vnet_name,
                vnet_resource_group_name=network.vnet_resource_group_name,
                nsg_rules=plan_nsg_rules(cfg, placement),
                cidr=None if subnet.existing_id else subnet.cidr,
                existing_subnet_id=subnet.existing_id,
                routes=routes,
                prefix_routes=prefix_routes,
                firewall_private_ip=egress.firewall_ip,
                nat_gateway_id=egress.nat_gateway_id,
                tags=self.tags,
                service_endpoints=storage_service_endpoints(guard),
                service_endpoint_policy_ids=guard,
            ),
        )

    def record_metadata(self, placements: tuple[ComputePlacement, ...]) -> None:
        """What `amlnet verify` needs to know about this stack, under the `//` comment key Terraform ignores."""
        cfg = self.cfg
        self.add_override("//.amlnet", metadata_object(
            cfg.cloud.value, (r.name for p in placements for r in p.regions), (s.value for s in cfg.enabled_scenarios),
            accepted_exposures=["nat-unfiltered-https"] if cfg.egress.nat_allow_unfiltered_https else [],
            storage_exfiltration_guard=guard_enabled(cfg), dns_servers=cfg.dns.servers, hub_vnet_id=self.hub_vnet_id,
            egress_outside=any(p.egress_mode == "none" for p in placements)))

    def add_common_outputs(self, compute_subnet_id: str, egress: Egress) -> None:
        TerraformOutput(self, "workspace_id", value=self.workspace.workspace_id)
        TerraformOutput(self, "workspace_name", value=self.cfg.workspace_name)
        TerraformOutput(self, "compute_subnet_id", value=compute_subnet_id)
        TerraformOutput(self, "private_dns_zone_ids", value=self.dns.zone_ids)
        if egress.firewall_ip is not None:
            TerraformOutput(self, "firewall_private_ip", value=egress.firewall_ip)
