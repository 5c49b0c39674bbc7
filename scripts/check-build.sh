#!/usr/bin/env bash
# Build the collection tarball, install it into an empty folder, and check that Ansible
# finds its roles and modules there: what a user of a released tarball gets.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dist="$here/.cache/dist"
say() { printf '==> %s\n' "$*"; }

rm -rf "$dist"; mkdir -p "$dist"
"$here/.venv/bin/ansible-galaxy" collection build --force --output-path "$dist" "$here" >/dev/null
tarball=$(ls "$dist"/dockyard-swarm-*.tar.gz)
say "Built $(basename "$tarball") ($(du -h "$tarball" | cut -f1)), $(tar -tzf "$tarball" | wc -l) files."
unwanted=$(tar -tzf "$tarball" | grep -E '(^|/)(\.venv|\.collections|\.lab|\.cache|molecule|__pycache__|tests/output)(/|$)' || true)
[ -z "$unwanted" ] || { echo "ERROR: the tarball holds files it must not:" >&2; echo "$unwanted" >&2; exit 1; }

# The galaxy metadata a hub or Galaxy shows, as the build wrote it into MANIFEST.json.
tar -xzOf "$tarball" MANIFEST.json | "$here/.venv/bin/python" -c '
import json, sys
info = json.load(sys.stdin)["collection_info"]
empty = [key for key in ("tags", "repository", "documentation", "issues", "license", "description") if not info.get(key)]
if empty:
    sys.exit("ERROR: MANIFEST.json of the tarball has no " + ", ".join(empty) + ": set them in galaxy.yml.")
'
tar -tzf "$tarball" | grep -x 'meta/execution-environment.yml' >/dev/null \
  || { echo "ERROR: the tarball lacks meta/execution-environment.yml: execution environments would miss the requirements." >&2; exit 1; }

target=$(mktemp -d)
trap 'rm -rf "$target"' EXIT
ANSIBLE_COLLECTIONS_PATH="$target" "$here/.venv/bin/ansible-galaxy" collection install --no-deps -p "$target" "$tarball" >/dev/null
say "Installed it into an empty folder; checking that ansible-doc finds its content there."
export ANSIBLE_COLLECTIONS_PATH="$target"
for role in $(ls "$here/roles"); do
  "$here/.venv/bin/ansible-doc" -t role "dockyard.swarm.$role" >/dev/null
done
for module in $(cd "$here/plugins/modules" 2>/dev/null && ls *.py 2>/dev/null | sed 's/\.py$//'); do
  "$here/.venv/bin/ansible-doc" "dockyard.swarm.$module" >/dev/null
done
say "The tarball installs, and ansible-doc renders every role and module from it."
