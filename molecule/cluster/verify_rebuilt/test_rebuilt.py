"""A worker rebuilt from scratch is back in the swarm, and its old node entry is gone."""
import json

from labtest import node


def test_rebuilt_worker_is_back_once_and_ready(manager):
    listed = [line.split() for line in manager.check_output(
        "docker node ls --format '{{.Hostname}} {{.Status}} {{.ID}}'").splitlines()]
    names = sorted(entry[0] for entry in listed)
    assert names == ["cluster-node1", "cluster-node2", "cluster-node3"], listed
    assert all(entry[1] == "Ready" for entry in listed), listed
    worker_id = node("cluster-node2").check_output("docker info --format '{{.Swarm.NodeID}}'")
    assert [entry[2] for entry in listed if entry[0] == "cluster-node2"] == [worker_id]


def test_rebuilt_worker_has_its_labels_again(manager):
    labels = json.loads(manager.check_output("docker node inspect -f '{{json .Spec.Labels}}' cluster-node2"))
    assert labels == {"zone": "b", "tier": "edge"}
