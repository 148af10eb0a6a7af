#!/usr/bin/env python
"""The benchmark's naive floor: a one-resource cdktf app with the same prebuilt azurerm bindings,
imported the ordinary way (each `from cdktf_cdktf_provider_azurerm.<module> import ...` executes the
package's `__init__`, which imports all of its submodules).

    .venv/bin/python benchmarks/floor_app.py      # writes $CDKTF_OUTDIR (default cdktf.out)
"""

import os

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")

from cdktf import App, TerraformStack  # noqa: E402
from cdktf_cdktf_provider_azurerm.provider import AzurermProvider, AzurermProviderFeatures  # noqa: E402
from cdktf_cdktf_provider_azurerm.resource_group import ResourceGroup  # noqa: E402

app = App()
stack = TerraformStack(app, "floor")
AzurermProvider(stack, "azurerm", features=[AzurermProviderFeatures()])
ResourceGroup(stack, "rg", name="rg-floor", location="westeurope")
app.synth()
