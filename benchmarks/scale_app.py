#!/usr/bin/env python
"""The benchmark's scale case: one `peered-compute` stack with N peered compute VNets (spokes).

    .venv/bin/python benchmarks/scale_app.py 100      # writes $CDKTF_OUTDIR (default cdktf.out)

The configuration holds one `compute_network`, so this app composes the constructs directly:
spoke 1 is the `peered-compute` stack of the default configuration; spokes 2..N each add what a
spoke adds there, a `PeeredComputeNetwork` (VNet 10.(100+i).0.0/16, both peerings, a link to every
private DNS zone, DNS servers, compute subnet, NSG, route table, associations) and a
`TrainingCompute` cluster, with their own names.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from amlnet.config import default_config  # noqa: E402
from amlnet.constructs import PeeredComputeNetwork, TrainingCompute, TrainingComputeProps  # noqa: E402
from amlnet.planner import peered_placement, plan_nsg_rules, plan_routes  # noqa: E402
from amlnet.providers import App  # noqa: E402
from amlnet.stacks import PeeredComputeStack  # noqa: E402
from amlnet.stacks.secure_workspace import cluster_props  # noqa: E402

MAX_SPOKES = 150


class SpokesStack(PeeredComputeStack):
    """`peered-compute` with `spokes` compute VNets peered to the workspace VNet."""

    def __init__(self, scope, id: str, cfg, spokes: int) -> None:
        if not 1 <= spokes <= MAX_SPOKES:
            raise ValueError(f"spokes: between 1 and {MAX_SPOKES}, got {spokes}")
        super().__init__(scope, id, cfg)
        net = self.compute_network.props
        base = peered_placement(cfg)
        for i in range(2, spokes + 1):
            # each spoke's rules name its own range (a subnet refuses rules planned for another)
            placement = dataclasses.replace(base, subnet_cidr=f"10.{100 + i}.0.0/24", address_space=(f"10.{100 + i}.0.0/16",))
            spoke = PeeredComputeNetwork(
                self,
                f"compute-network-{i:03d}",
                dataclasses.replace(
                    net,
                    name=f"{net.name}-{i:03d}",
                    address_space=(f"10.{100 + i}.0.0/16",),
                    compute_subnet_name=f"{net.compute_subnet_name}-{i:03d}",
                    compute_subnet_cidr=f"10.{100 + i}.0.0/24",
                    nsg_rules=plan_nsg_rules(cfg, placement),
                    routes=plan_routes(cfg, placement),
                ),
            )
            TrainingCompute(
                self,
                f"compute-{i:03d}",
                TrainingComputeProps(
                    workspace_id=self.workspace.workspace_id,
                    location=cfg.compute_region,
                    subnet_id=spoke.compute_subnet.subnet_id,
                    cluster=dataclasses.replace(cluster_props(cfg.compute_network.cluster), name=f"cpu-spoke-{i:03d}"),
                    instance=None,
                    public_ip=cfg.compute.public_ip,
                    workspace_private_endpoint=self.workspace.workspace_private_endpoint,
                    depends_on=( *spoke.ready, *self.egress.ready),
                    tags=self.tags,
                ),
            )


def main(argv: list[str]) -> int:
    spokes = int(argv[0]) if argv else 100
    app = App()
    SpokesStack(app, "peered-compute-spokes", default_config().for_stack("peered-compute"), spokes)
    app.synth()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
