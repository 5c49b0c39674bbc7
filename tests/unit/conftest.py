"""Make this checkout importable as ansible_collections.dockyard.swarm in unit tests."""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
COLLECTIONS = ROOT / ".collections"
# .collections/ansible_collections/dockyard/swarm links to this checkout (make collections).
if not (COLLECTIONS / "ansible_collections" / "dockyard" / "swarm").exists():
    raise RuntimeError(f"{COLLECTIONS}/ansible_collections/dockyard/swarm is missing: run `make collections` first.")
if str(COLLECTIONS) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS))
