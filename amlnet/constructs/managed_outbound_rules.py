"""ManagedOutboundRules: the outbound rules of a workspace's managed virtual network, from a rule plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..planning.managed import FqdnRuleSpec, PrivateEndpointRuleSpec, ServiceTagRuleSpec
from ..providers import (
    Construct,
    MachineLearningWorkspaceNetworkOutboundRuleFqdn,
    MachineLearningWorkspaceNetworkOutboundRulePrivateEndpoint,
    MachineLearningWorkspaceNetworkOutboundRuleServiceTag,
)
from ._checks import check_literals, check_resource_id, fail

_TAG_PROTOCOLS = ("*", "TCP", "UDP", "ICMP")
"""azurerm 4.55.0 ..._service_tag_resource.go: `protocol` values."""


@dataclass(frozen=True)
class ManagedOutboundRulesProps:
    """Props of `ManagedOutboundRules`.

    The IDs are usually `SecureWorkspace` attributes (tokens): the private-endpoint rules reference the
    storage account and key vault by ID, never by a literal name.
    """

    workspace_id: str
    """The workspace whose managed VNet gets the rules (its `managed_network` block must be set)."""
    storage_account_id: str
    """Target of the `storage` private-endpoint rules."""
    key_vault_id: str
    """Target of the `key-vault` private-endpoint rules."""
    service_tags: tuple[ServiceTagRuleSpec, ...] = ()
    """Service-tag rules (`amlnet.planning.managed.plan_managed_rules`)."""
    fqdns: tuple[FqdnRuleSpec, ...] = ()
    """FQDN rules: each brings the AML-managed Azure Firewall into the managed VNet."""
    private_endpoints: tuple[PrivateEndpointRuleSpec, ...] = ()
    """Private-endpoint rules to the storage account or key vault."""

    def __post_init__(self) -> None:
        check_literals(self)
        check_resource_id(self, "workspace_id", self.workspace_id, "Microsoft.MachineLearningServices/workspaces")
        check_resource_id(self, "storage_account_id", self.storage_account_id, "Microsoft.Storage/storageAccounts")
        check_resource_id(self, "key_vault_id", self.key_vault_id, "Microsoft.KeyVault/vaults")
        names: list[str] = [t.name for t in self.service_tags] + [f.name for f in self.fqdns] + [p.name for p in self.private_endpoints]
        dup = next((n for i, n in enumerate(names) if n in names[:i]), None)
        if dup:
            fail(self, "service_tags", f"rule name {dup!r} is used twice; rule names are unique per workspace")
        for t in self.service_tags:
            if t.protocol not in _TAG_PROTOCOLS:
                fail(self, "service_tags", f"rule {t.name!r}: protocol {t.protocol!r} is not one of {', '.join(_TAG_PROTOCOLS)}")
        for p in self.private_endpoints:
            if p.target not in ("storage", "key-vault"):
                fail(self, "private_endpoints", f"rule {p.name!r}: target {p.target!r} is not 'storage' or 'key-vault'")


class ManagedOutboundRules(Construct):
    """`azurerm_machine_learning_workspace_network_outbound_rule_{service_tag,fqdn,private_endpoint}` for one workspace.

    Example::

        plan = plan_managed_rules(cfg.cloud, cfg.region_info, cfg.enabled_scenarios, "allow_only_approved_outbound")
        ManagedOutboundRules(stack, "managed-rules", ManagedOutboundRulesProps(
            workspace_id=ws.workspace_id, storage_account_id=ws.storage_account_id, key_vault_id=ws.key_vault_id,
            service_tags=plan.service_tags, fqdns=plan.fqdns, private_endpoints=plan.private_endpoints))
    """

    def __init__(self, scope: Construct, id: str, props: ManagedOutboundRulesProps) -> None:
        super().__init__(scope, id)
        self._props = props
        ws = props.workspace_id
        # One rule after another: every rule re-provisions the workspace's managed network, the provider takes no
        # lock per workspace (azurerm v4.55.0, internal/services/machinelearning/
        # machine_learning_workspace_network_outbound_rule_*_resource.go: Create is a plain PUT of the rule), and
        # parallel PUTs on this API are reported to lose rules without an error (Azure/terraform-provider-azapi#453).
        # So each rule `depends_on` the one before it (issue 19, item 6): tag rules, then FQDN, then private endpoint.
        previous: list[Any] = []
        self._service_tags: dict[str, MachineLearningWorkspaceNetworkOutboundRuleServiceTag] = {}
        for t in props.service_tags:
            tag_rule = MachineLearningWorkspaceNetworkOutboundRuleServiceTag(
                self, t.name, name=t.name, workspace_id=ws, service_tag=t.service_tag, protocol=t.protocol, port_ranges=t.port_ranges,
                depends_on=previous or None,
            )
            self._service_tags[t.name], previous = tag_rule, [tag_rule]
        self._fqdns: dict[str, MachineLearningWorkspaceNetworkOutboundRuleFqdn] = {}
        for f in props.fqdns:
            fqdn_rule = MachineLearningWorkspaceNetworkOutboundRuleFqdn(
                self, f.name, name=f.name, workspace_id=ws, destination_fqdn=f.destination_fqdn, depends_on=previous or None,
            )
            self._fqdns[f.name], previous = fqdn_rule, [fqdn_rule]
        target = {"storage": props.storage_account_id, "key-vault": props.key_vault_id}
        self._private_endpoints: dict[str, MachineLearningWorkspaceNetworkOutboundRulePrivateEndpoint] = {}
        for p in props.private_endpoints:
            pe_rule = MachineLearningWorkspaceNetworkOutboundRulePrivateEndpoint(
                self, p.name, name=p.name, workspace_id=ws, service_resource_id=target[p.target], sub_resource_target=p.sub_resource_target,
                depends_on=previous or None,
            )
            self._private_endpoints[p.name], previous = pe_rule, [pe_rule]
        self._last: list[Any] = previous

    @property
    def ready(self) -> list[Any]:
        """The last rule created (every rule before it is created first): compute that needs the rules waits for this."""
        return list(self._last)

    @property
    def props(self) -> ManagedOutboundRulesProps:
        return self._props

    @property
    def service_tag_rules(self) -> dict[str, MachineLearningWorkspaceNetworkOutboundRuleServiceTag]:
        return dict(self._service_tags)

    @property
    def fqdn_rules(self) -> dict[str, MachineLearningWorkspaceNetworkOutboundRuleFqdn]:
        return dict(self._fqdns)

    @property
    def private_endpoint_rules(self) -> dict[str, MachineLearningWorkspaceNetworkOutboundRulePrivateEndpoint]:
        return dict(self._private_endpoints)
