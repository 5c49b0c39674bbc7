"""The swarm the scenario starts from: managers node1 and node2, worker node3, node4 spare."""
from labtest import managers, node


def test_two_managers_and_a_worker(manager):
    found = managers(manager)
    assert sorted(found) == ["cluster-swap-node1", "cluster-swap-node2"], found
    assert sorted(entry[1] for entry in found.values()) == ["Leader", "Reachable"]
    assert "cluster-swap-node3 Ready" in manager.check_output("docker node ls --format '{{.Hostname}} {{.Status}}'")


def test_the_spare_is_in_no_swarm():
    assert node("cluster_swap-node4").check_output("docker info --format '{{.Swarm.LocalNodeState}}'") == "inactive"
