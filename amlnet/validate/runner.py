"""`terraform init -backend=false` and `terraform validate -json` per stack, stacks in parallel, or all
stacks in one terraform run (`batch=True`).

Each stack is validated in a folder the runner owns (a copy, unless the caller says the folder is its
own scratch space), so no `.terraform/` or `.terraform.lock.hcl` lands in a user's tree or the repo.

Batch: most of a `terraform validate` is the provider starting and sending its schema (about 1 s for
azurerm 4.55.0, the same for every stack). With `batch=True` the stacks become child modules of one
root (`module "s000" { source = "./s000" }` ...), validated by one init and one validate; each
diagnostic goes back to its stack by its file (`s003/cdk.tf.json`) with the module prefix removed from
its address and file, so it reads as the stack's own run would. Two rules keep the answer exact: the
warning the composition itself causes ("Backend configuration ignored": a backend block in a child
module) is dropped, and if terraform reports any error, or a diagnostic that belongs to no one stack,
every stack of the batch is validated alone instead (an error while loading one module can hide the
checks of the others). tests/validate/test_terraform.py compares both ways on the same stacks.

Example::

    src = ProviderSource.find(); src.prepare()
    with Validator(src, AllowList()) as v:
        v.submit(Stack("default/secure-workspace", Path("cdktf.out/stacks/secure-workspace")))
    v.results()[0].ok
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .allowlist import Allowed, AllowList
from .diagnostics import Diagnostic
from .plan import azurerm_pin
from .provider import AZURERM_VERSION, BUILDS_DIGEST, ProviderSource
from .stack import Stack, ValidateError, _copy_stack

JOBS_ENV = "AMLNET_VALIDATE_JOBS"
REUSE_ENV = "AMLNET_VALIDATE_REUSE"
"""`0` turns off the reuse of earlier answers for unchanged stacks (see Validator)."""
# variables that would change what init/validate do behind our back
_DROP_ENV = ("TF_CLI_ARGS", "TF_CLI_ARGS_init", "TF_CLI_ARGS_validate", "TF_DATA_DIR", "TF_PLUGIN_CACHE_DIR", "TF_WORKSPACE")




@dataclass
class StackResult:
    """What terraform said about one stack. `failure` is set when init or validate did not run to an answer."""

    name: str
    errors: list[Diagnostic] = field(default_factory=list)
    allowed: list[tuple[Diagnostic, Allowed]] = field(default_factory=list)
    unexplained: list[Diagnostic] = field(default_factory=list)
    init_seconds: float = 0.0
    validate_seconds: float = 0.0
    failure: str | None = None
    reused: bool = False
    batched: bool = False  # answered by one terraform run for the whole batch (the seconds are the batch's)

    @property
    def ok(self) -> bool:
        return self.failure is None and not self.errors and not self.unexplained


def default_jobs() -> int:
    """$AMLNET_VALIDATE_JOBS, else the CPU count (init and validate are mostly waiting on the provider)."""
    env = os.environ.get(JOBS_ENV, "").strip()
    if env:
        if not env.isdigit() or int(env) < 1:
            raise ValidateError(f"{JOBS_ENV}={env!r}: expected a positive integer")
        return int(env)
    return max(1, os.cpu_count() or 1)


def find_terraform() -> str | None:
    return shutil.which("terraform")


def terraform_env(source: ProviderSource) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROP_ENV}
    env.update(TF_CLI_CONFIG_FILE=str(source.cli_config), CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1", TF_INPUT="0")
    return env


def terraform_version(terraform: str) -> tuple[int, ...]:
    """(major, minor, patch) of `terraform version -json`; raises ValidateError if it cannot be read."""
    env = {k: v for k, v in os.environ.items() if k != "TF_CLI_CONFIG_FILE"}
    r = subprocess.run([terraform, "version", "-json"], capture_output=True, text=True, env=env, timeout=60)
    try:
        text = json.loads(r.stdout)["terraform_version"]
        return tuple(int(x) for x in text.split("-")[0].split("."))
    except (json.JSONDecodeError, KeyError, ValueError):
        raise ValidateError(f"{terraform} version -json: unexpected output {r.stdout[:200]!r} {r.stderr[:200]!r}") from None


class Validator:
    """Runs init + validate for submitted stacks on `jobs` threads; results in submission order.

    `in_place=True` validates in the stack's own folder (for scratch output the caller owns); otherwise the
    stack is copied into a temporary folder first. Use as a context manager, or call `close()`.

    `reuse=True` (with the local build only, and unless $AMLNET_VALIDATE_REUSE=0) keeps terraform's answer
    under the cache folder, keyed by the sha256 of the stack's files, the terraform version and the provider
    binary's sha256, and gives it again for an unchanged stack without running terraform: `terraform
    validate` reads nothing else. The allow-list is applied afresh every time.
    """

    def __init__(self, source: ProviderSource, allow: AllowList, jobs: int | None = None, terraform: str | None = None,
                 in_place: bool = False, reuse: bool = False, batch: bool = False) -> None:
        self.source, self.allow, self.in_place, self.batch = source, allow, in_place, batch
        self._pending: list[Stack] = []  # batch mode: submitted, run by results()
        self.jobs = jobs or default_jobs()
        self.terraform = terraform or find_terraform()
        if not self.terraform:
            raise ValidateError("terraform is not on the PATH")
        self.env = terraform_env(source)
        self._pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="tf-validate")
        self._futures: list[Future[StackResult]] = []
        self._scratch = None if in_place else tempfile.TemporaryDirectory(prefix="amlnet-validate-")
        # the plugin cache is not safe for concurrent first installs (terraform docs, "Provider Plugin Cache"):
        # the first init into a cache runs alone and fills it, the others then only link to it. The lock and
        # the set are per process, so two Validators at once (a batch beside single stacks) share them.
        self._warm_lock = _WARM_LOCK
        self._answers: Path | None = None
        if reuse and source.mirrored and os.environ.get(REUSE_ENV, "").strip() != "0":
            version = ".".join(map(str, terraform_version(self.terraform)))
            tools = hashlib.sha256(f"terraform {version} azurerm {BUILDS_DIGEST}".encode()).hexdigest()[:16]
            self._answers = source.cache_dir / "answers" / tools

    def submit(self, stack: Stack) -> None:
        if self.batch:
            self._pending.append(stack)
        else:
            self._futures.append(self._pool.submit(self._run, stack))

    def results(self) -> list[StackResult]:
        if self.batch and self._pending:
            self._run_batch(self._pending)
            self._pending = []
        return [f.result() for f in self._futures]

    def _done(self, result: StackResult) -> None:
        f: Future[StackResult] = Future()
        f.set_result(result)
        self._futures.append(f)

    def _answer_of(self, stack: Stack) -> tuple[Path | None, StackResult | None]:
        """Where terraform's answer for `stack` is kept (None without reuse), and the result it gives if an
        earlier run left one."""
        answer = self._answers / f"{_stack_digest(stack.directory) if stack.only is None else _file_digest(stack.only)}.json" \
            if self._answers else None
        if answer is None or not answer.is_file():
            return answer, None
        res = StackResult(stack.name, reused=True)
        self._classify(res, stack, json.loads(answer.read_text()))
        return answer, res

    def _run_batch(self, stacks: list[Stack]) -> None:
        todo: list[tuple[Stack, Path | None]] = []
        answered: dict[int, StackResult] = {}
        for i, stack in enumerate(stacks):
            answer, reused = self._answer_of(stack)
            if reused is not None:
                answered[i] = reused
            else:
                todo.append((stack, answer))
        # one root module has one azurerm version: stacks are batched per pin (4.55.0 cdktf, 4.81.0 cdktn)
        index = [i for i in range(len(stacks)) if i not in answered]
        for pin in sorted({_pin_of(s) for s, _ in todo}):
            group = [(i, item) for i, item in zip(index, todo, strict=True) if _pin_of(item[0]) == pin]
            batch = self._one_run([s for _, (s, _) in group]) if len(group) > 1 else None
            for (i, (_, answer)), (res, out) in zip(group, batch or [], strict=False):
                answered[i] = res
                if answer is not None:
                    _store(answer, out)
        for i, stack in enumerate(stacks):  # in submission order; whatever the batch did not answer runs alone
            if i in answered:
                self._done(answered[i])
            else:
                self._futures.append(self._pool.submit(self._run, stack))

    def _one_run(self, stacks: list[Stack]) -> list[tuple[StackResult, dict[str, Any]]] | None:
        """All `stacks` as child modules of one root, one init and one validate; None when the answer
        cannot be split exactly (then each stack runs alone)."""
        keys = [f"s{i:03d}" for i in range(len(stacks))]
        root = Path(tempfile.mkdtemp(prefix="amlnet-validate-batch-", dir=self._scratch.name if self._scratch else None))
        try:
            for key, stack in zip(keys, stacks, strict=True):
                _copy_stack(stack, root / key)
            (root / "main.tf.json").write_text(json.dumps({"module": {k: {"source": f"./{k}"} for k in keys}}, indent=2))
            with self._warm_lock:
                t = time.perf_counter()
                init = self._terraform(["init", "-backend=false", "-input=false", "-no-color"], root)
                _WARMED.update((self.source.plugin_cache, _pin_of(s)) for s in stacks)
            init_seconds = time.perf_counter() - t
            if init.returncode != 0:
                return None
            t = time.perf_counter()
            val = self._terraform(["validate", "-json", "-no-color"], root)
            validate_seconds = time.perf_counter() - t
            try:
                out = json.loads(val.stdout)
            except json.JSONDecodeError:
                return None
            per: dict[str, list[dict[str, Any]]] = {k: [] for k in keys}
            for raw in out.get("diagnostics", []):
                owner = _module_key(raw, keys)
                if owner is None or raw.get("severity") == "error":
                    return None
                if raw.get("summary") == COMPOSITION_WARNING:
                    continue
                per[owner].append(_as_own(raw, owner))
            if val.returncode != 0:
                return None
        except (OSError, subprocess.TimeoutExpired):
            return None
        finally:
            shutil.rmtree(root, ignore_errors=True)
        done = []
        for key, stack in zip(keys, stacks, strict=True):
            res = StackResult(stack.name, init_seconds=init_seconds, validate_seconds=validate_seconds, batched=True)
            own = {"format_version": out.get("format_version"), "valid": True, "error_count": 0,
                   "warning_count": len(per[key]), "diagnostics": per[key]}
            self._classify(res, stack, own)
            done.append((res, own))
        return done

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        if self._scratch is not None:
            self._scratch.cleanup()

    def __enter__(self) -> Validator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _workdir(self, stack: Stack) -> Path:
        if self.in_place and stack.only is None:
            return stack.directory
        assert self._scratch is not None  # made in __init__ unless in_place
        dest = Path(tempfile.mkdtemp(dir=self._scratch.name)) / stack.directory.name
        _copy_stack(stack, dest)
        return dest

    def _terraform(self, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
        assert self.terraform is not None  # __init__ refuses to start without it
        return subprocess.run([self.terraform, *args], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=600)

    def _run(self, stack: Stack) -> StackResult:
        try:
            return self._init_and_validate(stack)
        except subprocess.TimeoutExpired as e:
            return StackResult(stack.name, failure=f"terraform {e.cmd[1]} did not finish within {e.timeout:.0f} s")

    def _init_and_validate(self, stack: Stack) -> StackResult:
        answer, reused = self._answer_of(stack)
        if reused is not None:
            return reused
        res = StackResult(stack.name)
        pin = _pin_of(stack)
        why = self.source.check_pin(pin)
        if why is not None:
            res.failure = why
            return res
        try:
            cwd = self._workdir(stack)
        except OSError as e:
            res.failure = f"cannot copy {stack.directory}: {e}"
            return res
        init_args = ["init", "-backend=false", "-input=false", "-no-color"]
        with self._warm_lock:
            first = (self.source.plugin_cache, pin) not in _WARMED  # each version's first install runs alone
            if first:
                t = time.perf_counter()
                init = self._terraform(init_args, cwd)
                _WARMED.add((self.source.plugin_cache, pin))
        if not first:
            t = time.perf_counter()
            init = self._terraform(init_args, cwd)
        res.init_seconds = time.perf_counter() - t
        if init.returncode != 0:
            res.failure = f"terraform init failed ({self.source.description}):\n{(init.stdout + init.stderr).strip()}"
            return res
        t = time.perf_counter()
        val = self._terraform(["validate", "-json", "-no-color"], cwd)
        res.validate_seconds = time.perf_counter() - t
        try:
            out = json.loads(val.stdout)
        except json.JSONDecodeError:
            res.failure = f"terraform validate gave no JSON (exit {val.returncode}):\n{(val.stdout + val.stderr).strip()}"
            return res
        self._classify(res, stack, out)
        if val.returncode != 0 and not res.errors:
            res.failure = f"terraform validate exited {val.returncode} without an error diagnostic:\n{val.stderr.strip()}"
        elif answer is not None:
            _store(answer, out)
        return res

    def _classify(self, res: StackResult, stack: Stack, out: dict[str, Any]) -> None:
        for raw in out.get("diagnostics", []):
            d = Diagnostic.from_json(raw)
            if d.severity == "error":
                res.errors.append(d)
            elif (entry := self.allow.match(d, stack.name)) is not None:
                res.allowed.append((d, entry))
            else:
                res.unexplained.append(d)


_WARM_LOCK = threading.Lock()
_WARMED: set[tuple[Path, str]] = set()  # (plugin cache, azurerm version) an init of this process has filled

COMPOSITION_WARNING = "Backend configuration ignored"
"""terraform's warning for a backend block in a child module: in a batch, caused by the batch itself."""


def _pin_of(stack: Stack) -> str:
    """The azurerm version the stack pins (a file that is not JSON: the default; terraform then says what is wrong)."""
    try:
        doc = json.loads(stack.file.read_text())
    except (OSError, ValueError):
        return AZURERM_VERSION
    return azurerm_pin(doc) if isinstance(doc, dict) else AZURERM_VERSION


def _module_key(raw: dict[str, Any], keys: list[str]) -> str | None:
    """The batch module a diagnostic belongs to: by its file (`s003/cdk.tf.json`), else by its address."""
    filename = str((raw.get("range") or {}).get("filename") or "")
    head = filename.split("/", 1)[0] if "/" in filename else ""
    if head in keys:
        return head
    address = str(raw.get("address") or "")
    if address.startswith("module."):
        key = address.split(".", 2)[1]
        return key if key in keys else None
    return None


def _as_own(raw: dict[str, Any], key: str) -> dict[str, Any]:
    """The diagnostic as the stack's own run reports it: no `s003/` in the file, no `module.s003.` in the address."""
    out = dict(raw)
    rng = out.get("range")
    if isinstance(rng, dict) and str(rng.get("filename", "")).startswith(f"{key}/"):
        out["range"] = {**rng, "filename": rng["filename"][len(key) + 1:]}
    if str(out.get("address", "")).startswith(f"module.{key}."):
        out["address"] = out["address"][len(f"module.{key}."):]
    return out


def _store(answer: Path, out: dict[str, Any]) -> None:
    answer.parent.mkdir(parents=True, exist_ok=True)
    tmp = answer.with_name(f".{answer.name}.{threading.get_ident()}")
    tmp.write_text(json.dumps(out))
    os.replace(tmp, answer)


def _file_digest(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def _stack_digest(directory: Path) -> str:
    """sha256 over the names and bytes of the files terraform reads in `directory` (not .terraform/, lock, state)."""
    h = hashlib.sha256()
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d != ".terraform")
        for name in sorted(files):
            if name == ".terraform.lock.hcl" or ".tfstate" in name or name.endswith(".tfplan"):
                continue
            p = Path(root) / name
            h.update(str(p.relative_to(directory)).encode() + b"\0")
            h.update(p.read_bytes() + b"\0")
    return h.hexdigest()
