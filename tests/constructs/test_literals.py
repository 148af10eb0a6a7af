"""Construct props never carry a Terraform template sequence of their own (issue 21): Terraform would evaluate
it. cdktf tokens (references, variables, Fn calls) pass; literal `${`/`%{` in any string prop is a PropsError."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from amlnet import providers
from amlnet.constructs import PropsError
from amlnet.constructs.unique_names import UniqueNamesProps
from amlnet.providers import App, TerraformStack, TerraformVariable

PAYLOAD = '${file("/etc/passwd")}'


@pytest.mark.parametrize("value, where", [
    (PAYLOAD, "UniqueNamesProps.resource_group_name"),
    ("rg-%{ for x in [1] }x%{ endfor }", "UniqueNamesProps.resource_group_name"),
    (f"rg-{PAYLOAD}", "UniqueNamesProps.resource_group_name"),
    ('${TfToken[ file("/etc/passwd") ]}', "UniqueNamesProps.resource_group_name"),  # looks like a token, is not one
])
def test_a_literal_template_in_a_prop_is_refused(value, where):
    with pytest.raises(PropsError) as e:
        UniqueNamesProps(subscription_id="00000000-0000-0000-0000-000000000000", resource_group_name=value)
    assert str(e.value).startswith(f"{where}: {value!r} holds a Terraform template sequence")


@dataclass(frozen=True)
class _Rule:
    name: str
    description: str = ""


@dataclass(frozen=True)
class _Props:
    tags: dict = field(default_factory=dict)
    rules: tuple = ()


def test_nested_values_are_walked():
    """Tags (a mapping, keys and values) and rule objects (dataclasses in tuples): the path names the key or index."""
    from amlnet.constructs._checks import check_literals

    with pytest.raises(PropsError, match=r"_Props\.tags\['owner'\]: '\$\{file"):
        check_literals(_Props(tags={"owner": PAYLOAD}))
    with pytest.raises(PropsError, match=r"_Props\.tags\['\$\{path\.cwd\}'\]"):
        check_literals(_Props(tags={"${path.cwd}": "x"}))
    with pytest.raises(PropsError, match=r"_Props\.rules\[1\]\.description"):
        check_literals(_Props(rules=(_Rule("a"), _Rule("b", description=PAYLOAD))))
    check_literals(_Props(tags={"owner": "team $ {not a template} 100%"}, rules=(_Rule("a"),)))  # no sequence: fine


def test_cdktf_tokens_pass_and_reach_terraform_as_expressions():
    stack = TerraformStack(App(), "s")
    rg = TerraformVariable(stack, "rg", type="string")
    props = UniqueNamesProps(subscription_id="00000000-0000-0000-0000-000000000000", resource_group_name=rg.string_value)
    assert props.resource_group_name.startswith("${TfToken[")
    from amlnet.constructs.unique_names import UniqueNames

    UniqueNames(stack, "names", props)
    doc = json.loads(providers.Testing.synth(stack))
    assert "var.rg" in json.dumps(doc)
