"""Validation of construct props at construction, with the configuration's own rules.

The rules are not repeated here: names use `amlnet.catalog.naming_rules`, tags `amlnet.catalog.tag_limits`,
VM sizes `amlnet.catalog.vm_sizes`, resource IDs `amlnet.resource_ids`, CIDRs `amlnet.addressing`. This
module only adds the prop's name to the message (`ComputeSubnetProps.cidr: ...`) and leaves Terraform
tokens (`${TfToken[...]}`, values known at apply time) unchecked.

Example::

    check_name(props, "name", "subnet", props.name)   # PropsError("ComputeSubnetProps.name: 'a b' is not a valid subnet name ...")
"""

from __future__ import annotations

import collections.abc
import dataclasses
import re
import types
import typing
from collections.abc import Iterable, Mapping
from typing import Any

from ..addressing import ipv4_network
from ..catalog.naming_rules import name_problem
from ..catalog.tag_limits import tags_problem
from ..catalog.vm_sizes import vm_size_problem
from ..resource_ids import parse_resource_id


class PropsError(ValueError):
    """Construct props that Azure (or the construct) cannot accept; the message names the prop and the value."""


# cdktf's encoding of a string token, `${TfToken[TOKEN.42]}`: the same pattern as STRING_TOKEN_REGEX in
# cdktf 0.21.0 lib/tokens/private/encoding.js, which `Token.isUnresolved(str)` tests. Matching it here
# instead of asking the jsii kernel saves one node round trip per checked prop (3,534 of the 6,514 calls
# of the 100-spoke benchmark); tests/constructs/test_checks.py compares the two on real tokens.
_STRING_TOKEN = re.compile(r"\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}")


def is_token(value: object) -> bool:
    """A string holding a cdktf token (a value Terraform computes), which cannot be checked at synth time.

    The same answer as `cdktf.Token.is_unresolved` for strings, computed in Python (no jsii call).
    """
    return isinstance(value, str) and _STRING_TOKEN.search(value) is not None


def _templated(text: str) -> bool:
    """`${` or `%{` outside cdktf's token markers. Most strings hold no `{`, and most of the rest are one whole token
    (an anchored match, cheaper than the substitution; props of 100 spokes hold some 35,000 strings)."""
    if "{" not in text or _STRING_TOKEN.fullmatch(text):
        return False
    from ..config.literals import has_template

    return has_template(_STRING_TOKEN.sub("", text))


_DATACLASS_FIELDS: dict[type, tuple[str, ...]] = {}


def _literal_problem(value: object, path: str, depth: int = 0) -> tuple[str, str] | None:
    """The first string under `value` holding `${` or `%{` outside cdktf's own token markers. The path is built only
    for the hit (props of 100 spokes hold some 60,000 values)."""
    found = _find_template(value, depth)
    if found is None:
        return None
    parts, text = found
    return path + "".join(reversed(parts)), text


_SCALARS = (int, float, type(None))


def _find_template(value: object, depth: int) -> tuple[list[str], str] | None:
    # cheapest tests first: most values are strings, numbers, tuples and rule dataclasses (isinstance of an ABC is slow)
    if isinstance(value, str):
        return ([], value) if _templated(value) else None
    if isinstance(value, _SCALARS) or depth > 6:
        return None
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            found = _find_template(v, depth + 1)
            if found:
                found[0].append(f"[{i}]")
                return found
        return None
    cls = type(value)
    if hasattr(cls, "__dataclass_fields__") and not isinstance(value, type):
        names = _DATACLASS_FIELDS.get(cls)
        if names is None:
            names = _DATACLASS_FIELDS[cls] = tuple(f.name for f in dataclasses.fields(value))  # type: ignore[arg-type]
        for name in names:
            found = _find_template(getattr(value, name), depth + 1)
            if found:
                found[0].append(f".{name}")
                return found
        return None
    if isinstance(value, Mapping):
        for k, v in value.items():
            if isinstance(k, str) and _templated(k):
                return [f"[{k!r}]"], k
            found = _find_template(v, depth + 1)
            if found:
                found[0].append(f"[{k!r}]")
                return found
    return None


