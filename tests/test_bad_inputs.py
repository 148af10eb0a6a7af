"""One table of bad inputs: configuration files, the configuration's schema, Azure's rules, and flags.

Each row runs the real entry point (main.py's `main` with AMLNET_CONFIG, or the `amlnet` command's
`main`) in a temporary working directory that holds a sentinel `cdktf.out`, and asserts: exit code
2, one message on stderr that names the field (or file) and the value, no traceback, nothing on
stdout, and `cdktf.out` as it was. `test_sample_in_a_subprocess` runs a sample of the rows as real
processes, where an uncaught exception would print a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests import background
from tests.conftest import ROOT, session_dir

SUB = "00000000-0000-0000-0000-000000000000"
VNET = f"/subscriptions/{SUB}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
POLICY = f"/subscriptions/{SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-hub"
HUB = f"egress: {{firewall: {{existing: {{policy_id: {POLICY}, private_ip: 10.0.0.4}}}}}}\n"


def alias_bomb() -> str:
    """The "billion laughs": ten levels of nine aliases each, 9**10 strings once expanded."""
    lines = ["tags: {x: y}", "bomb:", '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"  a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def tags(n: int) -> str:
    return "tags: {" + ", ".join(f"t{i}: v" for i in range(n)) + "}\n"


@dataclass(frozen=True)
class Row:
    id: str
    expected: tuple[str, ...]
    """Substrings of the one stderr line (field and value)."""
    config: str | bytes | None = None
    """Configuration file content (main.py with AMLNET_CONFIG)."""
    suffix: str = ".yaml"
    argv: tuple[str, ...] | None = None
    """`amlnet` arguments instead; `{file}` is replaced by the path of `config`, `{dir}` by the temporary directory."""
    files: dict = field(default_factory=dict)
    """Extra files to create, name -> content."""


FILES = [
    Row("duplicate-key-yaml", ("duplicate key 'egress' at line 3 (first at line 1)",),
        "egress:\n  mode: firewall\negress:\n  firewall: {extra_fqdn_rules: []}\n"),
    Row("duplicate-key-nested", ("duplicate key 'mode' at line 3 (first at line 2)",), "egress:\n  mode: firewall\n  mode: none\n"),
    Row("duplicate-key-json", ("duplicate key 'region' at line 1 (first at line 1)",), '{"region": "westus", "region": "eastus"}', ".json"),
    Row("empty-file", ("the file is empty",), ""),
    Row("only-comments", ("the document is empty",), "# nothing here\n"),
    Row("latin-1", ("not UTF-8: byte 0xe9 at line 1 column 18",), "tags: {owner: Jos\xe9}\n".encode("latin-1")),
    Row("utf-16-bom", ("UTF-16 (little endian) encoded; save it as UTF-8",), "region: westus\n".encode("utf-16")),
    Row("utf-16-no-bom", ("looks UTF-16 or UTF-32 encoded",), "region: westus\n".encode("utf-16-le")),
    Row("utf-32", ("UTF-32 (little endian) encoded",), "region: westus\n".encode("utf-32")),
    Row("directory", ("is a directory, not a configuration file",), None, argv=None, files={"cfgdir/": None}),
    Row("missing-file", ("nope.yaml: no such configuration file",), None, files={"missing": "nope.yaml"}),
    Row("yaml-syntax", ("not valid YAML at line 2 column 1",), "region: [unclosed\n"),
    Row("yaml-bad-indent", ("not valid YAML at line 3 column",), "network:\n  vnet_name: a\n bad: 1\n"),
    Row("json-syntax", ("not valid JSON at line 2 column 1: Expecting ',' delimiter",), '{"region": "westus"\n"x": 1}', ".json"),
    Row("alias-bomb", ("aliases (*name) are expanded", "an alias bomb?"), alias_bomb()),
    Row("huge-unknown-key", ("bogus: unknown key (typo?); value [0, 0, 0", "(15000 items)"), "bogus: [" + ",".join(["0"] * 15_000) + "]\n"),
    Row("huge-unknown-key-json", ("bogus: unknown key (typo?); value [0, 0, 0", "(400000 items)"),
        '{"bogus": [' + ",".join(["0"] * 400_000) + "]}", ".json"),
    Row("million-values-yaml", ("more than 20000 values",), "bogus: [" + ",".join(["0"] * 400_000) + "]\n"),
    Row("file-too-large", ("bytes, larger than the 1048576 bytes",), "# " + "x" * (1024 * 1024) + "\n"),
    Row("deep-nesting", ("nested deeper than 64 levels",), "tags: " + "[" * 100 + "]" * 100 + "\n"),
    Row("wrong-extension", ("must end in .yaml, .yml or .json (got '.txt')",), "region: westus\n", ".txt"),
    Row("top-level-list", ("the configuration must be a mapping at the top level, got list",), "- region: westus\n"),
    Row("long-key-shortened", ("unknown key (typo?)", "... (5000 characters)"), '{"' + "k" * 5000 + '": 1}', ".json"),
    Row("unreadable", ("permission denied (cannot read the configuration file)",), "region: westus\n", files={"unreadable": True}),
]
SCHEMA = [
    Row("typo", ("regoin: unknown key (typo?); value 'westus'",), "regoin: westus\n"),
    Row("cloud-choice", ("cloud: expected one of 'public', 'usgov' or 'china'", '"mars"'), "cloud: mars\n"),
    Row("egress-mode-choice", ("egress.mode: expected one of 'firewall', 'nat-gateway' or 'none'", '"bogus"'), "egress: {mode: bogus}\n"),
    Row("malformed-cidr", ("network.compute_subnet.cidr: malformed CIDR", "10.20.0.0/33"), "network: {compute_subnet: {name: c, cidr: 10.20.0.0/33}}\n"),
    Row("not-an-integer", ("compute.cluster.max_nodes: Input should be a valid integer", '"many"'), "compute: {cluster: {max_nodes: many}}\n"),
    Row("no-stacks", ("stacks: needs at least 1 item", "(got [])"), "stacks: []\n"),
    Row("unknown-stack", ("stacks.0: expected one of", '"bogus"'), "stacks: [bogus]\n"),
    Row("stack-twice", ("stacks: 'secure-workspace' is listed twice",), "stacks: [secure-workspace, secure-workspace]\n"),
    Row("region-unknown", ("region: unknown Azure region", '"narnia"'), "region: narnia\n"),
]
AZURE_RULES = [
    Row("workspace-name", ("names.workspace: 'my workspace!' is not a valid Azure Machine Learning workspace name (' ' is not allowed)",),
        "names: {workspace: 'my workspace!'}\n"),
    Row("resource-group-length", ("names.resource_group:", "is not a valid resource group name (100 characters)", "1-90 characters"),
        "names: {resource_group: " + "r" * 100 + "}\n"),
    Row("resource-group-period", ("names.resource_group: 'rg-team.' is not a valid resource group name (ends with '.')",),
        "names: {resource_group: rg-team.}\n"),
    Row("vm-size-cluster", ("compute.cluster.vm_size: 'banana' is not an Azure VM size",), "compute: {cluster: {vm_size: banana}}\n"),
    Row("vm-size-instance", ("compute.instance.vm_size: 'Basic_A1' is not an Azure VM size",), "compute: {instance: {vm_size: Basic_A1}}\n"),
    Row("tags-51", ("tags: 51 tags, but Azure allows 50 per resource",), tags(51)),
    Row("tags-50-plus-amlnet", ("tags: 50 tags", "amlnet adds 1 of its own", "at most 49"), tags(50)),
    Row("tag-key-char", ("tags: key 'team/name' contains '/'",), "tags: {team/name: x}\n"),
    Row("tag-value-length", ("tags: key 'owner': the value has 300 characters; at most 256",), "tags: {owner: " + "v" * 300 + "}\n"),
    Row("tag-key-length", ("has 200 characters; at most 128",), "tags: {" + "k" * 200 + ": v}\n"),
    Row("firewall-ip-in-compute-subnet", ("egress.firewall.existing.private_ip: 10.20.0.4 is inside network.compute_subnet.cidr (10.20.0.0/24)",),
        f"egress: {{firewall: {{existing: {{policy_id: {POLICY}, private_ip: 10.20.0.4}}}}}}\n"),
    Row("dns-server-in-compute-subnet", ("dns.servers: 10.20.0.10 is inside network.compute_subnet.cidr (10.20.0.0/24)",),
        "dns: {servers: [10.20.0.10]}\negress: {firewall: {use_as_dns: false}}\n"),
    Row("dns-server-in-created-vnet", ("dns.servers[0]: 10.20.9.9 is inside network.address_space (10.20.0.0/16) of the VNet this stack creates",),
        "dns: {servers: [10.20.9.9]}\negress: {firewall: {use_as_dns: false}}\n"),
    Row("firewall-ip-public", ("egress.firewall.existing.private_ip: the firewall's private IP must be a private address", '"8.8.8.8"'),
        f"egress: {{firewall: {{existing: {{policy_id: {POLICY}, private_ip: 8.8.8.8}}}}}}\n"),
    Row("subnet-of-another-vnet", ("network.compute_subnet.existing_id: the subnet belongs to another VNet", "name 'vnet-other' instead of 'vnet-spoke'"),
        f"network: {{existing_vnet_id: {VNET}, address_space: [10.60.0.0/16], compute_subnet: {{name: snet-a, cidr: 10.60.4.0/24, "
        f"existing_id: {VNET.replace('vnet-spoke', 'vnet-other')}/subnets/snet-a}}, private_endpoint_subnet: {{name: snet-pe, cidr: 10.60.5.0/24}}}}\n"
        "stacks: [secure-workspace]\n" + HUB),
    Row("subnet-without-vnet", ("network.compute_subnet.existing_id: reuses a subnet of VNet 'vnet-spoke'", "network.existing_vnet_id is not set"),
        f"network: {{compute_subnet: {{name: snet-a, cidr: 10.20.0.0/24, existing_id: {VNET}/subnets/snet-a}}}}\n"),
    Row("subscription-not-guid", ("network.existing_vnet_id: subscription 'my-sub' is not a GUID",),
        f"network: {{existing_vnet_id: {VNET.replace(SUB, 'my-sub')}}}\n"),
    Row("policy-id-wrong-type", ("egress.firewall.existing.policy_id: this is a Microsoft.Network/azureFirewalls ID, expected Microsoft.Network/firewallPolicies",),
        f"egress: {{firewall: {{existing: {{policy_id: {POLICY.replace('firewallPolicies', 'azureFirewalls')}, private_ip: 10.0.0.4}}}}}}\n"),
    Row("resource-id-trailing-slash", ("network.existing_vnet_id: expected a resource ID like", "trailing slash"), f"network: {{existing_vnet_id: {VNET}/}}\n"),
    Row("storage-account-upper", ("names.storage_account: storage account names are 3-24 lowercase letters and digits", '"StTeam"'),
        "names: {storage_account: StTeam}\n"),
    Row("vnet-name-start", ("network.vnet_name: '-vnet' is not a valid virtual network name (starts with '-')",), "network: {vnet_name: '-vnet'}\n"),
    Row("subnet-name-space", ("network.compute_subnet.name: 'snet compute' is not a valid subnet name (' ' is not allowed)",),
        "network: {compute_subnet: {name: snet compute, cidr: 10.20.0.0/24}}\n"),
    Row("cluster-name-length", ("compute.cluster.name: 'c' is not a valid compute cluster name (1 characters)",), "compute: {cluster: {name: c}}\n"),
    Row("peering-name-length", ("compute_network.vnet_name (peering peer-<vnet>-to-workspace):", "is not a valid virtual network peering name (82 characters)"),
        "stacks: [peered-compute]\ncompute_network: {vnet_name: " + "v" * 64 + "}\n"),
    Row("fqdn-rule-names", ("egress.firewall.extra_fqdn_rules[1].name: 'x' is used by an earlier rule",),
        "egress: {firewall: {extra_fqdn_rules: [{name: x, fqdns: [a.example.com], ports: [443]}, {name: x, fqdns: [b.example.com], ports: [443]}]}}\n"),
    Row("managed-with-egress", ("egress: set, but isolation is 'managed'",), "isolation: managed\negress: {mode: nat-gateway}\n"),
    Row("managed-with-customer-stack", ("stacks: 'serverless-no-public-ip' puts compute in a customer VNet",),
        "isolation: managed\nstacks: [managed-network, serverless-no-public-ip]\n"),
    Row("managed-stack-without-managed", ("stacks: 'managed-network' needs isolation: managed",), "stacks: [managed-network]\n"),
    Row("resolver-subnet-small", ("dns.resolver.inbound_subnet.cidr: 10.20.3.0/29 is a /29",),
        "egress: {firewall: {use_as_dns: false}}\ndns: {resolver: {inbound_subnet: {cidr: 10.20.3.0/29}}}\n"),
    Row("resolver-with-firewall-dns", ("dns.resolver and egress.firewall.use_as_dns: true",), "dns: {resolver: {inbound_subnet: {cidr: 10.20.3.0/28}}}\n"),
    Row("resolver-shared-subnet", ("dns.resolver.inbound_subnet.name: 'snet-aml-compute' is also network.compute_subnet",),
        "egress: {firewall: {use_as_dns: false}}\ndns: {resolver: {inbound_subnet: {name: snet-aml-compute, cidr: 10.20.3.0/28}}}\n"),
    Row("guard-with-vscode", ("compute.storage_exfiltration_guard: true, but scenario 'vscode'",),
        "scenarios: [vscode]\ncompute: {storage_exfiltration_guard: true}\n"),
]
FLAGS = [
    Row("verify-region", ("argument --region: unknown region 'narnia' (choose from", "eastus2"), argv=("verify", "--region", "narnia")),
    Row("verify-scenario", ("argument --scenario: invalid choice: 'bogus' (choose from", "'python-packages'"), argv=("verify", "--scenario", "bogus")),
    Row("verify-cloud", ("argument --cloud: invalid choice: 'mars' (choose from 'public', 'usgov', 'china')",), argv=("verify", "--cloud", "mars")),
    Row("verify-utf16", ("cdk.tf.json: the file is UTF-16 (little endian) encoded",), argv=("verify", "{dir}/cdk.tf.json"),
        files={"cdk.tf.json": '{"resource": {}}'.encode("utf-16")}),
    Row("verify-no-metadata", ("composed: the stack has no amlnet metadata", "give --cloud and --region"), argv=("verify", "{dir}/composed.json"),
        files={"composed.json": json.dumps({"resource": {"azurerm_resource_group": {"rg": {"name": "rg", "location": "westeurope"}}}})}),
    Row("verify-no-metadata-region", ("give --region",), argv=("verify", "{dir}/composed.json", "--cloud", "public"),
        files={"composed.json": json.dumps({"resource": {}})}),
    Row("verify-missing", ("nothing-here: no such file or directory",), argv=("verify", "{dir}/nothing-here")),
    Row("dependencies-utf16", ("deps.json: the file is UTF-16 (little endian) encoded",), argv=("dependencies", "{dir}/deps.json"),
        files={"deps.json": '{"value": []}'.encode("utf-16")}),
    Row("dependencies-missing", ("nope.json: no such outbound-dependencies JSON file",), argv=("dependencies", "{dir}/nope.json")),
    Row("k8s-cidr", ("argument --api-server-cidr: '10.0.0.0/33' is not a CIDR",), argv=("k8s-policies", "--api-server-cidr", "10.0.0.0/33")),
    Row("egress-region", ("argument --region: unknown region 'narnia'",), argv=("egress", "--region", "narnia")),
    Row("egress-format", ("argument --format: invalid choice: 'xml' (choose from 'table', 'csv', 'json', 'markdown')",),
        argv=("egress", "--format", "xml")),
    Row("egress-config-duplicate", ("duplicate key 'region' at line 2 (first at line 1)",), "region: westus\nregion: eastus\n", argv=("egress", "--config", "{file}")),
    Row("merge-invalid-result", ("merged with", "egress.firewall.extra_fqdn_rules.0.ports: Field required"), "region: westus\n",
        argv=("merge", "{file}", "{dir}/frag.yaml"), files={"frag.yaml": "egress: {firewall: {extra_fqdn_rules: [{name: x, fqdns: [a.example.com]}]}}\n"}),
    Row("merge-conflicting-fragments", ("f2.yaml: egress.firewall.extra_fqdn_rules[name='a'] differs from the one in",),
        "region: westus\n", argv=("merge", "{file}", "{dir}/f1.yaml", "{dir}/f2.yaml"),
        files={"f1.yaml": "egress: {firewall: {extra_fqdn_rules: [{name: a, fqdns: [a.example.com], ports: [443]}]}}\n",
               "f2.yaml": "egress: {firewall: {extra_fqdn_rules: [{name: a, fqdns: [b.example.com], ports: [443]}]}}\n"}),
    Row("merge-rule-twice-in-a-fragment", ("f1.yaml: egress.firewall.extra_fqdn_rules[name='a'] is listed twice in the fragment",),
        "region: westus\n", argv=("merge", "{file}", "{dir}/f1.yaml"),
        files={"f1.yaml": "egress: {firewall: {extra_fqdn_rules: [{name: a, fqdns: [a.example.com], ports: [443]}, "
                          "{name: a, fqdns: [c.example.com], ports: [443]}]}}\n"}),
    Row("merge-output-missing-folder", ("cannot write: the folder", "does not exist"), "region: westus\n",
        argv=("merge", "{file}", "{dir}/f1.yaml", "--output", "{dir}/nope/out.yaml"), files={"f1.yaml": "tags: {a: b}\n"}),
    Row("merge-output-extension", ("out.txt: must end in .yaml, .yml or .json",), "region: westus\n",
        argv=("merge", "{file}", "{dir}/f1.yaml", "--output", "{dir}/out.txt"), files={"f1.yaml": "tags: {a: b}\n"}),
    Row("merge-fragment-list", ("frag.yaml: a fragment must be a mapping at the top level, got list",), "region: westus\n",
        argv=("merge", "{file}", "{dir}/frag.yaml"), files={"frag.yaml": "- 1\n"}),
    Row("dns-forwarders-cloud", ("argument --cloud: invalid choice: 'mars' (choose from 'public', 'usgov', 'china')",),
        argv=("dns-forwarders", "--cloud", "mars")),
    Row("dns-forwarders-ip", ("argument --resolver-ip: '8.8.8.8' must be a private IPv4 host address",), argv=("dns-forwarders", "--resolver-ip", "8.8.8.8")),
    Row("dns-forwarders-unspecified", ("argument --resolver-ip: '0.0.0.0' must be a private IPv4 host address", "not 0.0.0.0"),
        argv=("dns-forwarders", "--resolver-ip", "0.0.0.0")),
    Row("egress-storage-name", ("argument --storage: 'NOT_A_NAME' is not a valid storage account name",), argv=("egress", "--storage", "NOT_A_NAME")),
    Row("egress-acr-name", ("argument --acr: 'my-registry!' is not a valid container registry name",), argv=("egress", "--acr", "my-registry!")),
    Row("dependencies-port-true", ("endpointDetails[0].port: expected a port number, got True",), argv=("dependencies", "{dir}/deps.json"),
        files={"deps.json": json.dumps({"value": [{"properties": {"category": "x", "endpoints": [
            {"domainName": "example.com", "endpointDetails": [{"port": True}]}]}}]})}),
    Row("validate-cache-unwritable", ("cannot write the provider cache", "give --cache-dir a writable folder"),
        argv=("validate", "{dir}/s.json", "--cache-dir", "{dir}/plain-file/cache", "--no-plan"),
        files={"s.json": '{"resource": {}}', "plain-file": "not a folder"}),
    Row("verify-fifo", ("not a regular file (a pipe, socket or device)",), argv=("verify", "{file}"), files={"fifo": True}),
    Row("validate-fifo", ("not a regular file (a pipe, socket or device)",), argv=("validate", "{file}"), files={"fifo": True}),
    Row("dns-forwarders-config", ("dns.resolver.inbound_subnet.cidr: 10.99.0.0/28 is outside network.address_space",),
        "egress: {firewall: {use_as_dns: false}}\ndns: {resolver: {inbound_subnet: {cidr: 10.99.0.0/28}}}\n", argv=("dns-forwarders", "--config", "{file}")),
    Row("main-unknown-flag", ("unknown argument '--bogus' (choose from --check, --version)",), argv=("main.py", "--bogus")),
]
ATT = "stacks: [secure-workspace]\nattached_compute: {subnet: {name: snet-aml-attached, cidr: 10.20.5.0/24}}\n"
ATTACH = [
    Row("attach-ssh-open", ("nsg.extra_rules[0]: rule 'Ssh' opens SSH (TCP 22) to '0.0.0.0/0'",), ATT + "nsg: {extra_rules: [{name: Ssh, "
        "priority: 3000, direction: Inbound, access: Allow, protocol: Tcp, source: 0.0.0.0/0, destination: '*', ports: ['22']}]}\n"),
    Row("attach-overlap", ("attached_compute.subnet.cidr: 10.20.1.0/24 overlaps network.private_endpoint_subnet.cidr: 10.20.1.0/24",),
        "attached_compute: {subnet: {name: snet-aml-attached, cidr: 10.20.1.0/24}}\n"),
    Row("databricks-small", ("databricks.container_subnet.cidr: 10.20.6.64/28 is a /28",),
        "databricks: {host_subnet: {name: h, cidr: 10.20.6.0/26}, container_subnet: {name: c, cidr: 10.20.6.64/28}}\n"),
    Row("attach-managed", ("attached_compute: subnets in your VNet; isolation 'managed' has none",),
        "isolation: managed\nattached_compute: {subnet: {name: snet-aml-attached, cidr: 10.20.5.0/24}}\n"),
    Row("databricks-one-subnet", ("databricks.host_subnet: Field required",), "databricks: {container_subnet: {name: c, cidr: 10.20.6.64/26}}\n"),
]
# issue 21: a Terraform template sequence in any value (Terraform would evaluate it), and YAML 1.1's coercions
INJECTION = [
    Row("inject-tag-file-read", ("tags.owner: '${file(\"/etc/passwd\")}' contains '${'", "Terraform would evaluate"),
        "tags: {owner: '${file(\"/etc/passwd\")}'}\n"),
    Row("inject-tag-key", ("tags.${path.cwd}: '${path.cwd}' contains '${'",), "tags: {'${path.cwd}': x}\n"),
    Row("inject-directive", ("names.workspace: 'mlw-%{ if true }x%{ endif }' contains '%{'",),
        "names: {workspace: 'mlw-%{ if true }x%{ endif }'}\n"),
    Row("inject-backend-key", ("state.azurerm.key: '${file(\"~/.azure/msal_token_cache.json\")}' contains '${'",),
        "state: {backend: azurerm, azurerm: {resource_group_name: rg-tf, storage_account_name: sttf0001, container_name: tfstate, "
        "key: '${file(\"~/.azure/msal_token_cache.json\")}'}}\n"),
    Row("inject-in-a-list", ("dns.servers[0]: '${file(\"/etc/hosts\")}' contains '${'",), "dns: {servers: ['${file(\"/etc/hosts\")}']}\n"),
    Row("inject-in-json", ("name_prefix: '${timestamp()}' contains '${'",), '{"name_prefix": "${timestamp()}"}', ".json"),
    Row("yaml-no-as-region", ('region: YAML read NO as the boolean false; quote it ("NO")',), "region: NO\n"),
    Row("yaml-on-as-prefix", ('name_prefix: YAML read on as the boolean true; quote it ("on")',), "name_prefix: on\n"),
    Row("yaml-octal", ('name_prefix: YAML read 0123 as the integer 83; quote it ("0123")',), "name_prefix: 0123\n"),
    Row("yaml-date", ('region: YAML read 2024-01-01 as the date "2024-01-01"',), "region: 2024-01-01\n"),
    Row("yaml-no-as-tag", ('tags.owner: YAML read no as the boolean false',), "tags: {owner: no}\n"),
    Row("boolean-for-integer", ("compute.cluster.max_nodes: expected a number, not a boolean", "(got true)"),
        "compute: {cluster: {max_nodes: true}}\n"),
    Row("boolean-yes-for-integer", ("compute.cluster.max_nodes: expected a number, not a boolean",), "compute: {cluster: {max_nodes: yes}}\n"),
    Row("config-is-a-fifo", ("not a regular file (a pipe, socket or device)",), None, files={"fifo": True}),
    Row("config-env-blank", ("AMLNET_CONFIG is set but blank",), None, files={"blank-env": True}),
]
# issue 21: accepted by the schema, then broken in Azure
AZURE_SEMANTICS = [
    Row("subnet-name-twice", ("network.private_endpoint_subnet.name: 'snet-a' is also network.compute_subnet.name",),
        "network: {compute_subnet: {name: snet-a, cidr: 10.20.0.0/24}, private_endpoint_subnet: {name: snet-a, cidr: 10.20.1.0/24}}\n"),
    Row("address-space-everything", ("network.address_space: 0.0.0.0/0 covers /0, wider than /8",), "network: {address_space: [0.0.0.0/0]}\n"),
    Row("address-space-link-local", ("network.address_space: 169.254.0.0/16 overlaps link-local", "Virtual Network FAQ"),
        "network: {address_space: [169.254.0.0/16]}\n"),
    Row("address-space-multicast", ("network.address_space: 224.1.0.0/16 overlaps multicast",), "network: {address_space: [224.1.0.0/16]}\n"),
    Row("endpoint-subnet-too-small", ("network.private_endpoint_subnet.cidr: 10.20.1.0/29 has 3 usable addresses", "8 private endpoints"),
        "network: {private_endpoint_subnet: {name: p, cidr: 10.20.1.0/29}}\n"),
    Row("dns-server-unspecified", ("dns.servers[0]: 0.0.0.0 is the unspecified address",), "dns: {servers: [0.0.0.0]}\n"),
    Row("dns-server-link-local", ("dns.servers[0]: 169.254.169.254 is link-local",), "dns: {servers: [169.254.169.254]}\n"),
    Row("dns-server-loopback", ("dns.servers[0]: 127.0.0.1 is loopback",), "dns: {servers: [127.0.0.1]}\n"),
    Row("firewall-ip-unspecified", ("egress.firewall.existing.private_ip: 0.0.0.0 is the unspecified address",),
        f"egress: {{firewall: {{existing: {{policy_id: {POLICY}, private_ip: 0.0.0.0}}}}}}\n"),
    Row("scoring-clients-internet", ("inference.scoring_clients[0]: 0.0.0.0/0 is as wide as the Internet",),
        "stacks: [aks-inference]\ninference: {scoring_clients: [0.0.0.0/0]}\n"),
    Row("scoring-clients-half-internet", ("inference.scoring_clients[0]: 128.0.0.0/1 is as wide as the Internet",),
        "stacks: [aks-inference]\ninference: {scoring_clients: [128.0.0.0/1]}\n"),
    Row("tags-differ-by-case", ("tags: 'owner' and 'Owner' differ only by case",), "tags: {Owner: a, owner: b}\n"),
    Row("backend-storage-name", ("state.azurerm.storage_account_name: 'Bad_Name' is not a valid storage account name",),
        "state: {backend: azurerm, azurerm: {resource_group_name: rg-tf, storage_account_name: Bad_Name, container_name: tfstate}}\n"),
    Row("backend-container-name", ("state.azurerm.container_name: 'tf--state' is not a valid blob container name",),
        "state: {backend: azurerm, azurerm: {resource_group_name: rg-tf, storage_account_name: sttf0001, container_name: tf--state}}\n"),
    Row("backend-resource-group-name", ("state.azurerm.resource_group_name: 'rg tf.' is not a valid resource group name",),
        "state: {backend: azurerm, azurerm: {resource_group_name: 'rg tf.', storage_account_name: sttf0001, container_name: tfstate}}\n"),
    Row("backend-blank-key", ("state.azurerm.key: empty",),
        "state: {backend: azurerm, azurerm: {resource_group_name: rg-tf, storage_account_name: sttf0001, container_name: tfstate, key: ' '}}\n"),
    Row("extra-rule-malformed-cidr", ("nsg.extra_rules[0].destination: '10.0.0.0/33' is not a valid IPv4 address or CIDR",),
        "nsg: {extra_rules: [{name: x, priority: 3000, direction: Outbound, access: Allow, protocol: Tcp, source: '*', "
        "destination: 10.0.0.0/33, ports: ['443']}]}\n"),
    Row("extra-rule-tag-typo", ("nsg.extra_rules[0].destination: 'AzureMachineLearnin' is no service tag; did you mean 'AzureMachineLearning'?",),
        "nsg: {extra_rules: [{name: x, priority: 3000, direction: Outbound, access: Allow, protocol: Tcp, source: '*', "
        "destination: AzureMachineLearnin, ports: ['443']}]}\n"),
    Row("extra-rule-unpublished-region", ("nsg.extra_rules[0].destination: service tag 'Storage.EastUS9' is not published in cloud 'public'",),
        "nsg: {extra_rules: [{name: x, priority: 3000, direction: Outbound, access: Allow, protocol: Tcp, source: '*', "
        "destination: Storage.EastUS9, ports: ['443']}]}\n"),
]
_RULE = "priority: {p}, direction: Outbound, access: Allow, protocol: Tcp, source: '*', destination: Internet, ports: ['443']"
AZURE_SEMANTICS += [
    # named by the configuration key, not by the construct prop that used to refuse them (ComputeSubnetProps.nsg_rules[16])
    Row("extra-rule-name-twice", ("nsg.extra_rules[1].name: 'X' is also nsg.extra_rules[0].name",),
        f"nsg: {{extra_rules: [{{name: x, {_RULE.format(p=3000)}}}, {{name: X, {_RULE.format(p=3001)}}}]}}\n"),
    Row("extra-rule-generated-name", ("nsg.extra_rules[0].name: 'DenyAllOutbound' is the name of a rule amlnet generates",),
        f"nsg: {{extra_rules: [{{name: DenyAllOutbound, {_RULE.format(p=3000)}}}]}}\n"),
    # a GPU cluster in the compute VNet cannot build the workspace's images (CPU only): compute.image_build_cluster does
    Row("gpu-compute-network-no-build-cluster", ("compute_network.cluster.vm_size: 'Standard_NC24ads_A100_v4' is a GPU size",
                                                 "Add compute.image_build_cluster"),
        "stacks: [peered-compute]\ncompute_network: {cluster: {vm_size: Standard_NC24ads_A100_v4}}\n"),
    Row("gpu-compute-network-subnet-small", ("compute_network.compute_subnet.cidr: 10.21.0.0/28 has 16 addresses, but compute needs 17",
                                             "compute.image_build_cluster.max_nodes=2"),
        "stacks: [private-endpoint-compute]\ncompute: {image_build_cluster: {max_nodes: 2}}\ncompute_network: {compute_subnet: "
        "{name: c, cidr: 10.21.0.0/28}, cluster: {vm_size: Standard_ND96asr_v4, max_nodes: 10}}\n"),
    Row("build-cluster-is-compute-network-cluster", ("compute.image_build_cluster.name: 'gpu' is also compute_network.cluster.name",),
        "stacks: [peered-compute]\ncompute: {image_build_cluster: {name: gpu}}\ncompute_network: {cluster: {name: gpu, vm_size: Standard_NC24ads_A100_v4}}\n"),
]
ROWS = FILES + SCHEMA + AZURE_RULES + FLAGS + ATTACH + INJECTION + AZURE_SEMANTICS


def _prepare(tmp_path: Path, row: Row) -> tuple[Path, dict, list[str]]:
    """Write the row's files and a sentinel cdktf.out; return (cdktf.out file, environment, argv)."""
    sentinel = tmp_path / "cdktf.out" / "stacks" / "secure-workspace" / "cdk.tf.json"
    sentinel.parent.mkdir(parents=True)
    sentinel.write_text('{"previous": true}')
    cfg = tmp_path / f"cfg{row.suffix}"
    if row.config is not None:
        cfg.write_bytes(row.config if isinstance(row.config, bytes) else row.config.encode())
    for name, content in row.files.items():
        if name == "cfgdir/":
            cfg = tmp_path / "cfgdir.yaml"
            cfg.mkdir()
        elif name == "missing":
            cfg = tmp_path / content
        elif name == "unreadable":
            pass
        elif name == "fifo":
            cfg = tmp_path / "cfg.yaml"
            os.mkfifo(cfg)
        elif name == "blank-env":
            cfg = "   "
        else:
            (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    env = {"AMLNET_CONFIG": cfg if isinstance(cfg, str) else str(cfg)}
    argv = [a.replace("{file}", str(cfg)).replace("{dir}", str(tmp_path)) for a in (row.argv or ())]
    return sentinel, env, argv


def _run_in_process(row: Row, tmp_path: Path, monkeypatch, capsys) -> tuple[int, str, str, Path]:
    sentinel, env, argv = _prepare(tmp_path, row)
    monkeypatch.chdir(tmp_path)
    if "unreadable" in row.files:  # tests run as root, which reads any file: make the open fail as for another user
        real_open = Path.open

        def deny(self, *a, **k):
            if self.name.startswith("cfg"):
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *a, **k)

        monkeypatch.setattr(Path, "open", deny)
    if row.argv and row.argv[0] != "main.py":
        from amlnet.cli import main as amlnet_main

        try:
            code = amlnet_main(argv)
        except SystemExit as e:
            code = e.code
    else:
        sys.path.insert(0, str(ROOT))
        import main as entry

        for k, v in env.items():
            monkeypatch.setenv(k, v)
        code = entry.main(argv[1:] if argv else [])  # without --check: the synthesizing path
    out, err = capsys.readouterr()
    return code, out, err, sentinel


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_bad_input(row: Row, tmp_path, monkeypatch, capsys):
    code, out, err, sentinel = _run_in_process(row, tmp_path, monkeypatch, capsys)
    assert code == 2, (code, err)
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("amlnet: ")
    for text in row.expected:
        assert text in lines[0], f"{text!r} not in {lines[0]!r}"
    assert len(lines[0]) < 1200, f"message of {len(lines[0])} characters"
    assert "Traceback" not in err
    assert sentinel.read_text() == '{"previous": true}'
    assert sorted(p.name for p in (tmp_path / "cdktf.out").rglob("*")) == ["cdk.tf.json", "secure-workspace", "stacks"]


