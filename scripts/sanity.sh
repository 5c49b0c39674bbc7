#!/usr/bin/env bash
# Run `ansible-test sanity` on the collection.
#
# ansible-test wants the collection at .../ansible_collections/dockyard/swarm, so the
# files git knows of (committed or not, minus ignored ones) are copied to such a tree
# under .cache/. Extra arguments go to ansible-test (e.g. --test pep8).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
venv="$here/.venv"
python_version=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
# Outside this checkout: inside it, ansible-test would ask git, which ignores the copy.
tree="${DOCKYARD_SANITY_DIR:-${TMPDIR:-/tmp}/dockyard-sanity}/ansible_collections/dockyard/swarm"

say() { printf '==> %s\n' "$*"; }

# ansible-test builds its per-test virtualenvs with a pip bootstrap script that it
# downloads from a host some networks cannot reach. It looks in its cache first; this
# stand-in does the same job with the Python's own ensurepip and PyPI.
pip_version=$("$venv/bin/python" - <<'PY'
import re, ansible_test, pathlib
src = pathlib.Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py"
print(re.search(r"pip='([0-9.]+)'", src.read_text()).group(1))
PY
)
bootstrap="$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
# A real get-pip.py found there is kept; ours is rewritten, so that fixes to it arrive.
if [ ! -f "$bootstrap" ] || grep -qE 'dockyard.swarm pip bootstrap|Stand-in for get-pip' "$bootstrap"; then
  say "Writing a pip bootstrap script for ansible-test at $bootstrap."
  mkdir -p "$(dirname "$bootstrap")"
  cat >"$bootstrap" <<'PY'
"""dockyard.swarm pip bootstrap: get-pip.py's job done with ensurepip and PyPI."""
import os
import subprocess
import sys

args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
env = dict(os.environ)
for bundle in ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"):
    if "PIP_CERT" not in env and os.path.exists(bundle):
        env["PIP_CERT"] = bundle
# ensurepip only where pip is missing: run over a newer pip, its bundled pip mixes the two.
if subprocess.call([sys.executable, "-c", "import pip"], stderr=subprocess.DEVNULL) != 0:
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"], env=env)
subprocess.check_call([sys.executable, "-m", "pip", "install"] + args, env=env)
PY
fi

say "Copying the collection to $tree (ansible-test needs an ansible_collections/ path)."
rm -rf "$tree"
mkdir -p "$tree"
(cd "$here" && git ls-files -z --cached --others --exclude-standard \
   | xargs -0 -I{} find {} -maxdepth 0 -type f -print0 2>/dev/null \
   | tar --null -T - -cf -) | tar -C "$tree" -xf -

# The collections ours depends on, beside it, for the import and doc tests.
for dep in "$here"/.collections/ansible_collections/*/*; do
  [ "$dep" = "$here/.collections/ansible_collections/dockyard/swarm" ] && continue
  ns=$(basename "$(dirname "$dep")")
  mkdir -p "$tree/../../$ns"
  ln -sfn "$dep" "$tree/../../$ns/$(basename "$dep")"
done

say "ansible-test sanity --local --python $python_version $*"
cd "$tree"
"$venv/bin/ansible-test" sanity --local --python "$python_version" --color=yes "$@"
