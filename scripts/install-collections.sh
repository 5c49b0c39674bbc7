#!/usr/bin/env bash
# Install the collections in requirements.yml into .collections/, and make this
# checkout visible to Ansible as dockyard.swarm (a link, nothing installed by hand).
#
# Galaxy is tried first. Where it cannot be reached (networks that mirror only PyPI),
# the same collections are taken from the PyPI package `ansible`, which ships them.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/.collections"
venv="$here/.venv"
ansible_pkg=${DOCKYARD_ANSIBLE_PACKAGE:-ansible==12.3.0}
# What the fallback takes from the `ansible` package: requirements.yml's collections and
# what they depend on.
fallback_collections=(community/docker community/library_inventory_filtering_v1
                      community/general ansible/posix)

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

mkdir -p "$dest/ansible_collections/dockyard"
ln -sfn "$here" "$dest/ansible_collections/dockyard/swarm"

installed() {
  local c
  for c in "${fallback_collections[@]}"; do
    [ -f "$dest/ansible_collections/$c/MANIFEST.json" ] || return 1
  done
}
if installed && [ "${DOCKYARD_COLLECTIONS_REINSTALL:-0}" != 1 ]; then
  say "Collections already in .collections/ (DOCKYARD_COLLECTIONS_REINSTALL=1 reinstalls)."
  exit 0
fi

say "Installing collections from requirements.yml with ansible-galaxy."
if timeout 120 "$venv/bin/ansible-galaxy" collection install -r "$here/requirements.yml" \
     -p "$dest" >"$dest/galaxy.log" 2>&1; then
  say "Installed from Galaxy."
  exit 0
fi
say "Galaxy could not be reached ($(grep -m1 -iE 'error|fail' "$dest/galaxy.log" | cut -c1-120))."
say "Falling back to the collections shipped in the PyPI package '$ansible_pkg'."
cache="$here/.cache/pypi"
mkdir -p "$cache"
"$venv/bin/pip" download -q --no-deps -d "$cache" "$ansible_pkg" \
  || die "could not download '$ansible_pkg' from PyPI either; install the collections in requirements.yml into $dest by hand."
wheel=$(ls -t "$cache"/ansible-[0-9]*.whl | head -n 1)
"$venv/bin/python" - "$wheel" "$dest" "${fallback_collections[@]}" <<'PY'
import sys, zipfile
wheel, dest, wanted = sys.argv[1], sys.argv[2], sys.argv[3:]
prefixes = tuple(f"ansible_collections/{c}/" for c in wanted)
with zipfile.ZipFile(wheel) as zf:
    members = [m for m in zf.namelist() if m.startswith(prefixes)]
    zf.extractall(dest, members)
print(f"==> Unpacked {', '.join(c.replace('/', '.') for c in wanted)} from {wheel.rsplit('/', 1)[-1]}.")
PY
installed || die "the fallback did not produce every collection in requirements.yml."
