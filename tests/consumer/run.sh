#!/usr/bin/env bash
# Install and use dockyard.swarm the way another repository does, without Galaxy: a
# requirements.yml with a git source (a clone of this commit, by file://), installed with
# --no-deps; the collections it needs from PyPI's ansible package (the collection's
# dockyard.swarm.dependencies playbook); then the consumer's own playbook, which imports the
# roles, against a one-node lab over SSH, a second run that changes nothing, and
# playbooks of the collection run by their FQCN.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bin="$here/.venv/bin"
export DOCKYARD_LAB_NAME=${DOCKYARD_LAB_NAME:-consumer}
work=$(mktemp -d)
cleanup() { "$here/scripts/lab.sh" down >/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
# Nothing of this checkout's own settings: the consumer repository has its ansible.cfg.
unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_ROLES_PATH ANSIBLE_CONFIG ANSIBLE_FORCE_COLOR
export ANSIBLE_NOCOLOR=1
export PATH="$bin:$PATH"
passed=0 failed=0
check() { # description, then a command that must succeed
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "PASS: $what"; else failed=$((failed + 1)); echo "FAIL: $what"; fi
}
recap_changed() { awk -F'changed=' '/ : ok=/ {split($2, n, " "); sum += n[1]} END {print sum + 0}' "$1"; }
say() { printf '==> %s\n' "$*"; }

say "A clone of this commit ($(git -C "$here" rev-parse --short HEAD)) stands for the collection's repository."
git clone -q "$here" "$work/swarm"
commit=$(git -C "$here" rev-parse HEAD)
[ -z "$(git -C "$here" status --porcelain --untracked-files=no)" ] \
  || say "Note: uncommitted changes in this checkout are not part of what is tested here."

repo="$work/consumer"
cp -r "$here/tests/consumer/repo" "$repo"
cat >"$repo/requirements.yml" <<YAML
---
collections:
  - name: dockyard.swarm
    source: file://$work/swarm
    type: git
    version: $commit
YAML
cd "$repo"

say "ansible-galaxy collection install --no-deps -r requirements.yml (no Galaxy needed)"
ansible-galaxy collection install --no-deps -r requirements.yml >"$work/galaxy.log" 2>&1 || { cat "$work/galaxy.log"; exit 1; }
check "dockyard.swarm is installed into the repository's collections/ from git" \
  test -f collections/ansible_collections/dockyard/swarm/MANIFEST.json -a ! -L collections/ansible_collections/dockyard/swarm

say "ansible-playbook -i localhost, dockyard.swarm.dependencies (community.docker and the others from PyPI's ansible)"
# The download this checkout's make collections made is reused when there is one.
ansible-playbook -i localhost, dockyard.swarm.dependencies -e dependencies_cache="$here/.cache/pypi" >"$work/deps.log" 2>&1 \
  || { cat "$work/deps.log"; exit 1; }
check "community.docker, its inventory filtering library, community.general and ansible.posix are there" \
  sh -c 'for c in community/docker community/library_inventory_filtering_v1 community/general ansible/posix; do
           test -f collections/ansible_collections/$c/MANIFEST.json || exit 1; done'

say "A one-node lab '$DOCKYARD_LAB_NAME' (scripts/lab.sh up 1)"
"$here/scripts/lab.sh" up 1
cp "$here/.lab/$DOCKYARD_LAB_NAME/hosts.yml" inventory/hosts.yml
mkdir -p playbooks/files
cp "$here/.lab/busybox-image.tar" playbooks/files/busybox-image.tar
node=$(awk '/ansible_host:/ {print $2; exit}' inventory/hosts.yml)

say "ansible-playbook playbooks/swarm.yml: the roles imported by the consumer's own playbook"
start=$(date +%s)
ansible-playbook playbooks/swarm.yml >"$work/first" 2>&1 || { tail -n 40 "$work/first"; }
echo "first run: $(( $(date +%s) - start )) s"
check "the consumer's playbook ran without a failure" grep -qE ' : ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0' "$work/first"
check "the stack from the consumer's template answers on the node" \
  sh -c "curl -fsS --max-time 10 --retry 10 --retry-delay 2 --retry-all-errors 'http://$node:8080/' | grep -qx 'Deployed from a consumer repository'"
check "no warning in the run" sh -c "! grep -E '\[WARNING\]|DEPRECATION' '$work/first'"

start=$(date +%s)
ansible-playbook playbooks/swarm.yml >"$work/second" 2>&1 || tail -n 40 "$work/second"
echo "second run: $(( $(date +%s) - start )) s"
check "a second run reports no change" test "$(recap_changed "$work/second")" -eq 0

say "ansible-playbook dockyard.swarm.node_maintenance: a playbook of the collection by its FQCN"
ansible-playbook dockyard.swarm.node_maintenance -e node="$DOCKYARD_LAB_NAME-node1" -e availability=active >"$work/fqcn" 2>&1 \
  || tail -n 30 "$work/fqcn"
check "dockyard.swarm.node_maintenance runs from the consumer repository and changes nothing on an active node" \
  sh -c "grep -qE ' : ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' '$work/fqcn' && ! grep -q 'failed=[1-9]' '$work/fqcn'"

say "ansible-playbook dockyard.swarm.deploy: the stack's template by a path anchored in the repository"
# The playbook's directory of dockyard.swarm.deploy is in the installed collection, so a relative
# template name would be looked up there; inventory_dir anchors it in this repository.
cat >"$work/anchored.yml" <<'YAML'
stack_stacks:
  - name: web
    compose_template: "{{ inventory_dir }}/../playbooks/templates/web.yml.j2"
YAML
ansible-playbook dockyard.swarm.deploy -e @"$work/anchored.yml" >"$work/deploy" 2>&1 || tail -n 30 "$work/deploy"
check "dockyard.swarm.deploy finds the template and finds the stack as deployed" \
  sh -c "grep -qE ' : ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' '$work/deploy'"

# And the README's warning holds: by its relative name the template is not found from there.
if ansible-playbook dockyard.swarm.deploy >"$work/relative" 2>&1; then relative_failed=no; else relative_failed=yes; fi
check "dockyard.swarm.deploy does not find a relative template name of the repository" \
  sh -c "[ $relative_failed = yes ] && grep -q 'web.yml.j2' '$work/relative' && grep -qE 'changed=0 .*failed=1' '$work/relative'"

echo "consumer: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
