"""The swarm the role started: each node's own address, autolock with its key kept, the spare node untouched."""
import json
import os
import stat

from labtest import node


def swarm_info(name):
    return json.loads(node(name).check_output("docker info --format '{{json .Swarm}}'"))


def default_address(host):
    return host.check_output("ip -4 route get 1.1.1.1 | grep -o 'src [0-9.]*' | cut -d' ' -f2")


def interface_address(host, interface):
    return host.check_output(f"ip -4 -o addr show {interface} | awk '{{print $4}}' | cut -d/ -f1")


def test_one_manager_and_two_workers_ready(manager):
    ids = manager.check_output("docker node ls -q").split()
    found = {n["Description"]["Hostname"]: n for n in json.loads(manager.check_output("docker node inspect " + " ".join(ids)))}
    assert sorted(found) == ["cluster-guard-node1", "cluster-guard-node2", "cluster-guard-node3"]
    assert all(n["Status"]["State"] == "ready" for n in found.values())
    assert [h for h, n in found.items() if n["Spec"]["Role"] == "manager"] == ["cluster-guard-node1"]


def test_the_manager_that_started_the_swarm_advertises_its_own_address():
    # The play's first host is a worker: the manager's address is still its own.
    manager = node("cluster_guard-node1")
    info = swarm_info("cluster_guard-node1")
    assert info["NodeAddr"] == default_address(manager)
    assert info["NodeAddr"] != default_address(node("cluster_guard-node2"))


def test_the_worker_advertises_the_address_of_its_named_interface():
    worker = node("cluster_guard-node3")
    info = swarm_info("cluster_guard-node3")
    assert info["NodeAddr"] == interface_address(worker, "eth1")
    assert info["NodeAddr"] != default_address(worker)


def test_autolock_is_on_and_the_key_file_holds_the_current_key(manager, key_file):
    assert swarm_info("cluster_guard-node1")["Cluster"]["Spec"]["EncryptionConfig"]["AutoLockManagers"] is True
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    with open(key_file) as handle:
        assert handle.read().strip() == manager.check_output("docker swarm unlock-key -q")


def test_the_spare_node_is_in_no_swarm():
    assert swarm_info("cluster_guard-node4")["LocalNodeState"] == "inactive"
