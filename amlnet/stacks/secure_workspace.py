"""The `secure-workspace` reference stack."""

from __future__ import annotations

from ..catalog import profile
from ..config import AmlNetConfig
from ..constructs import (
    ClusterProps,
    ComputeSubnet,
    ComputeSubnetProps,
    EgressFirewall,
    EgressFirewallProps,
    InstanceProps,
    NatGatewayEgress,
    NatGatewayEgressProps,
    PrivateDnsZones,
    PrivateDnsZonesProps,
    SecureWorkspace,
    SecureWorkspaceProps,
    TrainingCompute,
    TrainingComputeProps,
    WorkspaceNetwork,
    WorkspaceNetworkProps,
)
from ..planning import plan_firewall_rules, plan_nsg_rules, plan_routes, plan_zones
from ..providers import (
    AzurermBackend,
    AzurermProvider,
    AzurermProviderFeatures,
    Construct,
    DataAzurermClientConfig,
    LocalBackend,
    ResourceGroup,
    TerraformOutput,
    TerraformStack,
    VirtualNetworkDnsServers,
)

STACK_NAME = "secure-workspace"


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


class SecureWorkspaceStack(TerraformStack):
    """A secure AML workspace whose compute has no public IP and egresses through a firewall
    (or a NAT gateway), built from one `AmlNetConfig`.

    Example::

        app = App()
        SecureWorkspaceStack(app, "secure-workspace", default_config())
        app.synth()
    """

    def __init__(self, scope: Construct, id: str, cfg: AmlNetConfig) -> None:
        super().__init__(scope, id)
        self.cfg = cfg
        prof = profile(cfg.cloud)
        tags = {"managed-by": "amlnet", **cfg.tags}
        loc = cfg.region

        AzurermProvider(self, "azurerm", features=[AzurermProviderFeatures()], environment=prof.provider_environment)
        configure_state(self, id, cfg)
        client = DataAzurermClientConfig(self, "client")

        self.resource_group = ResourceGroup(self, "resource-group", name=cfg.resource_group_name, location=loc, tags=tags)
        rg = self.resource_group.name

        n = cfg.network
        self.network = WorkspaceNetwork(
            self,
            "network",
            WorkspaceNetworkProps(
                name=cfg.vnet_name,
                location=loc,
                resource_group_name=rg,
                address_space=tuple(n.address_space),
                existing_vnet_id=n.existing_vnet_id,
                private_endpoint_subnet_name=n.private_endpoint_subnet.name,
                private_endpoint_subnet_cidr=None if n.private_endpoint_subnet.existing_id else n.private_endpoint_subnet.cidr,
                existing_private_endpoint_subnet_id=n.private_endpoint_subnet.existing_id,
                tags=tags,
            ),
        )

        self.dns = PrivateDnsZones(
            self,
            "dns",
            PrivateDnsZonesProps(
                resource_group_name=rg,
                zones=plan_zones(cfg),
                # the label names the link; zones shared in a hub hold links from many VNets
                vnet_links={cfg.vnet_name: self.network.vnet_id},
                link_existing_zones=cfg.dns.link_existing_zones,
                tags=tags,
            ),
        )

        cluster_name = cfg.compute.cluster.name if cfg.compute.cluster.enabled else None
        self.workspace = SecureWorkspace(
            self,
            "workspace",
            SecureWorkspaceProps(
                location=loc,
                resource_group_name=rg,
                workspace_name=cfg.workspace_name,
                storage_account_name=cfg.storage_account_name,
                key_vault_name=cfg.key_vault_name,
                container_registry_name=cfg.container_registry_name,
                private_endpoint_subnet_id=self.network.private_endpoint_subnet_id,
                zone_ids=self.dns.zone_ids,
                tenant_id=client.tenant_id,
                subscription_id=client.subscription_id,
                image_build_compute_name=cluster_name,
                high_business_impact=cfg.workspace.hbi,
                data_profiling_access=cfg.workspace.data_profiling_access,
                storage_replication=cfg.workspace.storage_replication,
                name_suffix=cfg.name_prefix,
                tags=tags,
            ),
        )

        self.firewall: EgressFirewall | None = None
        self.nat: NatGatewayEgress | None = None
        self.vnet_dns_servers: VirtualNetworkDnsServers | None = None
        fw_ip = None
        if cfg.egress.mode == "firewall":
            existing = cfg.egress.firewall.existing
            self.firewall = EgressFirewall(
                self,
                "egress-firewall",
                EgressFirewallProps(
                    name=cfg.name_prefix,
                    location=loc,
                    resource_group_name=rg,
                    plan=plan_firewall_rules(cfg),
                    vnet_name=self.network.vnet_name,
                    vnet_resource_group_name=self.network.vnet_resource_group_name,
                    firewall_subnet_cidr=None if existing else n.firewall_subnet_cidr,
                    sku_tier=cfg.egress.firewall.sku_tier,
                    threat_intel_mode=cfg.egress.firewall.threat_intel_mode,
                    rule_collection_group_name=f"amlnet-{cfg.name_prefix}",
                    rule_collection_group_priority=cfg.egress.firewall.rule_collection_group_priority,
                    existing_policy_id=existing.policy_id if existing else None,
                    existing_private_ip=existing.private_ip if existing else None,
                    tags=tags,
                ),
            )
            fw_ip = self.firewall.private_ip
            if cfg.firewall_is_vnet_dns:
                # FQDN filtering needs clients and firewall to resolve alike: the VNet uses the
                # firewall's DNS proxy, which forwards to Azure DNS (and so to the linked zones).
                self.vnet_dns_servers = VirtualNetworkDnsServers(
                    self, "vnet-dns-servers", virtual_network_id=self.network.vnet_id, dns_servers=[fw_ip]
                )
        elif cfg.egress.mode == "nat-gateway":
            self.nat = NatGatewayEgress(self, "egress-nat", NatGatewayEgressProps(name=cfg.name_prefix, location=loc, resource_group_name=rg, tags=tags))

        cs = n.compute_subnet
        self.compute_subnet = ComputeSubnet(
            self,
            "compute-subnet",
            ComputeSubnetProps(
                name=cs.name,
                location=loc,
                resource_group_name=rg,
                vnet_name=self.network.vnet_name,
                vnet_resource_group_name=self.network.vnet_resource_group_name,
                nsg_rules=plan_nsg_rules(cfg),
                cidr=None if cs.existing_id else cs.cidr,
                existing_subnet_id=cs.existing_id,
                routes=plan_routes(cfg),
                firewall_private_ip=fw_ip,
                nat_gateway_id=self.nat.nat_gateway_id if self.nat else None,
                tags=tags,
            ),
        )

        cc, ci = cfg.compute.cluster, cfg.compute.instance
        # Compute nodes must boot into a finished network: the workspace endpoint (Azure rejects
        # no-public-IP compute before it), NSG and route, firewall rules, the VNet's DNS, NAT's IP.
        deps = [self.workspace.workspace_private_endpoint, *self.compute_subnet.ready]
        if self.firewall is not None:
            deps.append(self.firewall.rule_collection_group)
        if self.vnet_dns_servers is not None:
            deps.append(self.vnet_dns_servers)
        if self.nat is not None:
            deps.append(self.nat.public_ip_association)
        self.compute = TrainingCompute(
            self,
            "compute",
            TrainingComputeProps(
                workspace_id=self.workspace.workspace_id,
                location=loc,
                subnet_id=self.compute_subnet.subnet_id,
                cluster=ClusterProps(cc.name, cc.vm_size, cc.vm_priority, cc.min_nodes, cc.max_nodes, cc.idle_seconds_before_scale_down)
                if cc.enabled
                else None,
                instance=InstanceProps(cfg.compute_instance_name, ci.vm_size) if ci.enabled else None,
                depends_on=tuple(deps),
                tags=tags,
            ),
        )

        TerraformOutput(self, "workspace_id", value=self.workspace.workspace_id)
        TerraformOutput(self, "workspace_name", value=cfg.workspace_name)
        TerraformOutput(self, "compute_subnet_id", value=self.compute_subnet.subnet_id)
        TerraformOutput(self, "private_dns_zone_ids", value=self.dns.zone_ids)
        if fw_ip is not None:
            TerraformOutput(self, "firewall_private_ip", value=fw_ip)
