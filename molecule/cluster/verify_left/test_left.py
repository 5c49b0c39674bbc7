"""A worker marked cluster_state: absent has left and its node entry is gone."""
from labtest import node


def test_absent_worker_is_no_longer_listed(manager):
    names = sorted(manager.check_output("docker node ls --format '{{.Hostname}}'").split())
    assert names == ["cluster-node1", "cluster-node2"]


def test_absent_worker_is_in_no_swarm():
    state = node("cluster-node3").check_output("docker info --format '{{.Swarm.LocalNodeState}}'")
    assert state == "inactive"