_HINTS: dict[type, dict[str, Any] | None] = {}


def _hints(cls: type) -> dict[str, Any] | None:
    if cls not in _HINTS:
        try:
            _HINTS[cls] = typing.get_type_hints(cls)
        except (NameError, TypeError):  # an annotation only a type checker resolves: no run-time check for that class
            _HINTS[cls] = None
    return _HINTS[cls]


def _type_problem(value: object, hint: Any) -> str | None:
    """What is wrong with `value` for the annotation `hint` (None when it fits or the hint is not checked here)."""
    origin: Any = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any or hint is object:
        return None
    if origin in (typing.Union, types.UnionType):
        problems = [_type_problem(value, a) for a in args]
        return None if any(p is None for p in problems) else next(p for p in problems if p)
    if hint is type(None):
        return None if value is None else "expected None"
    if origin is typing.Literal:
        return None  # each construct checks its closed choices with the Azure rule behind them (check_choice)
    if hint is str:
        return None if isinstance(value, str) else "expected a string"
    if hint in (int, float):
        ok = isinstance(value, (int, float) if hint is float else int) and not isinstance(value, bool)
        return None if ok else f"expected {'a number' if hint is float else 'a whole number'}"
    if hint is bool:
        return None if isinstance(value, bool) else "expected true or false"
    if origin is tuple:
        if not isinstance(value, (tuple, list)):
            return "expected a tuple"
        elem = args[0] if len(args) == 2 and args[1] is Ellipsis else None
        for i, v in enumerate(value):
            p = _type_problem(v, elem) if elem is not None else None
            if p:
                return f"item {i}: {p} (got {type(v).__name__})"
        return None
    if origin in (Mapping, dict, collections.abc.Mapping):
        return None if isinstance(value, Mapping) else "expected a mapping"
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return None if isinstance(value, hint) else f"expected a {hint.__name__}"
    return None


def check_types(props: object) -> None:
    """Each prop has the type its annotation names (a list for a location, None for a resource group, an int
    for a CIDR, a dict for a rule object): a PropsError naming the prop and the value, not an AttributeError later."""
    hints = _hints(type(props))
    if not hints:
        return
    for f in dataclasses.fields(props):  # type: ignore[arg-type]
        if f.name not in hints:
            continue
        value = getattr(props, f.name)
        problem = _type_problem(value, hints[f.name])
        if problem:
            shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
            raise PropsError(f"{type(props).__name__}.{f.name}: {shown}: {problem} (got {type(value).__name__})")


def check_literals(props: object) -> None:
    """Props have their annotated types (`check_types`), and no string prop holds a Terraform template sequence
    (`${`, `%{`) of its own: Terraform would evaluate it (a tag `${file("/etc/passwd")}` reads the runner's file).
    cdktf tokens (a reference, a variable) pass."""
    check_types(props)
    for f in dataclasses.fields(props):  # type: ignore[arg-type]
        found = _literal_problem(getattr(props, f.name), f.name)
        if found:
            where, text = found
            shown = text if len(text) <= 80 else text[:77] + "..."
            raise PropsError(
                f"{type(props).__name__}.{where}: {shown!r} holds a Terraform template sequence ('${{' or '%{{'), which Terraform "
                "would evaluate (it can read files on the machine that runs terraform); pass literal text, or a cdktf token "
                "(a resource attribute, TerraformVariable, Fn) for a value Terraform must compute")


def _where(props: object, field: str) -> str:
    owner = props if isinstance(props, type) or callable(props) and hasattr(props, "__name__") else type(props)
    return f"{getattr(owner, '__name__', type(props).__name__)}.{field}"


def fail(props: object, field: str, message: str) -> typing.NoReturn:
    raise PropsError(f"{_where(props, field)}: {message}")


def check_name(props: object, field: str, kind: str, value: str | None) -> None:
    """`value` is a valid Azure name of `kind` (a key of `naming_rules.RULES`), or a token, or None."""
    if value is None or is_token(value):
        return
    problem = name_problem(kind, value)
    if problem:
        fail(props, field, problem)


