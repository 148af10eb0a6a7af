"""Record in your own stack what `amlnet verify` needs to check it: cloud, regions, scenarios, DNS servers and hub.

amlnet's stacks write this under the `//.amlnet` comment key of their Terraform JSON (Terraform ignores `//`).
A stack composed by hand writes it with `record_verify_metadata`, from the same `ComputeNetworkPlan` its
constructs use, so `amlnet verify cdktf.out` needs no `--cloud`, `--region` or `--scenario` and checks every
flow of the plan's scenarios instead of assuming two.

Example::

    plan = ComputeNetworkPlan(region="westeurope", compute_subnet_cidr="10.60.4.0/24", private_endpoint_cidrs=("10.60.5.0/24",))
    record_verify_metadata(stack, plan)                       # inside your TerraformStack's __init__
    record_verify_metadata(stack, plan, hub_vnet_id=HUB_VNET) # DNS servers or next hops in a hub VNet you peer with
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..planning import ComputeNetworkPlan
from ..providers import TerraformStack
from ._checks import PropsError, check_resource_id


def metadata_object(cloud: str, regions: Iterable[str], scenarios: Iterable[str], *, accepted_exposures: Iterable[str] = (),
                    storage_exfiltration_guard: bool = False, dns_servers: Iterable[str] = (), hub_vnet_id: str | None = None,
                    egress_outside: bool = False) -> dict[str, Any]:
    """The `//.amlnet` object `amlnet verify` reads (amlnet's own stacks and `record_verify_metadata` both write it):
    cloud, regions (workspace's first), the enabled scenarios, exposures the configuration accepts; then, when they
    apply, the storage exfiltration guard (a foreign storage account must be denied), custom DNS servers, the hub VNet
    (where a DNS server outside the stack's VNets resolves) and egress routed by the landing zone."""
    meta: dict[str, Any] = {
        "cloud": cloud,
        "regions": list(dict.fromkeys(regions)),
        "scenarios": sorted(scenarios),
        "accepted_exposures": list(accepted_exposures),
    }
    if storage_exfiltration_guard:
        meta["storage_exfiltration_guard"] = True
    if dns_servers:
        meta["dns_servers"] = list(dns_servers)
    if hub_vnet_id is not None:
        meta["hub_vnet_id"] = hub_vnet_id
    if egress_outside:
        meta["egress_outside"] = True
    return meta


def verify_metadata(plan: ComputeNetworkPlan, hub_vnet_id: str | None = None) -> dict[str, Any]:
    """The `//.amlnet` object for a stack built from `plan` (the keys amlnet's own stacks write)."""
    if not isinstance(plan, ComputeNetworkPlan):
        raise PropsError(f"record_verify_metadata.plan: {type(plan).__name__} is not an amlnet.planning.ComputeNetworkPlan")
    check_resource_id(record_verify_metadata, "hub_vnet_id", hub_vnet_id, "Microsoft.Network/virtualNetworks")
    return metadata_object(plan.inputs.cloud.value, (r.name for r in plan.placement.regions), (s.value for s in plan.inputs.scenarios),
                           dns_servers=plan.dns_servers, hub_vnet_id=hub_vnet_id, egress_outside=plan.egress == "none")


def record_verify_metadata(stack: TerraformStack, plan: ComputeNetworkPlan, hub_vnet_id: str | None = None) -> dict[str, Any]:
    """Write `verify_metadata(plan, hub_vnet_id)` into `stack`'s Terraform JSON; returns it."""
    meta = verify_metadata(plan, hub_vnet_id)
    stack.add_override("//.amlnet", meta)
    return meta
