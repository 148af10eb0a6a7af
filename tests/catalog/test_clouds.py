"""Cloud profiles: provider environment and private DNS zone names per cloud."""

from amlnet.catalog import PROFILES, ZONE_KEYS, Cloud, profile


def test_every_cloud_has_every_zone():
    for p in PROFILES.values():
        assert tuple(z.key for z in p.dns_zones) == ZONE_KEYS


def test_public_zone_names():
    z = {s.key: s.zone_name for s in profile("public").dns_zones}
    assert z["api"] == "privatelink.api.azureml.ms"
    assert z["notebooks"] == "privatelink.notebooks.azure.net"
    assert z["blob"] == "privatelink.blob.core.windows.net"
    assert z["vault"] == "privatelink.vaultcore.azure.net"
    assert z["registry"] == "privatelink.azurecr.io"


def test_sovereign_zone_names_leak_no_public_suffix():
    for cloud in (Cloud.USGOV, Cloud.CHINA):
        for z in profile(cloud).dns_zones:
            assert not z.zone_name.endswith((".windows.net", ".azure.net", ".azureml.ms", ".azurecr.io")), z


def test_china_zones_match_seed_003():
    from tests.conftest import seed_text

    text = seed_text("003")
    z = {s.key: s.zone_name for s in profile("china").dns_zones}
    assert "privatelink.notebooks.chinacloudapi.cn" in text
    assert z["notebooks"] == "privatelink.notebooks.chinacloudapi.cn"
    # seed 003 prints the public api zone name; Azure China's zone is privatelink.api.ml.azure.cn
    assert "privatelink.api.azureml.ms" in text
    assert z["api"] == "privatelink.api.ml.azure.cn"


def test_usgov_zone_names():
    z = {s.key: s.zone_name for s in profile("usgov").dns_zones}
    assert z["api"] == "privatelink.api.ml.azure.us"
    assert z["notebooks"] == "privatelink.notebooks.usgovcloudapi.net"
    assert z["registry"] == "privatelink.azurecr.us"


def test_provider_environments():
    assert [profile(c).provider_environment for c in ("public", "usgov", "china")] == ["public", "usgovernment", "china"]


def test_subresources():
    z = {s.key: s.subresource for s in profile("public").dns_zones}
    assert z["api"] == z["notebooks"] == "amlworkspace"
    assert z["vault"] == "vault" and z["registry"] == "registry"
