"""The azurerm bindings' Python package, loaded one submodule at a time (docs/adr/0001-lazy-provider-import.md).

Used by amlnet/providers.py for bindings whose package `__init__` imports every submodule eagerly
(cdktf-cdktf-provider-azurerm 14.x: 1,528 submodules, about 4 s). cdktn-provider-azurerm 17.x is generated
with lazy loading and needs none of this.

How it works:
1. Importing `cdktf_cdktf_provider_azurerm.subnet` first imports its parent package; that is where the
   time goes. So, if the package is not imported yet, `package_shell` builds a module object for it from
   its own spec (`importlib.util.find_spec` + `module_from_spec`: `__path__`, `__file__`, `__spec__`,
   loader), which providers.py puts in `sys.modules` without executing its `__init__`. Python's import
   system then finds submodules through its `__path__` as usual. Each submodule needs only `.._jsii` (the
   assembly, loaded into the jsii kernel once) and the CDK and constructs, never the package root.
2. That shell keeps full behaviour for anyone else who imports the package: a module `__getattr__`
   imports a submodule on attribute access (`cdktf_cdktf_provider_azurerm.vpn_site`), and any other
   name (`__all__` for `import *`, `check_type`, `dir()`) executes the real `__init__` into the same
   module object once, after which it is exactly the module a normal import gives (its
   `publication.publish()` included). If the package was already imported normally, it is used as is:
   the result does not depend on import order.
3. The jsii runtime imports the module of a type the kernel hands back when that type is not yet
   registered. For packages generated with lazy loading it finds the module through a jsii-FQN -> module
   map; these bindings predate that map, so its fallback is importing the package root, which the shell
   would answer without loading anything. `register_submodule_fqns` supplies the map entries
   (`@cdktf/provider-azurerm.dataAzurermSubnet` -> `cdktf_cdktf_provider_azurerm.data_azurerm_subnet`);
   tests/test_providers.py checks the rule against every submodule's generated `jsii_type`.

The node side (the kernel's `require()` of the assembly) is amlnet/lazy_provider_index.js, for both CDKs.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import threading
import types

# Names the shell answers "absent" without running the package's __init__ (probes by inspect, pickle,
# doctest and the like); `__all__` and `__jsii_assembly__` are real attributes of the full package.
_FULL_PACKAGE_DUNDERS = frozenset({"__all__", "__jsii_assembly__"})
LOCK = threading.RLock()


def package_shell(package: str, assembly: str) -> types.ModuleType:
    """The package as a module object with its spec and `__path__`, its `__init__` not executed."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"No module named {package!r}", name=package)
    shell = importlib.util.module_from_spec(spec)
    loader = spec.loader
    locations = list(spec.submodule_search_locations)

    def complete() -> None:
        # Run the real __init__ once, in this module object; its `from . import x` lines reuse the
        # submodules already imported. Removing the hooks first keeps that import from re-entering them.
        with LOCK:
            if shell.__dict__.pop("__getattr__", None) is None:
                return
            shell.__dict__.pop("__dir__", None)
            loader.exec_module(shell)

    def shell_getattr(name: str) -> object:
        if name.startswith("__") and name.endswith("__") and name not in _FULL_PACKAGE_DUNDERS:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        if any(os.path.isfile(os.path.join(location, name, "__init__.py")) for location in locations):
            return importlib.import_module(f"{package}.{name}")
        complete()
        return getattr(shell, name)

    def shell_dir() -> list[str]:
        complete()
        return sorted(shell.__dict__)

    # PEP 562 hooks are looked up in the module's namespace
    shell.__dict__["__getattr__"] = shell_getattr
    shell.__dict__["__dir__"] = shell_dir
    register_submodule_fqns(package, assembly, locations)
    return shell


def jsii_submodule_name(python_name: str) -> str:
    """jsii-pacmak's Python submodule name back to the jsii one: `data_azurerm_subnet` -> `dataAzurermSubnet`."""
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), python_name)


def register_submodule_fqns(package: str, assembly: str, locations: list[str]) -> None:
    """Tell the jsii runtime which module holds each submodule's types (see point 3 above)."""
    from jsii import _reference_map  # jsii 1.142.0: the map its lazy type lookup consults first

    fqn_map = getattr(_reference_map, "_submodule_fqn_map", None)
    if fqn_map is None:
        return
    for location in locations:
        with os.scandir(location) as entries:
            for entry in entries:
                if not entry.name.startswith("_") and entry.is_dir():
                    fqn_map.setdefault(f"{assembly}.{jsii_submodule_name(entry.name)}", f"{package}.{entry.name}")

