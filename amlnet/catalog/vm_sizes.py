"""Azure VM size names, as AML compute takes them (`vm_size` of clusters and instances).

Source: Microsoft Learn, "Azure virtual machine sizes naming conventions"
(https://learn.microsoft.com/azure/virtual-machines/vm-naming-conventions, "Naming convention
explanation"): `[Family] + [Sub-family]* + [# of vCPUs] + [Constrained vCPUs]* + [Additive features]
+ [Accelerator type]* + [Version]`, each size prefixed by its tier, `Standard_` (e.g. Standard_DS3_v2,
Standard_NC24ads_A100_v4, Standard_E4-2s_v3, Standard_ND96isr_H100_v5). AML compute clusters and
instances take Standard sizes only. The catalog has no per-region list of the sizes AML offers
(that list comes from the workspace's `list_skus` API at run time), so only the shape is checked.

Example::

    vm_size_problem("Standard_DS3_v2")   # None
    vm_size_problem("banana")            # "'banana' is not an Azure VM size ..."
"""

from __future__ import annotations

import re

VM_SIZE = re.compile(r"Standard_[A-Z]{1,4}[0-9]{1,4}(-[0-9]{1,3})?[a-z]{0,8}(_[A-Z][A-Za-z0-9]{0,9})*(_v[0-9]{1,2})?(_Promo)?", re.IGNORECASE)
"""Tier `Standard_`, family letters, vCPUs, optional constrained vCPUs, feature letters, accelerator, version."""

LEARN = "https://learn.microsoft.com/azure/virtual-machines/vm-naming-conventions"


def vm_size_problem(size: str) -> str | None:
    """None if `size` has the shape of a Standard VM size Azure has not retired, else one sentence."""
    if isinstance(size, str) and VM_SIZE.fullmatch(size):
        from .retired_vm_sizes import retired_size_problem

        return retired_size_problem(size)
    shown = repr(size) if len(str(size)) <= 60 else repr(str(size)[:50]) + "..."
    return (f"{shown} is not an Azure VM size: AML compute takes Standard sizes named like Standard_DS3_v2, "
            f"Standard_NC24ads_A100_v4 or Standard_E4-2s_v3 ({LEARN})")
