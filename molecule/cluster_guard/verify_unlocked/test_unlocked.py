"""After the restart with autolock: the manager was unlocked into the same swarm, the key file is current."""
import json
import os
import stat
import time


def test_the_manager_is_an_active_manager_again(manager):
    info = json.loads(manager.check_output("docker info --format '{{json .Swarm}}'"))
    assert info["LocalNodeState"] == "active" and info["ControlAvailable"] is True
    assert info["Cluster"]["Spec"]["EncryptionConfig"]["AutoLockManagers"] is True


def test_every_node_is_ready_in_it(manager):
    # After the manager's restart the workers show "Unknown" until their next heartbeat reaches it.
    wanted = ["cluster-guard-node1 Ready", "cluster-guard-node2 Ready", "cluster-guard-node3 Ready"]
    for attempt in range(30):
        states = sorted(manager.check_output("docker node ls --format '{{.Hostname}} {{.Status}}'").splitlines())
        if states == wanted or attempt == 29:
            break
        time.sleep(2)
    assert states == wanted


def test_the_key_file_holds_the_rotated_key_owner_only(manager, key_file):
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    with open(key_file) as handle:
        assert handle.read().strip() == manager.check_output("docker swarm unlock-key -q")


def test_exclusive_labels_removed_the_label_added_by_hand(manager):
    labels = json.loads(manager.check_output("docker node inspect cluster-guard-node2 --format '{{json .Spec.Labels}}'"))
    assert labels == {"zone": "b"}
