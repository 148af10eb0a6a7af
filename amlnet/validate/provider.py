"""Where `terraform init` gets the azurerm provider: the local build in ../shared through a filesystem
mirror, or the public registry.

The local builds (../shared/terraform-provider-azurerm/README.md) are azurerm v4.55.0 and v4.81.0 for
linux/amd64, the versions cdktf-cdktf-provider-azurerm 14.23.1 and cdktn-provider-azurerm 17.0.0 target.
Each is unpacked once into one filesystem mirror, checked against the sha256 that README gives, and
reused; terraform takes from the mirror the version a stack pins (`terraform.required_providers`); a shared `plugin_cache_dir` makes every stack's
`.terraform` a symlink to it instead of a 192 MB copy. Terraform >= 1.4 uses the plugin cache without a
lock file only with `plugin_cache_may_break_dependency_lock_file = true`
(https://developer.hashicorp.com/terraform/cli/config/config-file, "Provider Plugin Cache").

Example::

    src = ProviderSource.find(cache_dir=Path(".make/terraform"))
    src.prepare()            # unpacks and checks the mirror (seconds, once)
    src.cli_config           # the terraformrc to pass as TF_CLI_CONFIG_FILE
"""

from __future__ import annotations

import hashlib
import lzma
import os
import platform
import threading
from dataclasses import dataclass
from pathlib import Path

BUILDS: dict[str, str] = {
    # cdktf-cdktf-provider-azurerm 14.23.1 (cdktf 0.21); README "What is here"
    "4.55.0": "adfa34a66eaccc94179d357457975bfbb4663cc37a8ab7ce441fb921899430d7",
    # cdktn-provider-azurerm 17.0.0 (CDK Terrain 0.24); README "v4.81.0 (for the CDK Terrain bindings)"
    "4.81.0": "8f2063fbe4f7b99b273b8c64ba7173b1eb865b66496a5b3afa472e3efc6fbb27",
}
"""azurerm version -> sha256 of its unpacked local build (../shared/terraform-provider-azurerm/README.md)."""
AZURERM_VERSION = "4.55.0"
"""The version that must be there for a local folder to count (the cdktf bindings' pin)."""
AZURERM_SHA256 = BUILDS[AZURERM_VERSION]
BUILDS_DIGEST = hashlib.sha256(" ".join(f"{v}={h}" for v, h in sorted(BUILDS.items())).encode()).hexdigest()
"""One digest of every build the mirror holds (a cache key for answers terraform gave)."""


def xz_name(version: str) -> str:
    return f"terraform-provider-azurerm_v{version}_linux_amd64.xz"


def binary_name(version: str) -> str:
    return f"terraform-provider-azurerm_v{version}"


XZ_NAME = xz_name(AZURERM_VERSION)
PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/azurerm"

PROVIDER_DIR_ENV = "AMLNET_AZURERM_PROVIDER_DIR"
"""Names the folder that holds the local build, if it is not ../shared/terraform-provider-azurerm."""
CACHE_DIR_ENV = "AMLNET_CACHE_DIR"


class ProviderError(RuntimeError):
    """The provider cannot be made available. `str(err)` says what and where."""


