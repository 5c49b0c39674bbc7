#!/usr/bin/env bash
# Run Molecule scenarios one after another (all of them, or those named), timing each,
# and end with a summary. A failed scenario does not stop the others; the exit code says
# whether all passed.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

if [ $# -gt 0 ]; then
  scenarios=("$@")
else
  mapfile -t scenarios < <(ls molecule/*/molecule.yml | xargs -n1 dirname | xargs -n1 basename | sort)
fi

passed=0 failed=0 summary=()
for s in "${scenarios[@]}"; do
  [ -f "molecule/$s/molecule.yml" ] || { echo "ERROR: no scenario '$s' (molecule/$s/molecule.yml)." >&2; exit 2; }
  printf '\n\033[1m==> Molecule scenario %s\033[0m\n' "$s"
  start=$(date +%s)
  if molecule test -s "$s"; then rc=0; passed=$((passed + 1)); else rc=$?; failed=$((failed + 1)); fi
  secs=$(( $(date +%s) - start ))
  summary+=("$(printf '%-14s %-6s %4d s' "$s" "$([ $rc -eq 0 ] && echo ok || echo FAILED)" "$secs")")
done

printf '\n==> Molecule summary\n'
printf '  %s\n' "${summary[@]}"
echo "molecule: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
