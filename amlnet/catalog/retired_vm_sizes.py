"""VM sizes Azure has retired: a cluster or instance of one of these cannot be created (Azure deallocates
what is left of them), so amlnet refuses them with the size to use instead.

Each family cites its Microsoft Learn retirement page (the pages' sources are in MicrosoftDocs/azure-docs,
articles/virtual-machines/...). Names are compared case-insensitively, as Azure compares them.

Example::

    retired_size("Standard_NC6s_v3").replacement   # "Standard_NC24ads_A100_v4"
    retired_size("Standard_DS3_v2")                # None
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RetiredFamily:
    """A retired size family: its sizes, the day Azure retired them, the Learn page, and the size to move to."""

    family: str
    sizes: frozenset[str]
    retired_on: str
    learn: str
    replacement: str


RETIRED_FAMILIES: tuple[RetiredFamily, ...] = (
    RetiredFamily(
        "NCv3 (NVIDIA V100)",
        frozenset({"standard_nc6s_v3", "standard_nc12s_v3", "standard_nc24s_v3"}),
        "2025-09-30",
        "https://learn.microsoft.com/azure/virtual-machines/ncv3-nc6s-nc12s-nc24s-retirement",
        # the page recommends the NC A100 v4 series; its smallest size, one A100 GPU
        "Standard_NC24ads_A100_v4",
    ),
    RetiredFamily(
        "NC (v1, NVIDIA K80)",
        frozenset({"standard_nc6", "standard_nc12", "standard_nc24", "standard_nc24r",
                   "standard_nc6_promo", "standard_nc12_promo", "standard_nc24_promo", "standard_nc24r_promo"}),
        "2023-09-06",
        "https://learn.microsoft.com/azure/virtual-machines/sizes/migration-guides/nc-series-retirement",
        "Standard_NC4as_T4_v3",
    ),
    RetiredFamily(
        "NCv2 (NVIDIA P100)",
        frozenset({"standard_nc6s_v2", "standard_nc12s_v2", "standard_nc24s_v2", "standard_nc24rs_v2"}),
        "2023-09-06",
        "https://learn.microsoft.com/azure/virtual-machines/sizes/migration-guides/ncv2-series-retirement",
        "Standard_NC24ads_A100_v4",
    ),
    RetiredFamily(
        "ND (v1, NVIDIA P40)",
        frozenset({"standard_nd6s", "standard_nd12s", "standard_nd24s", "standard_nd24rs"}),
        "2023-09-06",
        "https://learn.microsoft.com/azure/virtual-machines/sizes/migration-guides/nd-series-retirement",
        "Standard_NC24ads_A100_v4",
    ),
    RetiredFamily(
        "NV (v1, NVIDIA M60)",
        frozenset({"standard_nv6", "standard_nv12", "standard_nv24",
                   "standard_nv6_promo", "standard_nv12_promo", "standard_nv24_promo"}),
        "2023-09-06",
        "https://learn.microsoft.com/azure/virtual-machines/sizes/migration-guides/nv-series-retirement",
        "Standard_NV6ads_A10_v5",
    ),
)

_BY_SIZE = {size: fam for fam in RETIRED_FAMILIES for size in fam.sizes}


def retired_size(size: str) -> RetiredFamily | None:
    """The retired family `size` belongs to, or None."""
    return _BY_SIZE.get(size.lower()) if isinstance(size, str) else None


def retired_size_problem(size: str) -> str | None:
    """None for a size Azure still offers, else one sentence naming the retirement, its page and the replacement."""
    fam = retired_size(size)
    if fam is None:
        return None
    return (f"{size!r} is retired: Azure retired the {fam.family} sizes on {fam.retired_on} ({fam.learn}); "
            f"use {fam.replacement} or another current size")
