"""After the limited teardowns and the uninstall: node4 and node1 are out of the swarm and have no engine,
node3 still manages node2."""
from labtest import managers, node


def test_node3_manages_node2_and_node1_and_node4_are_gone(manager):
    assert managers(manager) == {"cluster-swap-node3": ("Ready", "Leader")}
    lines = manager.check_output("docker node ls --format '{{.Hostname}} {{.Status}}'").splitlines()
    assert sorted(lines) == ["cluster-swap-node2 Ready", "cluster-swap-node3 Ready"], lines


def test_node1_and_node4_have_no_engine():
    for name in ("cluster_swap-node1", "cluster_swap-node4"):
        assert not node(name).service("docker").is_running, name
