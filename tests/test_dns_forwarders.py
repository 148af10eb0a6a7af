"""`amlnet dns-forwarders` (issue 14): the zones on-premises DNS forwards to the resolver, per cloud."""

from __future__ import annotations

import json

import pytest

from amlnet.catalog import Cloud, profile
from amlnet.cli import main
from amlnet.dns_forwarders import FORMAT, forwarder_zones
from tests.conftest import ROOT


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("cloud, aml", [
    ("public", {"api.azureml.ms", "notebooks.azure.net", "instances.azureml.ms", "aznbcontent.net", "inference.ml.azure.com"}),
    ("usgov", {"api.ml.azure.us", "notebooks.usgovcloudapi.net", "instances.azureml.us", "inference.ml.azure.us"}),
    ("china", {"api.ml.azure.cn", "notebooks.chinacloudapi.cn", "instances.ml.azure.cn", "inference.ml.azure.cn"}),
])
def test_every_private_link_zone_and_the_aml_names_per_cloud(cloud, aml):
    zones = forwarder_zones(cloud)
    names = [z.zone for z in zones]
    assert len(names) == len(set(names))
    assert aml <= set(names)
    # every private DNS zone the stack links is reached through its public forwarder zone
    assert {z.private_zone for z in zones if z.kind == "private-link"} == {s.zone_name for s in profile(cloud).dns_zones}
    assert f"{profile(cloud).storage_suffix}" in {n.removeprefix("blob.") for n in names}
    assert not any(n.startswith("privatelink.") for n in names)


def test_clouds_do_not_mix():
    pub = {z.zone for z in forwarder_zones(Cloud.PUBLIC)}
    cn = {z.zone for z in forwarder_zones(Cloud.CHINA)}
    assert pub & cn == {"aznbcontent.net"}


def test_json_from_the_example_configuration(capsys):
    code, out, _ = run(capsys, "dns-forwarders", "--config", str(ROOT / "examples" / "custom-dns-resolver.yaml"), "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["format"] == FORMAT and doc["cloud"] == "public" and doc["resolver_ip"] == "10.20.3.4"
    assert doc["zones"][0] == {"zone": "api.azureml.ms", "kind": "private-link", "private_zone": "privatelink.api.azureml.ms", "why": "workspace API"}


def test_text_names_the_target(capsys):
    code, out, _ = run(capsys, "dns-forwarders", "--cloud", "usgov", "--resolver-ip", "10.1.2.4")
    lines = out.splitlines()
    assert code == 0 and lines[0].endswith("forward each zone to 10.1.2.4")
    assert all("-> 10.1.2.4" in line for line in lines[1:]) and any(line.startswith("vault.usgovcloudapi.net ") for line in lines)
    _, out, _ = run(capsys, "dns-forwarders")
    assert "-> <resolver inbound IP>" in out


@pytest.mark.parametrize("argv, message", [
    (["--cloud", "mars"], "argument --cloud: invalid choice: 'mars' (choose from 'public', 'usgov', 'china')"),
    (["--resolver-ip", "8.8.8.8"], "must be a private IPv4 host address"),
    (["--resolver-ip", "resolver"], "'resolver' is not an IP address"),
    (["--format", "yaml"], "invalid choice: 'yaml'"),
])
def test_bad_flags_exit_2_with_one_line(capsys, argv, message):
    with pytest.raises(SystemExit) as e:
        main(["dns-forwarders", *argv])
    err = capsys.readouterr().err
    assert e.value.code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_bad_config_exit_2(capsys, tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("dns: {resolver: {inbound_subnet: {cidr: 10.20.3.0/29}}}\negress: {firewall: {use_as_dns: false}}\n")
    code, _, err = run(capsys, "dns-forwarders", "--config", str(bad))
    assert code == 2 and "dns.resolver.inbound_subnet.cidr" in err and len(err.strip().splitlines()) == 1
