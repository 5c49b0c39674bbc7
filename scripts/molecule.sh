#!/usr/bin/env bash
# Run Molecule scenarios (all of them, or those named), DOCKYARD_MOLECULE_JOBS at a time
# (default 2), timing each, and end with a summary. Scenarios run side by side are
# independent (their own nodes and network); much of their time is spent waiting on apt,
# systemd and the swarm, so two at a time finish sooner even on two cores. Each
# scenario's output goes to .cache/molecule/<scenario>.log and is printed when it ends.
# A failed scenario does not stop the others; the exit code says whether all passed.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
jobs=${DOCKYARD_MOLECULE_JOBS:-2}
logs="$here/.cache/molecule"
mkdir -p "$logs"

if [ $# -gt 0 ]; then
  scenarios=("$@")
else
  # Longest first, so that the lanes end together.
  scenarios=()
  for s in engine_roll recovery cluster_guard cluster_swap stack cluster deploy engine cluster_ha modules users; do
    [ -f "molecule/$s/molecule.yml" ] && scenarios+=("$s")
  done
  for f in molecule/*/molecule.yml; do
    s=$(basename "$(dirname "$f")")
    [[ " ${scenarios[*]} " == *" $s "* ]] || scenarios+=("$s")
  done
fi
for s in "${scenarios[@]}"; do
  [ -f "molecule/$s/molecule.yml" ] || { echo "ERROR: no scenario '$s' (molecule/$s/molecule.yml)." >&2; exit 2; }
done

run_one() {
  local s=$1 start rc
  start=$(date +%s)
  printf '==> Molecule scenario %s: started (log: .cache/molecule/%s.log)\n' "$s" "$s"
  molecule test -s "$s" >"$logs/$s.log" 2>&1
  rc=$?
  printf '%s %s %s\n' "$s" "$rc" "$(( $(date +%s) - start ))" >"$logs/$s.result"
  printf '\n\033[1m==> Molecule scenario %s: %s in %d s\033[0m\n' "$s" \
    "$([ $rc -eq 0 ] && echo passed || echo FAILED)" "$(( $(date +%s) - start ))"
  cat "$logs/$s.log"
}
export -f run_one
export logs

rm -f "$logs"/*.result
printf '%s\n' "${scenarios[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {}

passed=0 failed=0
printf '\n==> Molecule summary (%s at a time)\n' "$jobs"
for s in "${scenarios[@]}"; do
  if [ -f "$logs/$s.result" ]; then read -r _ rc secs <"$logs/$s.result"; else rc=1 secs=0; fi
  if [ "$rc" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  printf '  %-12s %-6s %4d s\n' "$s" "$([ "$rc" -eq 0 ] && echo ok || echo FAILED)" "$secs"
done
echo "molecule: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
