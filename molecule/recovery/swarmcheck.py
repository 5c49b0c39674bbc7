"""What the recovery scenario's tests check on the nodes: the swarm's members and the app stack."""
import os
import time

import testinfra

MANAGERS = ["recovery-node1", "recovery-node2", "recovery-node3"]
WORKER = "recovery-node4"


def node(name):
    return testinfra.get_host(f"ansible://{name}", ansible_inventory=os.environ["MOLECULE_INVENTORY_FILE"])


def members(host):
    """Hostname -> (status, availability, manager status) of every node, as `docker node ls` shows it."""
    out = host.check_output("docker node ls --format '{{.Hostname}}|{{.Status}}|{{.Availability}}|{{.ManagerStatus}}'")
    return {f[0]: tuple(f[1:]) for f in (line.split("|") for line in out.splitlines())}


def assert_whole_swarm(host):
    found = members(host)
    assert sorted(found) == MANAGERS + [WORKER], found
    assert all(entry[0] == "Ready" and entry[1] == "Active" for entry in found.values()), found
    assert sorted(entry[2] for entry in found.values()) == ["", "Leader", "Reachable", "Reachable"], found


def app_secret(host):
    """What the app's task on this node reads from its secret, and its config."""
    # A node that rejoined a moment ago gets its task of the global service from the swarm shortly after.
    for attempt in range(30):
        ids = host.check_output("docker ps -q --filter label=com.docker.swarm.service.name=app_web").split()
        if ids or attempt == 29:
            break
        time.sleep(2)
    assert len(ids) == 1, f"{host.backend.host}: app_web tasks running: {ids}"
    secret = host.check_output(f"docker exec {ids[0]} cat /run/secrets/token")
    motd = host.check_output(f"docker exec {ids[0]} cat /etc/motd")
    return secret, motd


def assert_app_everywhere():
    token = node(MANAGERS[0]).ansible.get_variables()["lab_app_token"]
    for name in MANAGERS + [WORKER]:
        secret, motd = app_secret(node(name))
        assert secret == token, f"{name}: the app's task reads other secret data"
        assert motd == "restored from a backup", name
