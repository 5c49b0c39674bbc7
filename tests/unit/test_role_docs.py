"""Each role's defaults, argument_specs and README tables agree."""
import pathlib
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
ROLES = sorted(p.name for p in (ROOT / "roles").iterdir() if (p / "tasks").is_dir())


def _options(role):
    specs = yaml.safe_load((ROOT / "roles" / role / "meta" / "argument_specs.yml").read_text())
    return specs["argument_specs"]["main"]["options"]


def _defaults(role):
    path = ROOT / "roles" / role / "defaults" / "main.yml"
    return yaml.safe_load(path.read_text()) or {} if path.exists() else {}


@pytest.mark.parametrize("role", ROLES)
def test_every_default_is_specified_with_the_same_value(role):
    options, defaults = _options(role), _defaults(role)
    undocumented = sorted(set(defaults) - set(options))
    assert not undocumented, f"{role}: defaults without argument_specs entry: {undocumented}"
    for name, value in defaults.items():
        assert options[name].get("default") == value, (
            f"{role}: {name} defaults to {value!r} in defaults/main.yml "
            f"but {options[name].get('default')!r} in meta/argument_specs.yml")


@pytest.mark.parametrize("role", ROLES)
def test_every_option_is_described_and_typed(role):
    for name, spec in _options(role).items():
        assert name.startswith(f"{role}_"), f"{role}: {name} lacks the role prefix"
        assert spec.get("description"), f"{role}: {name} has no description"
        assert spec.get("type"), f"{role}: {name} has no type"
        assert "default" in spec or spec.get("required"), f"{role}: {name} has no default"


@pytest.mark.parametrize("readme", ["README.md"] + [f"roles/{r}/README.md" for r in ROLES])
def test_readmes_have_a_variable_table_per_role(readme):
    text = (ROOT / readme).read_text()
    roles = ROLES if readme == "README.md" else [pathlib.Path(readme).parent.name]
    for role in roles:
        assert f"<!-- BEGIN {role} variables -->" in text, f"{readme} has no variables table for {role}"


def test_readme_tables_match_argument_specs():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "role-docs.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
