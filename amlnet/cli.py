"""The `amlnet` command. No cdktf: every subcommand answers in well under a second,
except validate, which runs terraform (seconds per stack).

    amlnet egress [--config FILE | --cloud C --region R --scenario S ...] [--format table|csv|json|markdown]
    amlnet dependencies FILE.json [--config FILE | --cloud C --region R ...] [--fragment]
    amlnet k8s-policies [--no-inference] [--api-server-cidr CIDR] [--scoring-client CIDR ...] [--config FILE]
    amlnet verify [cdktf.out | cdk.tf.json] [--format table|json] [--all] [--cloud C --region R ...]
    amlnet dns-forwarders [--config FILE | --cloud C --resolver-ip IP] [--format text|json]
    amlnet schema [--markdown]
    amlnet merge CONFIG FRAGMENT... [--output FILE]
    amlnet validate [cdktf.out | stack dir | cdk.tf.json ...] [--allow FILE] [--jobs N] [--separately] [--no-plan] [--format table|json]
    amlnet init | diff | audit | diagram ...
    amlnet --version

Each subcommand is a module of amlnet/commands/ (`register(sub)` adds its parser); this module is the dispatcher.
Bad input: one line naming what is wrong, exit code 2, no traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from .config import ConfigError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2 (argparse's default prints the usage too)
        print(f"amlnet: {message} (see `amlnet {self.prog.split()[-1]} --help`)" if " " in self.prog else f"amlnet: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("amlnet")
    except PackageNotFoundError:  # run from a source tree without the editable install
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    from .commands import register_all

    parser = _Parser(prog="amlnet", description="Network requirements of Azure Machine Learning in your own VNet.")
    parser.add_argument("--version", action="version", version=f"amlnet {version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    register_all(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .commands import usage_errors
    from .dependencies import DependenciesError
    from .validate import AllowListError, ProviderError, Unavailable, ValidateError
    from .verify import VerifyError

    args = build_parser().parse_args(argv)
    bad_input: tuple[type[Exception], ...] = (ConfigError, DependenciesError, VerifyError, ValidateError, AllowListError, ProviderError, Unavailable, *usage_errors())
    try:
        code: int = args.func(args)
        return code
    except bad_input as err:
        print(f"amlnet: {err}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `amlnet egress | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
