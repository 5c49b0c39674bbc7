"""Every manager replaced: node3 and node4 manage, node1 and node2 are workers, every node is Ready."""
import time

from labtest import managers, node


def test_the_new_managers_manage(manager):
    found = managers(manager)
    assert sorted(found) == ["cluster-swap-node3", "cluster-swap-node4"], found
    assert sorted(entry[1] for entry in found.values()) == ["Leader", "Reachable"]
    for name in ("cluster_swap-node3", "cluster_swap-node4"):
        assert node(name).check_output("docker info --format '{{.Swarm.ControlAvailable}}'") == "true"


def test_the_old_managers_are_workers_and_every_node_is_ready(manager):
    # A node just demoted shows Unknown until it has reported to the managers again (a few seconds).
    wanted = ["cluster-swap-node%d Ready" % i for i in range(1, 5)]
    deadline = time.time() + 60
    while True:
        lines = sorted(manager.check_output("docker node ls --format '{{.Hostname}} {{.Status}}'").splitlines())
        if lines == wanted or time.time() > deadline:
            break
        time.sleep(2)
    assert lines == wanted
    for name in ("cluster_swap-node1", "cluster_swap-node2"):
        assert node(name).check_output("docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'") \
            == "active false"
