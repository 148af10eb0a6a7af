"""ServiceTagPrefixes: the IP prefixes of regional service tags, from the azurerm data source."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import region as lookup_region
from ..providers import Construct, DataAzurermNetworkServiceTags


@dataclass(frozen=True)
class ServiceTagLookup:
    service: str
    """Base tag: AzureMachineLearning, BatchNodeManagement, Storage, AzureKeyVault, ..."""
    region: str
    """ARM region name whose prefixes are wanted (`location_filter`)."""

    @property
    def tag(self) -> str:
        return f"{self.service}.{lookup_region(self.region).tag_suffix}"


@dataclass(frozen=True)
class ServiceTagPrefixesProps:
    location: str
    """The region the service-tag API is asked from."""
    lookups: tuple[ServiceTagLookup, ...]


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
        self.props = props
        self.data_sources: dict[str, DataAzurermNetworkServiceTags] = {}
        for lk in dict.fromkeys(props.lookups):
            self.data_sources[lk.tag] = DataAzurermNetworkServiceTags(
                self, f"tag-{lk.tag}", location=props.location, service=lk.service, location_filter=lk.region
            )

    @property
    def ipv4_cidrs(self) -> dict[str, list[str]]:
        """Tag (e.g. `Storage.EastUS2`) -> its IPv4 prefixes (a Terraform list)."""
        return {tag: ds.ipv4_cidrs for tag, ds in self.data_sources.items()}