def check_tags(props: object, field: str, tags: Mapping[str, str]) -> None:
    problem = tags_problem(tags)
    if problem:
        fail(props, field, problem)


def check_cidr(props: object, field: str, value: str | None, *, max_prefix: int | None = None, what: str = "") -> None:
    """An IPv4 CIDR without host bits; with `max_prefix`, at least that large (e.g. /26 for AzureFirewallSubnet)."""
    if value is None or is_token(value):
        return
    try:
        net = ipv4_network(value)
    except ValueError as e:
        fail(props, field, f"{value!r}: {e}")
    if max_prefix is not None and net.prefixlen > max_prefix:
        fail(props, field, f"{value!r}: {what or 'the subnet'} must be /{max_prefix} or larger, got /{net.prefixlen}")


def check_cidrs(props: object, field: str, values: Iterable[str]) -> None:
    values = tuple(values)
    if not values:
        fail(props, field, "at least one address range is required")
    for i, v in enumerate(values):
        check_cidr(props, f"{field}[{i}]", v)


def check_resource_id(props: object, field: str, value: str | None, provider: str, child: str | None = None) -> dict[str, str] | None:
    """The parts of a strict Azure resource ID (see `amlnet.resource_ids`); None for None or a token."""
    if value is None or is_token(value):
        return None
    try:
        return parse_resource_id(value, provider, child)
    except ValueError as e:
        fail(props, field, f"{value!r}: {e}")


def check_choice(props: object, field: str, value: object, choices: object) -> None:
    """`value` is one of a `Literal[...]` type's values (or of an iterable)."""
    allowed = typing.get_args(choices) or tuple(typing.cast(Iterable[object], choices))
    if value not in allowed:
        fail(props, field, f"{value!r} is not one of {', '.join(repr(a) for a in allowed)}")


def check_range(props: object, field: str, value: int, low: int, high: int, why: str = "") -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        fail(props, field, f"{value!r} is outside {low}-{high}" + (f" ({why})" if why else ""))


def check_vm_size(props: object, field: str, value: str) -> None:
    if is_token(value):
        return
    problem = vm_size_problem(value)
    if problem:
        fail(props, field, problem)


def check_one_of(props: object, fields: Mapping[str, object], *, required: bool = True) -> None:
    """At most one (with `required`, exactly one) of `fields` is set."""
    given = [k for k, v in fields.items() if v]
    if len(given) > 1:
        fail(props, given[1], f"set only one of {', '.join(fields)} (both {given[0]} and {given[1]} are set)")
    if required and not given:
        fail(props, next(iter(fields)), f"one of {', '.join(fields)} is required")


def check_overrides(props: object, named: Mapping[str, str], names: Mapping[str, str], tags: Mapping[str, Mapping[str, str]]) -> None:
    """`resource_names` and `resource_tags` only name resources the construct makes (`named`: key -> naming
    kind), and each name and tag set passes Azure's rules."""
    for field, given in (("resource_names", names), ("resource_tags", tags)):
        for key in given:
            if key not in named:
                fail(props, f"{field}[{key!r}]", f"{key!r} is not a resource of this construct; known: {', '.join(sorted(named))}")
    for key, name in names.items():
        check_name(props, f"resource_names[{key!r}]", named[key], name)
    for key, extra in tags.items():
        check_tags(props, f"resource_tags[{key!r}]", extra)


class Overrides:
    """Name and tags of one construct's resources: the construct's default unless the props override them."""

    def __init__(self, names: Mapping[str, str], tags: Mapping[str, str], resource_tags: Mapping[str, Mapping[str, str]]) -> None:
        self._names, self._tags, self._resource_tags = names, tags, resource_tags

    def name(self, key: str, default: str) -> str:
        return self._names.get(key, default)

    def tags(self, key: str) -> dict[str, str] | None:
        """The construct's tags with this resource's own on top; None when empty (no `tags` attribute)."""
        out = {**self._tags, **self._resource_tags.get(key, {})}
        return out or None
