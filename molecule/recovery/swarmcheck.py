"""What the recovery scenario's tests check on the nodes: the swarm's members and the app stack."""
import time

from labtest import node

MANAGERS = ["recovery-node1", "recovery-node2", "recovery-node3"]
WORKER = "recovery-node4"


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
    # A node that rejoined a moment ago gets its task of the global service from the swarm shortly
    # after; a node whose manager forced a new cluster replaces its task (the old container, still
    # listed, may have lost its secret mount already). Read until one task answers, for a minute.
    last = "no read"
    for attempt in range(30):
        ids = host.check_output("docker ps -q --filter label=com.docker.swarm.service.name=app_web").split()
        last = f"app_web tasks running: {ids}"
        if len(ids) == 1:
            secret = host.run(f"docker exec {ids[0]} cat /run/secrets/token")
            motd = host.run(f"docker exec {ids[0]} cat /etc/motd")
            if secret.rc == 0 and motd.rc == 0:
                return secret.stdout.rstrip("\r\n"), motd.stdout.rstrip("\r\n")
            last += f"; reading its secret and config: {secret.stderr.strip()} {motd.stderr.strip()}"
        if attempt < 29:
            time.sleep(2)
    raise AssertionError(f"{host.backend.host}: {last}")


def assert_app_everywhere():
    token = node(MANAGERS[0]).ansible.get_variables()["lab_app_token"]
    for name in MANAGERS + [WORKER]:
        secret, motd = app_secret(node(name))
        assert secret == token, f"{name}: the app's task reads other secret data"
        assert motd == "restored from a backup", name
