"""Three managers in one raft and one worker."""
from labtest import managers, node


def test_three_reachable_managers_one_leader(manager):
    found = managers(manager)
    assert sorted(found) == ["cluster-ha-node1", "cluster-ha-node2", "cluster-ha-node3"], found
    assert all(entry[0] == "Ready" for entry in found.values())
    assert sorted(entry[1] for entry in found.values()) == ["Leader", "Reachable", "Reachable"]


def test_every_manager_answers_and_the_worker_is_a_worker(manager):
    for name in ("cluster_ha-node2", "cluster_ha-node3"):
        assert node(name).check_output("docker info --format '{{.Swarm.ControlAvailable}}'") == "true"
    worker = node("cluster_ha-node4")
    assert worker.check_output("docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'") \
        == "active false"
    assert "cluster-ha-node4 Ready" in manager.check_output("docker node ls --format '{{.Hostname}} {{.Status}}'")
