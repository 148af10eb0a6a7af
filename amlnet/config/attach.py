"""Configuration of the attach subnet (VMs and HDInsight clusters attached as compute) and of the two
Azure Databricks subnets, in the workspace VNet. Pydantic models, no cdktf.

Example::

    cfg = AmlNetConfig.model_validate({
        "attached_compute": {"subnet": {"name": "snet-aml-attached", "cidr": "10.20.5.0/24"}, "kinds": ["vm"]},
        "databricks": {"host_subnet": {"name": "snet-dbw-host", "cidr": "10.20.6.0/26"},
                       "container_subnet": {"name": "snet-dbw-container", "cidr": "10.20.6.64/26"}},
    })
    cfg.attached_compute.subnet.cidr  # '10.20.5.0/24'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ..addressing import ipv4_network
from ..catalog.naming_rules import check_name

if TYPE_CHECKING:
    from .model import AmlNetConfig

DATABRICKS_MAX_PREFIX = 26
"""Learn, "Deploy Azure Databricks in your Azure virtual network (VNet injection)", VNet configuration:
"Each subnet should use a CIDR block that is at least /26. Databricks doesn't recommend a subnet smaller
than /26" (https://learn.microsoft.com/azure/databricks/security/network/classic/vnet-inject)."""


def _subnet_name(v: str) -> str:
    return check_name("subnet", v)


def _cidr(v: str) -> str:
    ipv4_network(v)
    return v


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, use_attribute_docstrings=True)


class NewSubnet(_Strict):
    """A subnet the stack creates in the workspace VNet."""

    name: Annotated[str, AfterValidator(_subnet_name)]
    """Subnet name (Azure: 1-80 letters, digits, underscores, periods, hyphens)."""
    cidr: Annotated[str, AfterValidator(_cidr), Field(description="IPv4 CIDR, e.g. 10.20.5.0/24")]
    """The subnet's IPv4 range: inside network.address_space, overlapping no other subnet."""


AttachedKind = Literal["vm", "hdinsight"]


class AttachedComputeConfig(_Strict):
    """A subnet for Ubuntu VMs and HDInsight clusters you attach to the workspace as compute (seed 003,
    "Virtual machine or HDInsight cluster"). Its NSG admits SSH (TCP 22) from the `AzureMachineLearning`
    service tag only and denies every other inbound from the Internet; outbound is the compute subnet's
    (the catalog's rows for the enabled scenarios, the private endpoints), the rest denied."""

    subnet: NewSubnet
    """The attach subnet (created by the stack)."""
    kinds: tuple[AttachedKind, ...] = Field(("vm",), min_length=1)
    """What you attach there: `vm` (Ubuntu virtual machines) and/or `hdinsight` (HDInsight clusters)."""


class DatabricksNetworkConfig(_Strict):
    """The two subnets an Azure Databricks workspace is injected into (seed 003, "Azure Databricks";
    Learn, VNet injection). amlnet creates the subnets, their NSGs and associations, and outputs their IDs
    for your `azurerm_databricks_workspace` (`custom_parameters`); it does not create the workspace."""

    host_subnet: NewSubnet
    """The host subnet (Databricks' "public" subnet), /26 or larger."""
    container_subnet: NewSubnet
    """The container subnet (Databricks' "private" subnet), /26 or larger."""


def attach_subnets(cfg: AmlNetConfig) -> list[tuple[str, str]]:
    """(field, cidr) of the subnets these options add to the workspace VNet."""
    out: list[tuple[str, str]] = []
    if cfg.attached_compute is not None:
        out.append(("attached_compute.subnet.cidr", cfg.attached_compute.subnet.cidr))
    if cfg.databricks is not None:
        out.append(("databricks.host_subnet.cidr", cfg.databricks.host_subnet.cidr))
        out.append(("databricks.container_subnet.cidr", cfg.databricks.container_subnet.cidr))
    return out


def validate_attach(cfg: AmlNetConfig, subnets: list[tuple[str, str]]) -> None:
    """Cross-field checks of `attached_compute` and `databricks`. `subnets` are the (field, cidr) of the
    VNet's other subnets; raises ValueError naming the field and value."""
    from ..attach_rules import open_inbound_problem

    mine = attach_subnets(cfg)
    if not mine:
        return
    field = "attached_compute" if cfg.attached_compute is not None else "databricks"
    if cfg.isolation == "managed":
        raise ValueError(f"{field}: subnets in your VNet; isolation 'managed' has none (the workspace's managed VNet takes no "
                         "subnets of yours): use isolation 'customer-vnet'")
    if "secure-workspace" not in cfg.stacks:
        raise ValueError(f"{field}: the subnets go into the secure-workspace stack's VNet; add 'secure-workspace' to stacks")
    if cfg.databricks is not None:
        names = {}
        for field in ("host_subnet", "container_subnet"):
            s = getattr(cfg.databricks, field)
            prefix = ipv4_network(s.cidr).prefixlen
            if prefix > DATABRICKS_MAX_PREFIX:
                raise ValueError(
                    f"databricks.{field}.cidr: {s.cidr} is a /{prefix}; Azure Databricks needs /{DATABRICKS_MAX_PREFIX} or larger "
                    "(Learn: Deploy Azure Databricks in your Azure virtual network, VNet configuration)"
                )
            names[field] = s.name
        if names["host_subnet"].lower() == names["container_subnet"].lower():
            raise ValueError(f"databricks.container_subnet.name: {names['container_subnet']!r} is also the host subnet's name; "
                             "Databricks needs two subnets")
    taken = {"network.compute_subnet.name": cfg.network.compute_subnet.name,
             "network.private_endpoint_subnet.name": cfg.network.private_endpoint_subnet.name}
    if cfg.attached_compute is not None:
        taken["attached_compute.subnet.name"] = cfg.attached_compute.subnet.name
    if cfg.databricks is not None:
        taken["databricks.host_subnet.name"] = cfg.databricks.host_subnet.name
        taken["databricks.container_subnet.name"] = cfg.databricks.container_subnet.name
    seen: dict[str, str] = {}
    for field, name in taken.items():
        if name.lower() in seen:
            raise ValueError(f"{field}: {name!r} is already the name of {seen[name.lower()]}; subnet names are unique per VNet")
        seen[name.lower()] = field
    if "aks-inference" in cfg.stacks and cfg.inference.subnet.cidr:
        subnets = [*subnets, ("inference.subnet.cidr", cfg.inference.subnet.cidr)]
    space = cfg.network.address_space
    nets = [ipv4_network(c) for c in space]
    for field, cidr in mine:
        if not any(ipv4_network(cidr).subnet_of(n) for n in nets):
            raise ValueError(f"{field}: {cidr} is outside network.address_space ({', '.join(space)})")
    for i, (fa, ca) in enumerate(mine):
        for fb, cb in (*subnets, *mine[i + 1:]):
            if ipv4_network(ca).overlaps(ipv4_network(cb)):
                raise ValueError(f"{fa}: {ca} overlaps {fb}: {cb}")
    if cfg.attached_compute is not None:
        # nsg.extra_rules go into every compute NSG, the attach subnet's too
        for i, x in enumerate(cfg.nsg.extra_rules):
            problem = open_inbound_problem(x.direction, x.access, x.source, x.ports)
            if problem:
                raise ValueError(f"nsg.extra_rules[{i}]: rule {x.name!r} {problem} (these rules also go into the attach subnet's NSG)")
