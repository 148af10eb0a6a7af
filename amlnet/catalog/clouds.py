"""Cloud profiles: provider environment, storage suffix and private DNS zone names per cloud.

Zone names follow Azure's "Private Endpoint private DNS zone values" reference (Commercial,
Government and China tables). Seed 003 (the China edition) names the zones the compute VNet
must be linked to: `privatelink.api.azureml.ms` (as printed; in Azure China the zone is
`privatelink.api.ml.azure.cn`) and `privatelink.notebooks.chinacloudapi.cn`.
"""

from __future__ import annotations

from types import MappingProxyType

from .model import Cloud, CloudProfile, PrivateDnsZoneSpec

# Keys used in configuration (`dns.existing_zone_ids`) and in construct ids. Order is stable.
ZONE_KEYS: tuple[str, ...] = (
    "api",
    "notebooks",
    "blob",
    "file",
    "queue",
    "table",
    "dfs",
    "vault",
    "registry",
)

# key -> private-link subresource (group id) whose endpoint registers records in the zone
ZONE_SUBRESOURCE = MappingProxyType(
    {
        "api": "amlworkspace",
        "notebooks": "amlworkspace",
        "blob": "blob",
        "file": "file",
        "queue": "queue",
        "table": "table",
        "dfs": "dfs",
        "vault": "vault",
        "registry": "registry",
    }
)


# key -> the leftmost labels of a host that resolves through the zone (what compute looks up)
HOST_LABELS = MappingProxyType(
    {
        "api": "<workspace id>.workspace.<region>",
        "notebooks": "ml-<workspace>-<region>-<workspace id>.<region>",
        "blob": "<storage>",
        "file": "<storage>",
        "queue": "<storage>",
        "table": "<storage>",
        "dfs": "<storage>",
        "vault": "<vault>",
        "registry": "<acr>",
    }
)


def _zones(names: dict[str, str], vault_public_zone: str) -> tuple[PrivateDnsZoneSpec, ...]:
    """Each zone's public DNS forwarder is its name without `privatelink.`, except Key Vault's
    (`<vault>.vault.azure.net` resolves through `privatelink.vaultcore.azure.net`). Learn: "Azure Private
    Endpoint private DNS zone values", https://learn.microsoft.com/azure/private-link/private-endpoint-dns,
    columns "Private DNS zone name" and "Public DNS zone forwarders" (AI + Machine Learning, Storage,
    Security, Containers; Commercial, Government and China tables)."""
    assert tuple(names) == ZONE_KEYS, "zone table must list every key in order"
    out = []
    for k, v in names.items():
        public = vault_public_zone if k == "vault" else v.removeprefix("privatelink.")
        out.append(PrivateDnsZoneSpec(key=k, subresource=ZONE_SUBRESOURCE[k], zone_name=v, public_zone=public, host=f"{HOST_LABELS[k]}.{public}"))
    return tuple(out)


PUBLIC = CloudProfile(
    cloud=Cloud.PUBLIC,
    display_name="Azure Public",
    provider_environment="public",
    storage_suffix="core.windows.net",
    dns_zones=_zones(
        {
            "api": "privatelink.api.azureml.ms",
            "notebooks": "privatelink.notebooks.azure.net",
            "blob": "privatelink.blob.core.windows.net",
            "file": "privatelink.file.core.windows.net",
            "queue": "privatelink.queue.core.windows.net",
            "table": "privatelink.table.core.windows.net",
            "dfs": "privatelink.dfs.core.windows.net",
            "vault": "privatelink.vaultcore.azure.net",
            "registry": "privatelink.azurecr.io",
        },
        vault_public_zone="vault.azure.net",
    ),
)

USGOV = CloudProfile(
    cloud=Cloud.USGOV,
    display_name="Azure US Government",
    provider_environment="usgovernment",
    storage_suffix="core.usgovcloudapi.net",
    dns_zones=_zones(
        {
            "api": "privatelink.api.ml.azure.us",
            "notebooks": "privatelink.notebooks.usgovcloudapi.net",
            "blob": "privatelink.blob.core.usgovcloudapi.net",
            "file": "privatelink.file.core.usgovcloudapi.net",
            "queue": "privatelink.queue.core.usgovcloudapi.net",
            "table": "privatelink.table.core.usgovcloudapi.net",
            "dfs": "privatelink.dfs.core.usgovcloudapi.net",
            "vault": "privatelink.vaultcore.usgovcloudapi.net",
            "registry": "privatelink.azurecr.us",
        },
        vault_public_zone="vault.usgovcloudapi.net",
    ),
)

CHINA = CloudProfile(
    cloud=Cloud.CHINA,
    display_name="Azure China (21Vianet)",
    provider_environment="china",
    storage_suffix="core.chinacloudapi.cn",
    dns_zones=_zones(
        {
            # seed 003, VNet peering step 4 prints `privatelink.api.azureml.ms`; Azure China's
            # zone for the amlworkspace subresource is privatelink.api.ml.azure.cn.
            "api": "privatelink.api.ml.azure.cn",
            # seed 003, VNet peering step 5
            "notebooks": "privatelink.notebooks.chinacloudapi.cn",
            "blob": "privatelink.blob.core.chinacloudapi.cn",
            "file": "privatelink.file.core.chinacloudapi.cn",
            "queue": "privatelink.queue.core.chinacloudapi.cn",
            "table": "privatelink.table.core.chinacloudapi.cn",
            "dfs": "privatelink.dfs.core.chinacloudapi.cn",
            "vault": "privatelink.vaultcore.azure.cn",
            "registry": "privatelink.azurecr.cn",
        },
        vault_public_zone="vault.azure.cn",
    ),
)

PROFILES = MappingProxyType({p.cloud: p for p in (PUBLIC, USGOV, CHINA)})


def profile(cloud: Cloud | str) -> CloudProfile:
    return PROFILES[Cloud(cloud)]
