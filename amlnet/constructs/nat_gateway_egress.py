"""NatGatewayEgress: a NAT gateway with a static public IP for compute without public IP."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from ..providers import Construct, NatGateway, NatGatewayPublicIpAssociation, PublicIp
from ._checks import Overrides, check_literals, check_name, check_overrides, check_range, check_tags
from ._public_ip import standard_public_ip

IDLE_TIMEOUT_MINUTES = (4, 120)
"""Learn, "What is Azure NAT Gateway?" (TCP idle timeout 4-120 minutes):
https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource#idle-timeout-timers"""


@dataclass(frozen=True)
class NatGatewayEgressProps:
    """Props of `NatGatewayEgress`."""

    name: str
    """Stem of the names: `ng-<name>` and `pip-ng-<name>` (override with `resource_names`)."""
    location: str
    """Region of the NAT gateway (the compute subnet's)."""
    resource_group_name: str
    idle_timeout_in_minutes: int = 4
    """TCP idle timeout, 4-120 minutes."""
    tags: Mapping[str, str] = field(default_factory=dict)
    resource_names: Mapping[str, str] = field(default_factory=dict)
    """Name overrides: `nat-gateway`, `public-ip`."""
    resource_tags: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Extra tags by resource: `nat-gateway`, `public-ip`."""

    NAMED: ClassVar[Mapping[str, str]] = {"nat-gateway": "nat_gateway", "public-ip": "public_ip"}

    def __post_init__(self) -> None:
        check_literals(self)
        check_name(self, "name", "nat_gateway", f"ng-{self.name}")
        check_name(self, "resource_group_name", "resource_group", self.resource_group_name)
        check_range(self, "idle_timeout_in_minutes", self.idle_timeout_in_minutes, *IDLE_TIMEOUT_MINUTES, why="Azure's NAT gateway idle timeout")
        check_tags(self, "tags", self.tags)
        check_overrides(self, self.NAMED, self.resource_names, self.resource_tags)


class NatGatewayEgress(Construct):
    """Outbound internet for compute subnets through a NAT gateway (seed 000's first option).

    A NAT gateway does not filter: the compute subnet's NSG alone decides what leaves it.

    Example::

        nat = NatGatewayEgress(stack, "egress", NatGatewayEgressProps(
            name="ml", location="eastus2", resource_group_name="rg-ml"))
        ComputeSubnet(..., ComputeSubnetProps(..., nat_gateway_id=nat.nat_gateway_id))
    """

    def __init__(self, scope: Construct, id: str, props: NatGatewayEgressProps) -> None:
        super().__init__(scope, id)
        self._props = props
        names = Overrides(props.resource_names, props.tags, props.resource_tags)
        self._public_ip = standard_public_ip(
            self, "public-ip", name=names.name("public-ip", f"pip-ng-{props.name}"), location=props.location,
            resource_group_name=props.resource_group_name, tags=names.tags("public-ip") or {},
        )
        self._nat_gateway = NatGateway(
            self,
            "nat-gateway",
            name=names.name("nat-gateway", f"ng-{props.name}"),
            location=props.location,
            resource_group_name=props.resource_group_name,
            sku_name="Standard",
            idle_timeout_in_minutes=props.idle_timeout_in_minutes,
            tags=names.tags("nat-gateway"),
        )
        self._public_ip_association = NatGatewayPublicIpAssociation(
            self, "public-ip-association", nat_gateway_id=self._nat_gateway.id, public_ip_address_id=self._public_ip.id
        )

    @property
    def props(self) -> NatGatewayEgressProps:
        return self._props

    @property
    def public_ip(self) -> PublicIp:
        return self._public_ip

    @property
    def public_ip_id(self) -> str:
        return self._public_ip.id

    @property
    def nat_gateway(self) -> NatGateway:
        return self._nat_gateway

    @property
    def public_ip_association(self) -> NatGatewayPublicIpAssociation:
        return self._public_ip_association

    @property
    def nat_gateway_id(self) -> str:
        return self._nat_gateway.id
