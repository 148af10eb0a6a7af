"""Typed, frozen records that describe what Azure Machine Learning needs on the network.

Nothing here imports cdktf: the catalog is plain data, so tests over it run in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Scenario(str, Enum):
    """A reason for network traffic. Each requirement belongs to exactly one scenario."""

    COMPUTE = "compute"
    """Compute instances and clusters without public IP (always on when compute exists)."""
    STUDIO = "studio"
    """Workspace, studio and integrated-notebook hosts (always on)."""
    MICROSOFT_IMAGES = "microsoft-images"
    """Docker images that Azure Machine Learning maintains (MCR geo-replica `viennaglobal`)."""
    PYTHON_PACKAGES = "python-packages"
    """Public Python package hosts (conda, PyPI, PyTorch, TensorFlow)."""
    AZURE_MONITOR = "azure-monitor"
    """Azure Monitor / Application Insights reached publicly (no private link scope)."""
    R_PACKAGES = "r-packages"
    """CRAN packages."""
    RSTUDIO = "rstudio"
    """Installing RStudio on a compute instance."""
    VSCODE = "vscode"
    """Visual Studio Code remote connections to a compute instance."""
    HBI = "hbi"
    """Workspace created with the high-business-impact (hbi_workspace) flag."""
    STORAGE_FIREWALL = "storage-firewall"
    """A firewall between compute and the Azure Storage public endpoints (SMB 445)."""
    PUBLIC_IP_COMPUTE = "public-ip-compute"
    """Compute instances or clusters that keep a public IP (inbound control traffic)."""
    KUBERNETES = "kubernetes"
    """Kubernetes compute (AKS or Arc) behind an egress firewall."""
    AUTOML_NLP_VISION = "automl-nlp-vision"
    """AutoML NLP and vision resources (Azure Public only)."""
    AKS_INFERENCE = "aks-inference"
    """An AKS inference cluster in the workspace VNet (seed 004): the cluster's own egress (AKS) and the
    registry tag of seed 004. Its subnet gets these rows and the Kubernetes rows marked 'inference', nothing else."""


ALWAYS_ON: frozenset[Scenario] = frozenset({Scenario.COMPUTE, Scenario.STUDIO})


class Direction(str, Enum):
    INBOUND = "Inbound"
    OUTBOUND = "Outbound"


class Protocol(str, Enum):
    """Transport protocol as the NSG spells it (`*` is any)."""

    TCP = "Tcp"
    UDP = "Udp"
    ANY = "*"


class Cloud(str, Enum):
    PUBLIC = "public"
    USGOV = "usgov"
    CHINA = "china"


class FirewallRuleType(str, Enum):
    """How Azure Firewall expresses a requirement (seed 000, third-party firewall section)."""

    NETWORK = "network"
    APPLICATION = "application"


@dataclass(frozen=True)
class LearnRef:
    """A section of a Microsoft Learn page: where a user reads the fact in English.

    `page` is the https URL without fragment; `anchor` the section's fragment ("" when no heading could
    be confirmed: then the link opens the page and `section` is the title as the seed prints it);
    `section` the English heading; `part` narrows it (a caption printed in bold inside the section, or
    the parent heading), "" for the whole section; `note` says where the live page differs from the seed.
    Built by `amlnet.catalog.learn.cite`, which only hands out headings read in the page's source.

    Example: `LearnRef("https://learn.microsoft.com/azure/aks/outbound-rules-control-egress",
    "cluster-extensions", "Cluster extensions").url` ends with `#cluster-extensions`.
    """

    page: str
    anchor: str
    section: str
    part: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if not self.page.startswith("https://") or "#" in self.page:
            raise ValueError(f"LearnRef.page must be an https URL without fragment, got {self.page!r}")

    @property
    def url(self) -> str:
        return f"{self.page}#{self.anchor}" if self.anchor else self.page

    def __str__(self) -> str:
        where = f"{self.section} ({self.part})" if self.part else self.section
        return f"{where} <{self.url}>"


@dataclass(frozen=True)
class SeedRef:
    """Where a requirement comes from: a seed file, the row or passage in it, and the Learn section.

    `seed` is the three-digit prefix of the file in `shared/seeds` (e.g. "000"). `learn` is the section
    of the English Learn page the seed translates (see `amlnet.catalog.learn`). It takes no part in
    equality or in `str()`, which NSG and firewall rule descriptions quote.
    """

    seed: str
    row: str
    learn: LearnRef | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"seed {self.seed}: {self.row}"

    @property
    def learn_url(self) -> str:
        """The Learn URL (page and section anchor), "" for a row nobody has cited yet."""
        return self.learn.url if self.learn else ""


@dataclass(frozen=True)
class PortRange:
    """A single port or an inclusive range."""

    low: int
    high: int

    def __post_init__(self) -> None:
        if not (0 < self.low <= self.high <= 65535):
            raise ValueError(f"invalid port range {self.low}-{self.high}")

    @classmethod
    def of(cls, text: str | int) -> PortRange:
        s = str(text)
        if "-" in s:
            lo, hi = s.split("-", 1)
            return cls(int(lo), int(hi))
        return cls(int(s), int(s))

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


def ports(*items: str | int) -> tuple[PortRange, ...]:
    return tuple(PortRange.of(i) for i in items)


@dataclass(frozen=True)
class ServiceTagRequirement:
    """Traffic to (outbound) or from (inbound) an Azure service tag.

    `tag` is the tag as Azure accepts it. `regional` tags take the region's tag suffix
    (`Storage` becomes `Storage.EastUS2`).
    """

    tag: str
    protocol: Protocol
    ports: tuple[PortRange, ...]
    direction: Direction
    purpose: str
    scenario: Scenario
    source: SeedRef
    regional: bool = False
    clouds: frozenset[Cloud] = frozenset(Cloud)
    """Clouds where the tag exists and is needed (AzureFrontDoor.Frontend is absent in China)."""

    def tag_for(self, region_tag_suffix: str) -> str:
        return f"{self.tag}.{region_tag_suffix}" if self.regional else self.tag


COVERED_BY_PRIVATE_ENDPOINT = "private-endpoint"


@dataclass(frozen=True)
class HostRequirement:
    """Traffic to a host name (FQDN, possibly a `*.` wildcard) on given ports.

    Host names may hold placeholders resolved from the configuration: `<region>`, `<storage>`,
    `<workspace id>`, `<acr>`. Host names that differ per cloud are given per cloud in
    `hosts`; a cloud missing from `hosts` does not need the requirement.

    `covered_by` names the service tag whose address ranges carry this host (so a firewall
    that uses service tags needs no FQDN rule for it), or `private-endpoint` when the host
    resolves to a private endpoint inside the virtual network. None: only an FQDN rule
    can allow it.
    """

    hosts: dict[Cloud, tuple[str, ...]]
    protocol: Protocol
    ports: tuple[PortRange, ...]
    purpose: str
    scenario: Scenario
    source: SeedRef
    covered_by: str | None = None
    kubernetes_use: tuple[str, ...] = ()
    """For Kubernetes rows: 'training' and/or 'inference' (seed 000 Kubernetes table)."""

    def __hash__(self) -> int:  # dict field: hash on identity-bearing fields
        return hash((tuple(sorted((c.value, h) for c, h in self.hosts.items())), self.protocol, self.ports, self.scenario))


@dataclass(frozen=True)
class PrivateDnsZoneSpec:
    """A private DNS zone for a private-endpoint subresource in one cloud."""

    key: str
    """Stable key used in configuration and construct ids: api, notebooks, blob, ..."""
    subresource: str
    """The private-link subresource (group id) the zone serves: amlworkspace, blob, vault, ..."""
    zone_name: str
    public_zone: str = ""
    """The public DNS zone whose names Azure's public DNS points (CNAME) into `zone_name`: a host
    `<storage>.queue.core.windows.net` resolves through `privatelink.queue.core.windows.net`."""
    host: str = ""
    """A host a client resolves through this zone, with placeholders (`<storage>.queue.core.windows.net`)."""


@dataclass(frozen=True)
class Region:
    """An Azure region as the three places that spell it differently need it."""

    name: str
    """ARM location name, lower case: eastus2."""
    tag_suffix: str
    """Suffix of regional service tags: EastUS2 (Storage.EastUS2)."""
    cloud: Cloud
    pair: str | None
    """The paired (secondary) region's name, or None where the region has no pair."""


@dataclass(frozen=True)
class CloudProfile:
    """What differs between Azure Public, Azure US Government and Azure China."""

    cloud: Cloud
    display_name: str
    provider_environment: str
    """`environment` argument of the azurerm provider."""
    storage_suffix: str
    dns_zones: tuple[PrivateDnsZoneSpec, ...] = field(default_factory=tuple)

    def zone(self, key: str) -> PrivateDnsZoneSpec:
        for z in self.dns_zones:
            if z.key == key:
                return z
        raise KeyError(key)
