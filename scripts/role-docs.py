"""Keep the variable tables of the READMEs in step with meta/argument_specs.yml.

Each role's table is rendered from its argument_specs and written between the markers
``<!-- BEGIN <role> variables -->`` and ``<!-- END <role> variables -->``, wherever they
appear: in the role's own README and in the collection's README.

    python scripts/role-docs.py           rewrite the tables
    python scripts/role-docs.py --check   exit 1, naming the files, when a table is out of date
"""
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _cell(value):
    # Ansible's documentation markup (C(code), V(value), O(option), ...) as Markdown code.
    text = re.sub(r"\b[CVOIMPRE]\(([^()]*)\)", r"`\1`", str(value))
    return text.replace("|", "\\|").replace("\n", " ")


def _default(spec):
    if "default" not in spec:
        return "*required*" if spec.get("required") else ""
    value = spec["default"]
    if isinstance(value, bool):
        value = str(value).lower()
    elif value in ({}, []):
        value = "{}" if value == {} else "[]"
    elif isinstance(value, (dict, list)):
        value = yaml.safe_dump(value, default_flow_style=True, width=1000).strip()
    elif value is None:
        value = "null"
    return f"`{_cell(value)}`" if value != "" else '`""`'


def render_table(role):
    specs = yaml.safe_load((role / "meta" / "argument_specs.yml").read_text())
    options = specs["argument_specs"]["main"].get("options", {})
    lines = ["| Variable | Type | Default | Description |", "| --- | --- | --- | --- |"]
    for name, spec in options.items():
        kind = spec.get("type", "str")
        if kind == "list" and spec.get("elements"):
            kind = f"list of {spec['elements']}"
        desc = spec.get("description", "")
        desc = " ".join(desc) if isinstance(desc, list) else desc
        if spec.get("choices"):
            desc += " Choices: " + ", ".join(f"`{c}`" for c in spec["choices"]) + "."
        lines.append(f"| `{name}` | {kind} | {_default(spec)} | {_cell(desc.strip())} |")
    return "\n".join(lines)


def main(check):
    stale = []
    readmes = [ROOT / "README.md"] + sorted(ROOT.glob("roles/*/README.md"))
    for role in sorted(p.parent.parent for p in ROOT.glob("roles/*/meta/argument_specs.yml")):
        table = render_table(role)
        pattern = re.compile(
            rf"(<!-- BEGIN {role.name} variables -->\n)(?:.*?\n)?(<!-- END {role.name} variables -->)", re.S)
        for readme in readmes:
            if not readme.exists():
                continue
            text = readme.read_text()
            new = pattern.sub(lambda m: m.group(1) + table + "\n" + m.group(2), text)
            if new != text:
                stale.append(f"{readme.relative_to(ROOT)} ({role.name})")
                if not check:
                    readme.write_text(new)
    if stale and check:
        print("Variable tables out of step with meta/argument_specs.yml: " + ", ".join(stale)
              + ".\nRun make docs to rewrite them.", file=sys.stderr)
        return 1
    for item in stale:
        print(f"rewrote {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv[1:]))