def test_the_table_is_large_enough():
    assert len(ROWS) >= 40 and min(len(FILES), len(SCHEMA), len(AZURE_RULES), len(FLAGS)) >= 8
    assert len({r.id for r in ROWS}) == len(ROWS)


SAMPLE = ["duplicate-key-yaml", "latin-1", "utf-16-bom", "alias-bomb", "no-stacks", "workspace-name", "verify-region",
          "verify-scenario", "verify-utf16", "dependencies-utf16", "verify-no-metadata", "k8s-cidr", "main-unknown-flag"]


def _sample_job(row_id: str):
    def prepare():
        """The row as a real process (main.py or `python -m amlnet.cli`), run beside the other tests."""
        row = next(r for r in ROWS if r.id == row_id)
        tmp = session_dir("amlnet-bad-input-")
        sentinel, env, argv = _prepare(tmp, row)
        if row.argv and row.argv[0] != "main.py":
            cmd = [sys.executable, "-m", "amlnet.cli", *argv]
        else:
            cmd = [sys.executable, str(ROOT / "main.py"), *(argv[1:] if argv else [])]
        full_env = {k: v for k, v in os.environ.items() if k != "AMLNET_CONFIG"} | env  # taken now, not when it runs
        return lambda: (background.run(cmd, cwd=tmp, env=full_env, timeout=120), sentinel)
    prepare.__qualname__ = f"sample[{row_id}]"
    return background.job(prepare)


