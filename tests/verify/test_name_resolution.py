"""From every compute VNet of every shipped variant, each host training jobs look up (the workspace,
its storage's blob, file, queue, table and dfs, the key vault and the registry) resolves to a private
endpoint it can reach."""

import pytest

from amlnet.catalog import Cloud
from amlnet.verify import Document, verify_document
from amlnet.verify.dns import resolve_hosts
from amlnet.verify.views import compute_subnets, subnet_view
from tests.synthesized import shipped_stacks

STACKS = shipped_stacks()
IDS = [f"{a}:{b}" for a, b, _, _ in STACKS]


@pytest.mark.parametrize("index", range(len(STACKS)), ids=IDS)
def test_every_job_host_resolves_privately_from_every_compute_vnet(index):
    label, kind, cfg, raw = STACKS[index]
    doc = Document(raw, kind)
    subnets = compute_subnets(doc)
    if kind == "managed-network":  # compute runs in the AML-managed VNet, which resolves through AML's own private endpoints
        assert not subnets, f"{label}:{kind} puts compute in a customer subnet"
        return
    assert subnets, f"{label}:{kind} has no compute subnet"
    for key, compute in subnets.items():
        sv = subnet_view(doc, key, compute)
        results = resolve_hosts(doc, sv, Cloud(cfg.cloud.value), [])
        assert len(results) == 9
        bad = [(host, how) for host, _, ok, how in results if not ok]
        assert not bad, f"{label}:{kind} {key}: {bad}"


def test_a_missing_queue_endpoint_is_a_violation():
    """Remove the compute VNet's queue endpoint from private-endpoint-compute: verify names the host."""
    label, kind, cfg, raw = next(s for s in STACKS if s[0] == "default" and s[1] == "private-endpoint-compute")
    import copy

    mutated = copy.deepcopy(raw)
    pes = mutated["resource"]["azurerm_private_endpoint"]
    (key,) = [k for k in pes if k.startswith("compute-endpoints_pe-storage-queue")]
    del pes[key]
    # Testing.synth drops the `//` metadata: say the cloud and region, as for any stack without it
    rep = verify_document(Document(mutated, kind), cloud=cfg.cloud.value, regions=[cfg.region])
    bad = [f for f in rep.findings if f.violation]
    assert any("<storage>.queue.core.windows.net" in f.flow for f in bad), [f.flow for f in bad]
