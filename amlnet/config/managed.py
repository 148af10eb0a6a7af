"""Configuration of managed network mode (`isolation: managed`): Azure Machine Learning manages the
compute network, and amlnet writes its outbound rules from the catalog.

Learn, "Workspace Managed Virtual Network Isolation"
<https://learn.microsoft.com/azure/machine-learning/how-to-managed-network>: the workspace's managed
VNet carries compute instances, clusters, serverless compute and managed online endpoints; a VNet the
customer manages only carries inbound (the workspace's private endpoint for clients).

No cdktf import: this module is part of the configuration layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from .base import StrictModel

if TYPE_CHECKING:
    from .model import AmlNetConfig

Isolation = Literal["customer-vnet", "managed"]
"""customer-vnet: compute in the customer's VNet (NSGs, routes, firewall or NAT). managed: the workspace's
managed VNet (`managed_network` block and outbound rules); only the `managed-network` stack."""

IsolationMode = Literal["allow_only_approved_outbound", "allow_internet_outbound"]

ISOLATION_MODES: dict[str, str] = {
    "allow_only_approved_outbound": "AllowOnlyApprovedOutbound",
    "allow_internet_outbound": "AllowInternetOutbound",
}
"""Configuration value -> `managed_network.isolation_mode` of azurerm 4.55.0 (`Disabled` is the third value
the provider accepts: that is `isolation: customer-vnet`)."""

MANAGED_STACK = "managed-network"


class ManagedNetworkConfig(StrictModel):
    """The workspace's managed virtual network (`isolation: managed`)."""

    isolation_mode: IsolationMode = "allow_only_approved_outbound"
    """allow_only_approved_outbound: only the generated rules (service tags, FQDNs through an AML-managed
    Azure Firewall, private endpoints). allow_internet_outbound: all internet outbound is allowed, so only
    the private-endpoint rules to the workspace's storage and key vault are written."""
    provision_on_creation: bool = True
    """Provision the managed VNet when the workspace is created (`provision_on_creation_enabled`), not at
    the first compute creation."""


def check_managed(cfg: AmlNetConfig) -> None:
    """Cross-field checks of managed network mode: settings of the customer-VNet compute network that the
    managed VNet would ignore are errors naming the field (raised as ValueError, reported as configuration errors)."""
    given = cfg.model_fields_set
    if cfg.isolation == "customer-vnet":
        if MANAGED_STACK in cfg.stacks:
            raise ValueError("stacks: 'managed-network' needs isolation: managed (it is the only stack of that mode)")
        if "managed_network" in given:
            raise ValueError("managed_network: only applies with isolation: managed, not 'customer-vnet'")
        return
    other = [k for k in cfg.stacks if k != MANAGED_STACK]
    if other:
        raise ValueError(
            f"stacks: {other[0]!r} puts compute in a customer VNet, which contradicts isolation: managed; "
            "use stacks: [managed-network]"
        )
    contradictions: list[tuple[bool, str, str]] = [
        ("compute_network" in given, "compute_network", "the managed VNet has no second customer compute VNet"),
        ("serverless" in given, "serverless", "serverless compute runs in the managed VNet, not in a custom subnet"),
        ("egress" in given, "egress", "the managed VNet's own rules filter outbound; egress.mode firewall/nat settings would be ignored"),
        ("nsg" in given, "nsg", "compute has no customer subnet, so there is no NSG to hold nsg rules"),
        ("inference" in given, "inference", "the AKS inference cluster lives in a customer VNet (aks-inference stack)"),
        (cfg.compute.public_ip, "compute.public_ip", "managed-VNet compute has no public IP and no customer inbound rules"),
        ("public_ip_routes" in cfg.compute.model_fields_set, "compute.public_ip_routes", "there are no customer routes"),
        ("compute_subnet" in cfg.network.model_fields_set, "network.compute_subnet", "compute has no customer subnet"),
        ("firewall_subnet_cidr" in cfg.network.model_fields_set, "network.firewall_subnet_cidr", "AML manages the firewall of the managed VNet"),
        (cfg.service_tag_prefixes, "service_tag_prefixes", "no customer route or firewall needs tag prefixes"),
    ]
    scen = {s.value for s in cfg.scenarios}
    for name, why in (("kubernetes", "its rows are the egress of an AKS or Arc cluster in your network, not of the managed VNet"),
                      ("storage-firewall", "it describes a firewall of yours between compute and storage")):
        if name in scen:
            raise ValueError(f"scenarios: {name!r} does not apply with isolation: managed: {why}")
    for bad, field, why in contradictions:
        if bad:
            raise ValueError(f"{field}: set, but isolation is 'managed': {why}; remove {field} or use isolation: customer-vnet")


def managed_default_stacks(data: object) -> object:
    """Raw configuration data with `stacks: [managed-network]` filled in when `isolation: managed` leaves
    `stacks` out (the customer-VNet default stacks would contradict the mode), and without `aks-inference` when
    `cloud: china` leaves it out (refused there when listed)."""
    if isinstance(data, dict) and data.get("isolation") == "managed" and "stacks" not in data:
        return {**data, "stacks": (MANAGED_STACK,)}
    if isinstance(data, dict) and data.get("cloud") == "china" and "stacks" not in data:
        # no aks-inference by default in 21Vianet: Learn publishes no cluster-extensions endpoint there (config/inference.py)
        from .model import STACK_KINDS
        return {**data, "stacks": tuple(k for k in STACK_KINDS if k != "aks-inference")}
    return data
