"""What Azure Machine Learning needs on the network, per cloud and scenario, as typed frozen data.

No cdktf import here or below: the catalog is plain data.
"""

from .clouds import PROFILES, ZONE_KEYS, profile
from .model import (
    ALWAYS_ON,
    COVERED_BY_PRIVATE_ENDPOINT,
    Cloud,
    CloudProfile,
    Direction,
    FirewallRuleType,
    HostRequirement,
    LearnRef,
    PortRange,
    PrivateDnsZoneSpec,
    Protocol,
    Region,
    Scenario,
    SeedRef,
    ServiceTagRequirement,
)
from .regions import REGIONS, region, regions_in
from .requirements import HOSTS, SERVICE_TAGS
from .resolve import HostRule, Names, TagRule, host_rules, tag_rules

__all__ = [
    "ALWAYS_ON",
    "COVERED_BY_PRIVATE_ENDPOINT",
    "Cloud",
    "CloudProfile",
    "Direction",
    "FirewallRuleType",
    "HOSTS",
    "HostRequirement",
    "HostRule",
    "LearnRef",
    "Names",
    "PROFILES",
    "PortRange",
    "PrivateDnsZoneSpec",
    "Protocol",
    "REGIONS",
    "Region",
    "SERVICE_TAGS",
    "Scenario",
    "SeedRef",
    "ServiceTagRequirement",
    "TagRule",
    "ZONE_KEYS",
    "host_rules",
    "profile",
    "region",
    "regions_in",
    "tag_rules",
]
