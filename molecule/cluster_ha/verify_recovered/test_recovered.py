"""The manager that was down is back: three reachable managers again."""
from labtest import managers


def test_three_reachable_managers_again(manager):
    found = managers(manager)
    assert sorted(found) == ["cluster-ha-node1", "cluster-ha-node2", "cluster-ha-node3"], found
    assert all(entry[0] == "Ready" for entry in found.values()), found
    assert sorted(entry[1] for entry in found.values()) == ["Leader", "Reachable", "Reachable"], found