SAMPLE_JOBS = {row_id: _sample_job(row_id) for row_id in SAMPLE}


@pytest.mark.parametrize("row_id", SAMPLE)
@background.uses(*SAMPLE_JOBS.values())
def test_sample_in_a_subprocess(row_id):
    """The same rows as real processes: an exception escaping main would print a traceback here."""
    row = next(r for r in ROWS if r.id == row_id)
    r, sentinel = background.result(SAMPLE_JOBS[row_id])
    assert r.returncode == 2, r.stderr
    assert r.stdout == "" and "Traceback" not in r.stderr
    assert all(text in r.stderr for text in row.expected), r.stderr
    assert sentinel.read_text() == '{"previous": true}'


def test_utf8_with_bom_is_accepted(tmp_path):
    from amlnet.loading import load_config

    f = tmp_path / "bom.yaml"
    f.write_bytes(b"\xef\xbb\xbfregion: westeurope\n")
    assert load_config(f).region == "westeurope"
    j = tmp_path / "bom.json"
    j.write_bytes(b'\xef\xbb\xbf{"region": "westeurope"}')
    assert load_config(j).region == "westeurope"


def test_merge_keys_may_override(tmp_path):
    """YAML merge keys (<<: *base) are not duplicates: the mapping's own key wins, as YAML says."""
    from amlnet.loading import load_config

    f = tmp_path / "merge.yaml"
    f.write_text("network:\n  compute_subnet: &sub {name: snet-a, cidr: 10.20.0.0/24}\n"
                 "  private_endpoint_subnet:\n    <<: *sub\n    name: snet-b\n    cidr: 10.20.1.0/24\n")
    cfg = load_config(f)
    assert cfg.network.private_endpoint_subnet.name == "snet-b"
