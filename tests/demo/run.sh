#!/usr/bin/env bash
# The README's demo, checked the way a user meets it: `make demo` brings up the lab and
# the URL answers; a second `make demo` changes nothing; node_maintenance.yml drains a
# worker and its tasks move; `make demo-down` removes the lab.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
passed=0 failed=0
check() { # description, then a command that must succeed
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "PASS: $what"; else failed=$((failed + 1)); echo "FAIL: $what"; fi
}
recap_changed() { awk -F'changed=' '/ : ok=/ {split($2, n, " "); sum += n[1]} END {print sum + 0}' "$1"; }
manager() { scripts/lab.sh status | head -n 1; }

make demo-down >/dev/null
start=$(date +%s)
make demo 2>&1 | tee "$log/first" | tail -n 12
echo "first make demo: $(( $(date +%s) - start )) s"
url=$(grep -oE 'http://[0-9.]+:8080/' "$log/first" | tail -n 1)
check "the demo URL answers with the demo page" sh -c "curl -fsS --max-time 10 '$url' | grep -q 'dockyard.swarm demo'"

start=$(date +%s)
make demo 2>&1 | tee "$log/second" >/dev/null
echo "second make demo: $(( $(date +%s) - start )) s"
check "a second make demo reports no change" test "$(recap_changed "$log/second")" -eq 0

export ANSIBLE_COLLECTIONS_PATH="$here/.collections"
inventory=(-i .lab/lab/hosts.yml -i inventory/lab)
.venv/bin/ansible-playbook "${inventory[@]}" playbooks/node_maintenance.yml -e node=lab-node2 >"$log/drain" 2>&1 \
  || { tail -n 30 "$log/drain"; }
check "node_maintenance.yml drains lab-node2" \
  sh -c "docker exec $(manager) docker node inspect lab-node2 -f '{{.Spec.Availability}}' | grep -qx drain"
# By current state: a task told to shut down may still run.
check "no task runs on the drained node" \
  sh -c "! docker exec $(manager) docker node ps lab-node2 --format '{{.CurrentState}}' | grep -q '^Running'"
check "the demo still answers on the manager" sh -c "curl -fsS --max-time 10 '$url' | grep -q 'dockyard.swarm demo'"
.venv/bin/ansible-playbook "${inventory[@]}" playbooks/node_maintenance.yml -e node=lab-node2 -e availability=active \
  >"$log/active" 2>&1 || tail -n 30 "$log/active"
check "node_maintenance.yml brings lab-node2 back" \
  sh -c "docker exec $(manager) docker node inspect lab-node2 -f '{{.Spec.Availability}}' | grep -qx active"

make demo-down >/dev/null
check "make demo-down removes the lab" sh -c "[ -z \"\$(scripts/lab.sh status)\" ] && ! docker network inspect dockyard-lab >/dev/null 2>&1"
echo "demo: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
