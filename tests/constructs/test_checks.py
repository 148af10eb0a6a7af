"""amlnet.constructs._checks: the pure-Python token test gives cdktf's own answer."""

import pytest

from amlnet.constructs._checks import is_token
from amlnet.providers import App, Fn, TerraformStack, Token, VirtualNetwork


def real_tokens() -> list[str]:
    s = TerraformStack(App(), "t")
    vnet = VirtualNetwork(s, "vnet", name="v", location="eastus2", resource_group_name="rg", address_space=["10.0.0.0/16"])
    return [
        vnet.id,
        vnet.name,
        f"{vnet.id}/subnets/x",
        f"prefix-{vnet.name}-suffix",
        Token.as_string(Fn.substr(vnet.guid, 0, 8)),
        Token.as_string(Fn.sha256(vnet.id)),
        Token.as_string(vnet.address_space),
    ]


PLAIN = [
    "",
    "vnet-ml",
    "${var.location}",  # Terraform interpolation written by hand: not a cdktf token
    "${TfToken[]}",  # empty key
    "${TfToken[TOKEN 1]}",  # a space is not a key character
    "#{TfToken[TOKEN.1]}",  # the list marker: cdktf's string test does not match it
    "TfToken[TOKEN.1]",
    "10.0.0.0/16",
]


def test_every_real_token_string_is_a_token_for_both():
    tokens = real_tokens()
    assert all(Token.is_unresolved(t) for t in tokens)  # guards the fixture itself
    assert [is_token(t) for t in tokens] == [True] * len(tokens)


@pytest.mark.parametrize("value", PLAIN)
def test_plain_strings_agree_with_cdktf(value):
    assert is_token(value) is bool(Token.is_unresolved(value))
    assert is_token(value) is False


@pytest.mark.parametrize("value", [None, 443, ["${TfToken[TOKEN.1]}"], ("x",)])
def test_only_strings_are_checked(value):
    assert is_token(value) is False