def default_cache_dir() -> Path:
    """$AMLNET_CACHE_DIR, else $XDG_CACHE_HOME/amlnet, else ~/.cache/amlnet."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "amlnet"


def shared_provider_dir() -> Path | None:
    """The folder with the local build: $AMLNET_AZURERM_PROVIDER_DIR, else ../shared/terraform-provider-azurerm
    beside this checkout or beside the current directory; None if none holds the .xz."""
    env = os.environ.get(PROVIDER_DIR_ENV)
    candidates = [Path(env)] if env else []
    repo = Path(__file__).resolve().parents[2]
    candidates += [base / "shared" / "terraform-provider-azurerm" for base in (repo.parent, Path.cwd().resolve().parent)]
    for c in candidates:
        if (c / XZ_NAME).is_file():
            return c
    if env:
        raise ProviderError(f"{PROVIDER_DIR_ENV}={env!r}: no {XZ_NAME} there")
    return None


def _hcl(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class ProviderSource:
    """How terraform gets azurerm for validation.

    Attributes:
        cache_dir: folder for the unpacked mirror, the plugin caches and the terraformrc files (reused across runs).
        shared_dir: folder with the local build's .xz; None = the public registry (needs internet access).
    """

    cache_dir: Path
    shared_dir: Path | None

    @classmethod
    def find(cls, cache_dir: Path | None = None) -> ProviderSource:
        """The local build when it is beside the checkout (and this is linux/amd64), else the registry."""
        shared = shared_provider_dir()
        if shared is not None and not (platform.system() == "Linux" and platform.machine() in ("x86_64", "AMD64")):
            shared = None  # the local build is linux/amd64 only
        return cls(Path(cache_dir or default_cache_dir()).resolve(), shared)

    @property
    def mirrored(self) -> bool:
        return self.shared_dir is not None

    @property
    def description(self) -> str:
        if self.mirrored:
            assert self.shared_dir is not None
            shared, mirror = short_path(self.shared_dir), short_path(self.mirror_dir)
            versions = " and ".join(self.versions)
            return f"azurerm {versions}, the local builds in {shared} (filesystem mirror in {mirror})"
        return f"azurerm from the Terraform registry (no local build found; plugin cache {short_path(self.plugin_cache)})"

    @property
    def mirror_dir(self) -> Path:
        return self.cache_dir / "mirror"

    @property
    def versions(self) -> tuple[str, ...]:
        """The azurerm versions the mirror holds: each build in BUILDS whose .xz is in the shared folder."""
        if self.shared_dir is None:
            return ()
        return tuple(v for v in BUILDS if (self.shared_dir / xz_name(v)).is_file())

    def binary_for(self, version: str) -> Path:
        return self.mirror_dir / PROVIDER_ADDRESS / version / "linux_amd64" / binary_name(version)

    @property
    def binary(self) -> Path:
        return self.binary_for(AZURERM_VERSION)

    def check_pin(self, pin: str) -> str | None:
        """Why a stack pinning azurerm `pin` cannot be validated from this source; None when it can."""
        if not self.mirrored or pin in self.versions:
            return None
        have = ", ".join(self.versions)
        return (f"the stack pins azurerm {pin!r}; the local builds are {have} (the registry is not used when a local "
                "build is found: ../shared/terraform-provider-azurerm/README.md)")

    @property
    def plugin_cache(self) -> Path:
        # one cache per source: with no lock file, terraform takes whatever the cache holds, so the local
        # build must never answer a registry install
        return self.cache_dir / ("plugin-cache-mirror" if self.mirrored else "plugin-cache-registry")

    @property
    def cli_config(self) -> Path:
        return self.cache_dir / ("terraformrc-mirror" if self.mirrored else "terraformrc-registry")

    def prepare(self) -> None:
        """Unpack and check the mirror if needed, and write the terraformrc. Idempotent; safe to run twice at once."""
        try:
            self._prepare()
        except OSError as e:  # a cache folder that cannot be made or written (--cache-dir, AMLNET_CACHE_DIR)
            where = e.filename or self.plugin_cache.parent
            raise ProviderError(f"{where}: cannot write the provider cache ({e.strerror or e}); give --cache-dir a writable "
                                "folder (or set AMLNET_CACHE_DIR)") from None

    def _prepare(self) -> None:
        self.plugin_cache.mkdir(parents=True, exist_ok=True)
        lines = [f"plugin_cache_dir = {_hcl(str(self.plugin_cache))}", "plugin_cache_may_break_dependency_lock_file = true"]
        if self.mirrored:
            self._unpack()
            lines += [
                "provider_installation {",
                f"  filesystem_mirror {{\n    path    = {_hcl(str(self.mirror_dir))}\n    include = [{_hcl(PROVIDER_ADDRESS)}]\n  }}",
                f"  direct {{\n    exclude = [{_hcl(PROVIDER_ADDRESS)}]\n  }}",
                "}",
            ]
        _write_atomic(self.cli_config, ("\n".join(lines) + "\n").encode())

    def _unpack(self) -> None:
        for version in self.versions:
            self._unpack_one(version)

    def _unpack_one(self, version: str) -> None:
        binary, expected = self.binary_for(version), BUILDS[version]
        stamp = self.cache_dir / f"mirror-{version}.verified"  # outside the package folder, whose every file terraform hashes
        if binary.is_file() and stamp.is_file() and stamp.read_text() == _fingerprint(binary, expected):
            return
        assert self.shared_dir is not None  # only a mirrored source is installed
        src = self.shared_dir / xz_name(version)
        binary.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.cache_dir / f".{binary.name}.{os.getpid()}.{threading.get_ident()}"
        digest = hashlib.sha256()
        try:
            with lzma.open(src) as fin, open(tmp, "wb") as fout:
                while chunk := fin.read(1 << 20):
                    digest.update(chunk)
                    fout.write(chunk)
        except (OSError, lzma.LZMAError) as e:
            tmp.unlink(missing_ok=True)
            raise ProviderError(f"{src}: cannot unpack: {e}") from None
        if digest.hexdigest() != expected:
            tmp.unlink(missing_ok=True)
            raise ProviderError(f"{src}: unpacked sha256 is {digest.hexdigest()}, expected {expected} "
                                f"(../shared/terraform-provider-azurerm/README.md)")
        tmp.chmod(0o755)
        os.replace(tmp, binary)
        _write_atomic(stamp, _fingerprint(binary, expected).encode())


def short_path(p: str | Path) -> str:
    """`p` relative to the current directory when that is at most one level up, else absolute."""
    try:
        rel = os.path.relpath(p)
    except ValueError:
        return str(p)
    return rel if not rel.startswith(os.pardir + os.sep + os.pardir) else str(p)


def _fingerprint(p: Path, sha256: str) -> str:
    """Size and mtime of the checked binary: if either changes, it is checked again."""
    st = p.stat()
    return f"sha256={sha256} size={st.st_size} mtime_ns={st.st_mtime_ns}\n"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # process and thread in the name: two threads of one process (the suite's background jobs) prepare at once
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
