#!/usr/bin/env bash
# make docs-site: the collection's documentation as an HTML site in .cache/docs-site/html
# (modules, filters, roles with their argument specs), rendered by antsibull-docs and
# Sphinx from the collection as Ansible finds it (.collections/, this checkout).
#   scripts/docs-site.sh          lint the docs, then build the site
#   scripts/docs-site.sh --lint   only lint them (part of make test)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/.venv/bin"
out="$here/.cache/docs-site"
say() { printf '==> %s\n' "$*"; }

say "antsibull-docs lint-collection-docs: every plugin's and role's documentation, and every reference in it"
# It lints the collection it finds on ANSIBLE_COLLECTIONS_PATH as dockyard.swarm (this checkout).
(cd "$here" && "$bin/antsibull-docs" lint-collection-docs --plugin-docs --validate-collection-refs=all .)
say "The documentation lints clean."
[ "${1:-}" = --lint ] && exit 0

rm -rf "$out"
# antsibull-docs wants its output directory readable by its owner only.
mkdir -p -m 0700 "$out/rst"
"$bin/antsibull-docs" --config-file "$here/docs/site/antsibull-docs.cfg" collection \
  --cleanup everything --use-current --dest-dir "$out/rst" dockyard.swarm
cp "$here/docs/site/index.rst" "$out/rst/index.rst"
"$bin/sphinx-build" -M html "$out/rst" "$out" -c "$here/docs/site" -q -W --keep-going
say "The site is in ${out#"$here"/}/html/index.html (collection page: collections/dockyard/swarm/index.html)."
