"""Everything created in one stack is referenced, never named by a literal, so Terraform orders it.

The sweep reads every shipped stack: an attribute that holds, as a literal, the name of a resource
the same stack creates (equal to it, or as the last segment of an ID) has no dependency on it, and
on a first apply Terraform may create it first (a DNS zone link before its zone)."""

import pytest

from tests.synthesized import shipped_stacks

STACKS = shipped_stacks()
IDS = [f"{a}:{b}" for a, b, _, _ in STACKS]

# (resource type, attribute path) that must hold a literal, and why: each is a dependency cycle.
EXEMPT = {
    ("azurerm_machine_learning_workspace", "image_build_compute_name"):
        "the compute cluster is created in the workspace (it needs the workspace's ID); the workspace can only name it",
    ("azurerm_storage_account", "network_rules.private_link_access.endpoint_resource_id"):
        "the workspace needs the storage account's ID; the account's resource-instance rule names the workspace's future ID",
}


def _strings(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in ("tags", "//", "depends_on"):
                yield from _strings(v, (*path, k))
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, path)
    elif isinstance(node, str):
        yield ".".join(path), node


def literal_references(doc: dict) -> list[str]:
    created: dict[str, str] = {}
    for rtype, items in doc.get("resource", {}).items():
        for key, r in items.items():
            name = r.get("name")
            if isinstance(name, str) and "${" not in name:
                created.setdefault(name, f"{rtype}.{key}")
    found = []
    for rtype, items in doc.get("resource", {}).items():
        for key, r in items.items():
            for path, value in _strings(r):
                if path == "name" or path.endswith(".name") or path.endswith("description") or (rtype, path) in EXEMPT:
                    continue
                tail = value.rsplit("}", 1)[-1]
                for name, owner in created.items():
                    if owner != f"{rtype}.{key}" and (value == name or tail.endswith("/" + name)):
                        found.append(f"{rtype}.{key}.{path} = {value!r} names {owner}")
    return found


def test_the_sweep_finds_a_literal_zone_name():
    """A link naming its zone by literal is caught (the breaker of the peered-compute stack)."""
    doc = {"resource": {
        "azurerm_private_dns_zone": {"z": {"name": "privatelink.api.azureml.ms"}},
        "azurerm_private_dns_zone_virtual_network_link": {"l": {"name": "link", "private_dns_zone_name": "privatelink.api.azureml.ms"}},
    }}
    assert literal_references(doc) == [
        "azurerm_private_dns_zone_virtual_network_link.l.private_dns_zone_name = 'privatelink.api.azureml.ms' names azurerm_private_dns_zone.z"
    ]
    doc["resource"]["azurerm_private_dns_zone_virtual_network_link"]["l"]["private_dns_zone_name"] = "${azurerm_private_dns_zone.z.name}"
    assert literal_references(doc) == []


@pytest.mark.parametrize("index", range(len(STACKS)), ids=IDS)
def test_no_literal_reference_to_a_resource_of_the_same_stack(index):
    label, kind, cfg, doc = STACKS[index]
    assert literal_references(doc) == [], f"{label}:{kind}"


@pytest.mark.parametrize("index", range(len(STACKS)), ids=IDS)
def test_depends_on_has_no_duplicates(index):
    label, kind, cfg, doc = STACKS[index]
    for rtype, items in doc.get("resource", {}).items():
        for key, r in items.items():
            deps = r.get("depends_on", [])
            assert len(deps) == len(set(deps)), f"{label}:{kind}: {rtype}.{key} repeats {sorted(d for d in deps if deps.count(d) > 1)}"
