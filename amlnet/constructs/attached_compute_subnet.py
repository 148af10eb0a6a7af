"""AttachedComputeSubnet: the subnet for VMs and HDInsight clusters attached to the workspace as compute."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..attach_rules import SSH_PORT, SSH_SOURCE, open_inbound_problem
from ..planning import NsgRuleSpec
from ..providers import Construct
from ._checks import check_choice, check_literals, fail
from .compute_subnet import Access, ComputeSubnet, ComputeSubnetProps, Direction, NsgProtocol

AttachedKindName = ("vm", "hdinsight")


@dataclass(frozen=True)
class AttachedComputeSubnetProps(ComputeSubnetProps):
    """Props of `AttachedComputeSubnet`: those of `ComputeSubnetProps` (rules from `plan_attached_nsg_rules`,
    routes from `plan_attached_routes`), plus what is attached. The NSG must allow SSH (TCP 22) from
    `AzureMachineLearning` and must not open 22 to any other source nor admit the Internet on any port
    (seed 003, Virtual machine or HDInsight cluster): such a rule is a `PropsError` naming it."""

    kinds: tuple[str, ...] = ("vm",)
    """What is attached: `vm` (Ubuntu VMs) and/or `hdinsight` (HDInsight clusters); at least one."""

    def __post_init__(self) -> None:
        check_literals(self)
        super().__post_init__()
        if not self.kinds:
            fail(self, "kinds", "at least one of 'vm', 'hdinsight' is required")
        for i, k in enumerate(self.kinds):
            check_choice(self, f"kinds[{i}]", k, AttachedKindName)
        for i, r in enumerate(self.nsg_rules):
            problem = open_inbound_problem(r.direction, r.access, r.source_prefixes, r.destination_ports)
            if problem:
                fail(self, f"nsg_rules[{i}]", f"rule {r.name!r} {problem}")
        if not any(r.direction == "Inbound" and r.access == "Allow" and r.source_prefixes == (SSH_SOURCE,)
                   and str(SSH_PORT) in r.destination_ports for r in self.nsg_rules):
            fail(self, "nsg_rules", f"no rule allows SSH (TCP {SSH_PORT}) from {SSH_SOURCE!r}; Azure Machine Learning "
                                    "reaches attached compute over SSH (seed 003); use plan_attached_nsg_rules")


class AttachedComputeSubnet(ComputeSubnet):
    """A subnet for Ubuntu VMs and HDInsight clusters attached as compute: SSH from `AzureMachineLearning`
    only, nothing else from the Internet, the compute subnet's outbound. A `ComputeSubnet` whose rules
    are checked for SSH and Internet exposure, at construction and in `add_nsg_rule`.

    Example::

        attached = AttachedComputeSubnet(stack, "attached-compute", AttachedComputeSubnetProps(
            name="snet-aml-attached", cidr="10.20.5.0/24", location="eastus2", resource_group_name="rg-ml",
            vnet_name=net.vnet_name, vnet_resource_group_name=net.vnet_resource_group_name,
            nsg_rules=plan_attached_nsg_rules(cfg), routes=plan_attached_routes(cfg),
            firewall_private_ip=firewall.private_ip, kinds=("vm", "hdinsight")))
        attached.add_nsg_rule(name="AllowInSshFromBastion", priority=3000, direction="Inbound", access="Allow",
                              protocol="Tcp", source="10.20.9.0/26", destination="*", ports="22")
        # PropsError: AttachedComputeSubnet.add_nsg_rule: rule 'AllowInSshFromBastion' opens SSH (TCP 22) to ...
    """

    def __init__(self, scope: Construct, id: str, props: AttachedComputeSubnetProps) -> None:
        super().__init__(scope, id, props)

    def add_nsg_rule(
        self,
        *,
        name: str,
        priority: int,
        direction: Direction,
        access: Access,
        protocol: NsgProtocol,
        source: str | Sequence[str],
        destination: str | Sequence[str],
        ports: str | Sequence[str],
        description: str = "",
    ) -> NsgRuleSpec:
        """`ComputeSubnet.add_nsg_rule`, refusing SSH from anything but `AzureMachineLearning` and Internet inbound."""
        problem = open_inbound_problem(direction, access, source, (ports,) if isinstance(ports, str) else tuple(ports))
        if problem:
            fail(self, "add_nsg_rule", f"rule {name!r} {problem}")
        return super().add_nsg_rule(name=name, priority=priority, direction=direction, access=access, protocol=protocol,
                                    source=source, destination=destination, ports=ports, description=description)

    @property
    def props(self) -> AttachedComputeSubnetProps:
        p = self._props
        assert isinstance(p, AttachedComputeSubnetProps)
        return p
