"""A manager moved to the workers group was demoted."""
from labtest import managers, node


def test_moved_manager_is_a_worker(manager):
    found = managers(manager)
    assert sorted(found) == ["cluster-ha-node1", "cluster-ha-node3"], found
    assert node("cluster_ha-node2").check_output("docker info --format '{{.Swarm.ControlAvailable}}'") == "false"
    assert "cluster-ha-node2 Ready" in manager.check_output("docker node ls --format '{{.Hostname}} {{.Status}}'")
