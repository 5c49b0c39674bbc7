"""The host that was in a foreign one-node swarm is a worker of the cluster now."""
import json

from labtest import node


def test_the_foreign_host_is_a_worker_of_the_cluster(manager):
    info = json.loads(node("cluster_guard-node4").check_output("docker info --format '{{json .Swarm}}'"))
    assert info["LocalNodeState"] == "active" and info["ControlAvailable"] is False
    entry = json.loads(manager.check_output(f"docker node inspect {info['NodeID']}"))[0]
    assert entry["Description"]["Hostname"] == "cluster-guard-node4"
    assert entry["Spec"]["Role"] == "worker" and entry["Status"]["State"] == "ready"


def test_the_cluster_has_its_three_nodes_and_the_new_worker(manager):
    names = sorted(manager.check_output("docker node ls --format '{{.Hostname}}'").split())
    assert names == ["cluster-guard-node1", "cluster-guard-node2", "cluster-guard-node3", "cluster-guard-node4"]
