"""ServiceTagPrefixes: the IP prefixes of regional service tags, from the azurerm data source."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import region as lookup_region
from ..providers import Construct, DataAzurermNetworkServiceTags
from ._checks import check_literals, fail


@dataclass(frozen=True)
class ServiceTagLookup:
    service: str
    """Base tag: AzureMachineLearning, BatchNodeManagement, Storage, AzureKeyVault, ..."""
    region: str
    """ARM region name whose prefixes are wanted (`location_filter`)."""

    def __post_init__(self) -> None:
        try:
            lookup_region(self.region)
        except (KeyError, ValueError) as e:
            fail(self, "region", f"{self.region!r}: {e}")

    @property
    def tag(self) -> str:
        return f"{self.service}.{lookup_region(self.region).tag_suffix}"


@dataclass(frozen=True)
class ServiceTagPrefixesProps:
    location: str
    """The region the service-tag API is asked from."""
    lookups: tuple[ServiceTagLookup, ...]
    """The (service, region) pairs to look up; repeats are looked up once."""

    def __post_init__(self) -> None:
        check_literals(self)


class ServiceTagPrefixes(Construct):
    """IPv4 prefixes of regional service tags, for firewalls and routes that need addresses.

    The prefixes change over time (seed 000): they are read at plan time, not frozen at synth.

    Example::

        tags = ServiceTagPrefixes(stack, "service-tags", ServiceTagPrefixesProps(
            location="eastus2", lookups=(ServiceTagLookup("AzureMachineLearning", "eastus2"),)))
        tags.ipv4_cidrs["AzureMachineLearning.EastUS2"]  # a Terraform list
    """

    def __init__(self, scope: Construct, id: str, props: ServiceTagPrefixesProps) -> None:
        super().__init__(scope, id)
        self._props = props
        self._data_sources: dict[str, DataAzurermNetworkServiceTags] = {}
        for lk in dict.fromkeys(props.lookups):
            self._data_sources[lk.tag] = DataAzurermNetworkServiceTags(
                self, f"tag-{lk.tag}", location=props.location, service=lk.service, location_filter=lk.region
            )

    @property
    def props(self) -> ServiceTagPrefixesProps:
        return self._props

    @property
    def data_sources(self) -> dict[str, DataAzurermNetworkServiceTags]:
        """Tag -> its `azurerm_network_service_tags` data source."""
        return dict(self._data_sources)

    @property
    def ipv4_cidrs(self) -> dict[str, list[str]]:
        """Tag (e.g. `Storage.EastUS2`) -> its IPv4 prefixes (a Terraform list)."""
        return {tag: ds.ipv4_cidrs for tag, ds in self._data_sources.items()}
