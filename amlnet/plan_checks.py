"""Configuration checks that need the planners: whether the generated NSG rules fit their priorities,
and whether a NAT gateway can carry what the enabled scenarios need. `amlnet.loading.parse_config`
runs them after the model's own validation (`amlnet.config`, which imports nothing from planning);
each raises ValueError with one message that starts with the field and names the value.

Example::

    check_planned(cfg)   # None, or ValueError("nsg.extra_rules: 'MyRule' priority 110 clashes with a generated rule ...")
"""

from __future__ import annotations

from .config import DENY_ALL_PRIORITY, AmlNetConfig
from .planner import generated_rule_count, hosts_needing_fqdn_rules, placements_for, plan_nsg_rules


def check_planned(cfg: AmlNetConfig) -> None:
    """Every check of this module, in the order the messages were given before they moved here."""
    check_nsg_priorities(cfg)
    check_nsg_rule_names(cfg)
    check_nat_gateway_hosts(cfg)


def check_nsg_rule_names(cfg: AmlNetConfig) -> None:
    """Extra NSG rules have names unique among themselves and apart from the generated rules' (Azure: rule names are
    unique per NSG, compared without case), named by their configuration key, not by the construct that would refuse them."""
    first: dict[str, int] = {}
    for i, rule in enumerate(cfg.nsg.extra_rules):
        key = rule.name.lower()
        if key in first:
            raise ValueError(f"nsg.extra_rules[{i}].name: {rule.name!r} is also nsg.extra_rules[{first[key]}].name; "
                             "rule names are unique per NSG")
        first[key] = i
    if not first:
        return
    for pl in placements_for(cfg):
        counts: dict[str, int] = {}
        for spec in plan_nsg_rules(cfg, pl):
            counts[spec.name.lower()] = counts.get(spec.name.lower(), 0) + 1
        for key, i in first.items():
            if counts.get(key, 0) > 1:
                name = cfg.nsg.extra_rules[i].name
                raise ValueError(f"nsg.extra_rules[{i}].name: {name!r} is the name of a rule amlnet generates for this NSG; "
                                 "rule names are unique per NSG, rename yours")

def check_nsg_priorities(cfg: AmlNetConfig) -> None:
    """The generated rules of the busiest placement end before the deny-all priority; extra rules take free ones."""
    n = max(generated_rule_count(cfg, pl) for pl in placements_for(cfg))
    start, step = cfg.nsg.priority_start, cfg.nsg.priority_step
    last = start + step * (n - 1) if n else start
    if last >= DENY_ALL_PRIORITY:
        raise ValueError(
            f"nsg.priority_start: {n} generated rules from priority {start} in steps of {step} end at {last}, "
            f"past the last free priority {DENY_ALL_PRIORITY - 1}; lower nsg.priority_start or nsg.priority_step"
        )
    taken = {start + step * i for i in range(n)} | {DENY_ALL_PRIORITY}
    seen: dict[tuple[str, int], str] = {}
    for rule in cfg.nsg.extra_rules:
        key = (rule.direction, rule.priority)
        if key in seen:
            raise ValueError(f"nsg.extra_rules: {rule.name!r} and {seen[key]!r} both use {rule.direction} priority {rule.priority}")
        seen[key] = rule.name
        if rule.priority in taken:
            raise ValueError(
                f"nsg.extra_rules: {rule.name!r} priority {rule.priority} clashes with a generated rule "
                f"(generated priorities {start}..{last} step {step}, and {DENY_ALL_PRIORITY} for the deny-all rule)"
            )


def check_nat_gateway_hosts(cfg: AmlNetConfig) -> None:
    """A NAT gateway cannot filter by host name: the scenarios' host-only rows need a firewall or the opt-in."""
    for pl in placements_for(cfg):
        if pl.egress_mode == "nat-gateway" and not cfg.egress.nat_allow_unfiltered_https:
            missing = hosts_needing_fqdn_rules(cfg, pl.regions, **pl.exact)
            if missing:
                shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
                field = "egress.mode" if pl.label in ("workspace", "aks-inference") else "compute_network.egress_mode"
                raise ValueError(
                    f"{field}: 'nat-gateway' cannot filter by host name, but the enabled scenarios need {shown}; "
                    "use 'firewall', disable those scenarios, or set egress.nat_allow_unfiltered_https: true"
                )
