"""Azure regions per cloud: ARM name, regional service-tag suffix, and paired region.

Seed 000 (public-IP compute scenario) asks for the AzureMachineLearning addresses of the primary
and the secondary region, "for example East US 2 -> Central US"; the pairs below follow Azure's
cross-region replication table (`PAIRS_SOURCE`: Learn, "Cross-region replication in Azure", section
"Azure paired regions", table "Azure regional pairs"). Regional service tags use the region's Pascal-case name
(`Storage.EastUS2`); seed 000 prints `BatchNodeManagement.uswest`, which Azure rejects.
"""

from __future__ import annotations

from types import MappingProxyType

from .learn import cite
from .model import Cloud, Region, SeedRef

_P, _G, _C = Cloud.PUBLIC, Cloud.USGOV, Cloud.CHINA

# (name, tag suffix, cloud, pair)
_ROWS: tuple[tuple[str, str, Cloud, str | None], ...] = (
    # Americas
    ("eastus", "EastUS", _P, "westus"),
    ("eastus2", "EastUS2", _P, "centralus"),
    ("centralus", "CentralUS", _P, "eastus2"),
    ("northcentralus", "NorthCentralUS", _P, "southcentralus"),
    ("southcentralus", "SouthCentralUS", _P, "northcentralus"),
    ("westcentralus", "WestCentralUS", _P, "westus2"),
    ("westus", "WestUS", _P, "eastus"),
    ("westus2", "WestUS2", _P, "westcentralus"),
    ("westus3", "WestUS3", _P, "eastus"),
    ("canadacentral", "CanadaCentral", _P, "canadaeast"),
    ("canadaeast", "CanadaEast", _P, "canadacentral"),
    ("brazilsouth", "BrazilSouth", _P, "southcentralus"),
    # Europe
    ("northeurope", "NorthEurope", _P, "westeurope"),
    ("westeurope", "WestEurope", _P, "northeurope"),
    ("uksouth", "UKSouth", _P, "ukwest"),
    ("ukwest", "UKWest", _P, "uksouth"),
    ("francecentral", "FranceCentral", _P, "francesouth"),
    ("francesouth", "FranceSouth", _P, "francecentral"),
    ("germanywestcentral", "GermanyWestCentral", _P, "germanynorth"),
    ("germanynorth", "GermanyNorth", _P, "germanywestcentral"),
    ("switzerlandnorth", "SwitzerlandNorth", _P, "switzerlandwest"),
    ("switzerlandwest", "SwitzerlandWest", _P, "switzerlandnorth"),
    ("norwayeast", "NorwayEast", _P, "norwaywest"),
    ("norwaywest", "NorwayWest", _P, "norwayeast"),
    ("swedencentral", "SwedenCentral", _P, "swedensouth"),
    ("swedensouth", "SwedenSouth", _P, "swedencentral"),
    ("polandcentral", "PolandCentral", _P, None),
    ("italynorth", "ItalyNorth", _P, None),
    # Asia Pacific, Middle East, Africa
    ("eastasia", "EastAsia", _P, "southeastasia"),
    ("southeastasia", "SoutheastAsia", _P, "eastasia"),
    ("japaneast", "JapanEast", _P, "japanwest"),
    ("japanwest", "JapanWest", _P, "japaneast"),
    ("koreacentral", "KoreaCentral", _P, "koreasouth"),
    ("koreasouth", "KoreaSouth", _P, "koreacentral"),
    ("australiaeast", "AustraliaEast", _P, "australiasoutheast"),
    ("australiasoutheast", "AustraliaSoutheast", _P, "australiaeast"),
    ("centralindia", "CentralIndia", _P, "southindia"),
    ("southindia", "SouthIndia", _P, "centralindia"),
    ("uaenorth", "UAENorth", _P, "uaecentral"),
    ("uaecentral", "UAECentral", _P, "uaenorth"),
    ("southafricanorth", "SouthAfricaNorth", _P, "southafricawest"),
    ("southafricawest", "SouthAfricaWest", _P, "southafricanorth"),
    ("qatarcentral", "QatarCentral", _P, None),
    # Azure US Government
    ("usgovvirginia", "USGovVirginia", _G, "usgovtexas"),
    ("usgovtexas", "USGovTexas", _G, "usgovvirginia"),
    ("usgovarizona", "USGovArizona", _G, "usgovtexas"),
    # Azure China (21Vianet)
    ("chinanorth", "ChinaNorth", _C, "chinaeast"),
    ("chinaeast", "ChinaEast", _C, "chinanorth"),
    ("chinanorth2", "ChinaNorth2", _C, "chinaeast2"),
    ("chinaeast2", "ChinaEast2", _C, "chinanorth2"),
    ("chinanorth3", "ChinaNorth3", _C, "chinaeast3"),
    ("chinaeast3", "ChinaEast3", _C, "chinanorth3"),
)

PAIRS_SOURCE = SeedRef("000", "public-IP compute: IP addresses of the primary and the secondary region", cite("000", "region-pairs"))

REGIONS = MappingProxyType({n: Region(name=n, tag_suffix=t, cloud=c, pair=p) for n, t, c, p in _ROWS})


def region(name: str) -> Region:
    """The region called `name` (ARM name, case-insensitive). KeyError if unknown."""
    return REGIONS[name.lower()]


def regions_in(cloud: Cloud) -> tuple[Region, ...]:
    return tuple(r for r in REGIONS.values() if r.cloud == cloud)
