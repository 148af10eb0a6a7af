"""Which service tags exist in which cloud: the one check before any tag is emitted.

A rule or route that names a tag its cloud does not publish is rejected by Azure at create time
(NSG rule, route, firewall network rule). Two kinds of names are valid:

- the *default tags* of the NSG and routing engine, which Microsoft's downloadable files do not list:
  `VirtualNetwork`, `Internet`, `AzureLoadBalancer` (Learn: "Virtual network service tags",
  https://learn.microsoft.com/azure/virtual-network/service-tags-overview#available-service-tags);
- the names in Microsoft's weekly published file of that cloud (`published_tags.PUBLISHED`, with its
  source file and change number in `published_tags.SOURCES`), regional forms included
  (`Storage.ChinaNorth3`).

What replaces a tag a cloud lacks is decided in the catalog row itself (see `requirements.py`):
`AzureFrontDoor.FirstParty` is published for Azure Public only, so in US Government and China the MCR
content-delivery host `*.data.mcr.microsoft.com` it carries has no tag and gets an FQDN rule instead.
"""

from __future__ import annotations

from .model import Cloud
from .published_tags import BASES, PUBLISHED, SOURCES

DEFAULT_TAGS: frozenset[str] = frozenset({"VirtualNetwork", "Internet", "AzureLoadBalancer"})


class UnpublishedServiceTagError(ValueError):
    """A tag that the target cloud does not publish; `str(err)` names the tag, the cloud and the source."""

    def __init__(self, tag: str, cloud: Cloud) -> None:
        self.tag, self.cloud = tag, cloud
        super().__init__(
            f"service tag {tag!r} is not published in cloud {cloud.value!r} ({SOURCES[cloud]}); Azure would reject a rule that names it"
        )


def tag_exists(cloud: Cloud, tag: str) -> bool:
    """True when `tag` may appear in an NSG rule, route or firewall rule of `cloud`.

    Tags whose base amlnet never emits (outside `published_tags.BASES`) are not known here and count
    as absent, so a new row in the catalog must regenerate `published_tags.py` first."""
    return tag in DEFAULT_TAGS or tag in PUBLISHED[Cloud(cloud)]


def require_tag(cloud: Cloud, tag: str) -> str:
    """`tag`, or `UnpublishedServiceTagError` when `cloud` does not publish it."""
    if not tag_exists(cloud, tag):
        raise UnpublishedServiceTagError(tag, Cloud(cloud))
    return tag


__all__ = ["BASES", "DEFAULT_TAGS", "SOURCES", "UnpublishedServiceTagError", "require_tag", "tag_exists"]
