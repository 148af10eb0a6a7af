"""NatGatewayEgress: a NAT gateway with a static public IP for compute without public IP."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..providers import Construct, NatGateway, NatGatewayPublicIpAssociation
from ._public_ip import standard_public_ip


@dataclass(frozen=True)
class NatGatewayEgressProps:
    name: str
    location: str
    resource_group_name: str
    idle_timeout_in_minutes: int = 4
    tags: dict[str, str] = field(default_factory=dict)


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
        self.public_ip = standard_public_ip(
            self, "public-ip", name=f"pip-ng-{props.name}", location=props.location,
            resource_group_name=props.resource_group_name, tags=props.tags,
        )
        self.nat_gateway = NatGateway(
            self,
            "nat-gateway",
            name=f"ng-{props.name}",
            location=props.location,
            resource_group_name=props.resource_group_name,
            sku_name="Standard",
            idle_timeout_in_minutes=props.idle_timeout_in_minutes,
            tags=props.tags or None,
        )
        self.public_ip_association = NatGatewayPublicIpAssociation(
            self, "public-ip-association", nat_gateway_id=self.nat_gateway.id, public_ip_address_id=self.public_ip.id
        )

    @property
    def nat_gateway_id(self) -> str:
        return self.nat_gateway.id
