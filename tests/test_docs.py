"""The README documents every setting and command-line flag, and CI runs the README's own command."""
from __future__ import annotations

import argparse
import re

import pytest

from dashboard.settings import ENV_PREFIX, SETTINGS
from helpers import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def flags_of(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings
            if option.startswith("--") and option != "--help"}


def cli_flags() -> list[tuple[str, str]]:
    from dashboard.cli import make_parser

    parser = make_parser()
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, subparser in action.choices.items():
                found += [(name, flag) for flag in sorted(flags_of(subparser))]
    return found


def app_flags() -> list[str]:
    import app

    captured = {}
    original = argparse.ArgumentParser.parse_args

    def capture(self, args=None, namespace=None):
        captured["parser"] = self
        return original(self, [], namespace)

    argparse.ArgumentParser.parse_args = capture
    try:
        app.parse_args([])
    finally:
        argparse.ArgumentParser.parse_args = original
    return sorted(flags_of(captured["parser"]))


@pytest.mark.parametrize("command, flag", cli_flags())
def test_every_cli_flag_is_in_the_readme(command, flag):
    assert re.search(re.escape(flag) + r"\b", README), f"`python -m dashboard {command} {flag}` is not in README.md"


def test_the_cli_has_the_three_commands_of_the_contract():
    assert {command for command, _ in cli_flags()} >= {"build", "query", "export"}


@pytest.mark.parametrize("flag", app_flags())
def test_every_app_flag_is_in_the_readme(flag):
    assert f"`{flag}`" in README


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_and_its_environment_variable_is_in_the_readme(setting):
    assert f"{ENV_PREFIX}{setting.name.upper()}" in README


def test_ci_runs_the_readme_test_command():
    marker = README.index("<!-- test-command -->")
    command = README[marker:].split("```")[1].strip()
    assert command == "bash scripts/test.sh"
    assert (REPO_ROOT / "scripts" / "test.sh").is_file()
    assert "test-command" in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_opens_with_two_setup_commands():
    blocks = README.split("## ")[0].split("```")[1::2]
    assert [b.strip() for b in blocks] == [
        "bash scripts/setup.sh && .venv/bin/python app.py",
        "bash scripts/test.sh",
    ]


def test_every_link_parameter_is_in_the_readme():
    from dashboard.view import PARAMS

    missing = [name for name in PARAMS if f"`{name}`" not in README and f"{name}=" not in README]
    assert not missing, f"link parameters not documented in README.md: {missing}"


def _layout_section() -> str:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("\n## Layout", 1)[1].split("\n## ", 1)[0]


def test_every_path_the_layout_section_names_exists():
    named = re.findall(r"`([\w./-]+/[\w./-]*|[\w-]+\.(?:py|js|css))`", _layout_section())
    folders = ("dashboard/", "layouts/", "callbacks/", "assets/", "web/", "data/", "tests/", "bench/")
    missing = [path for path in named
               if (path.startswith(folders) or path == "app.py") and not (REPO_ROOT / path).exists()]
    assert named and not missing, f"README's Layout names paths that do not exist: {missing}"


def _packages() -> list[str]:
    found = [str(p.parent.relative_to(REPO_ROOT)) + "/" for p in (REPO_ROOT / "dashboard").rglob("__init__.py")]
    return sorted({*found, "web/", "layouts/", "callbacks/", "assets/"} - {"dashboard/"})


@pytest.mark.parametrize("package", _packages())
def test_the_layout_section_names_every_package(package):
    assert f"`{package}`" in _layout_section(), f"README's Layout section does not say what {package} holds"
