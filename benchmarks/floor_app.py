#!/usr/bin/env python
"""The benchmark's naive floor: a one-resource app with the same CDK and prebuilt azurerm bindings that
amlnet uses, imported the ordinary way (no amlnet, no lazy loading: for cdktf's bindings each
`from cdktf_cdktf_provider_azurerm.<module> import ...` executes the package's `__init__`, which imports
all of its submodules; on both, node's `require()` of the assembly loads every JavaScript submodule).

    .venv/bin/python benchmarks/floor_app.py                        # cdktf (writes $CDKTF_OUTDIR, default cdktf.out)
    AMLNET_CDK=cdktn .venv-cdktn/bin/python benchmarks/floor_app.py # CDK Terrain
"""

import importlib
import os
import sys
from pathlib import Path

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from amlnet.cdk_choice import choose_cdk  # noqa: E402  (pure: imports no CDK)

cdk = choose_cdk(os.environ)
core = importlib.import_module(cdk.core_module)
provider = importlib.import_module(f"{cdk.provider_package}.provider")
resource_group = importlib.import_module(f"{cdk.provider_package}.resource_group")

app = core.App()
stack = core.TerraformStack(app, "floor")
provider.AzurermProvider(stack, "azurerm", features=[provider.AzurermProviderFeatures()])
resource_group.ResourceGroup(stack, "rg", name="rg-floor", location="westeurope")
app.synth()
