"""ufw on both nodes allows the swarm ports only from the nodes and the extra source, and the swarm works."""
import json
import re

import pytest

from labtest import node

NODES = ("firewall-node1", "firewall-node2")
EXTRA = "192.0.2.0/24"


def address(name):
    host = node(name)
    return json.loads(host.check_output("docker info --format '{{json .Swarm}}'"))["NodeAddr"]


def allowed(name):
    """(target, source) of every ALLOW rule in `ufw status` (IPv4 and v6 rules alike)."""
    status = node(name).check_output("ufw status")
    assert status.startswith("Status: active"), status
    rules = []
    for line in status.splitlines():
        match = re.match(r"^(\S+(?: \(v6\))?)\s+ALLOW(?: IN)?\s+(\S+(?: \(v6\))?)", line)
        if match:
            rules.append((match.group(1), match.group(2)))
    return rules


@pytest.mark.parametrize("name", NODES)
def test_swarm_ports_are_allowed_only_from_the_nodes_and_the_extra_source(name):
    sources = sorted([address(n) for n in NODES] + [EXTRA])
    ports = ["7946/tcp", "7946/udp", "4789/udp"] + (["2377/tcp"] if name == "firewall-node1" else [])
    rules = allowed(name)
    for port in ports:
        assert sorted(src for target, src in rules if target == port) == sources, (port, rules)
    swarm_targets = {"2377/tcp", "7946/tcp", "7946/udp", "4789/udp", "2377/tcp (v6)", "7946/tcp (v6)",
                     "7946/udp (v6)", "4789/udp (v6)"}
    # The unscoped rules prepare.yml added (as an earlier version of the role did) are gone,
    # and no rule opens a swarm port to everyone.
    assert not [rule for rule in rules if rule[0] in swarm_targets and rule[1].startswith("Anywhere")], rules
    if name == "firewall-node2":
        assert not [rule for rule in rules if rule[0].startswith("2377")], rules


@pytest.mark.parametrize("name", NODES)
def test_esp_is_allowed_only_from_the_nodes(name):
    # The scenario declares an encrypted network. `ufw show added` lists the rules as commands,
    # which name the protocol.
    added = node(name).check_output("ufw show added")
    esp = sorted(re.findall(r"^ufw allow from (\S+) proto esp", added, re.MULTILINE))
    assert esp == sorted(address(n) for n in NODES), added
    assert EXTRA not in " ".join(esp)


def test_both_nodes_are_ready_in_the_swarm(manager):
    ids = manager.check_output("docker node ls -q").split()
    found = {n["Description"]["Hostname"]: n
             for n in json.loads(manager.check_output("docker node inspect " + " ".join(ids)))}
    assert sorted(found) == list(NODES)
    assert all(n["Status"]["State"] == "ready" for n in found.values())
    assert found["firewall-node2"]["Spec"]["Role"] == "worker"


def test_plain_overlay_carries_traffic_through_the_firewall(manager):
    worker = node("firewall-node2")
    manager.run("docker rm -f fw-web")
    try:
        manager.check_output(
            "docker run -d --name fw-web --network fw-plain dockyard/busybox:latest "
            "sh -c 'mkdir -p /www && echo hello-through-ufw > /www/index.html && httpd -f -p 8080 -h /www'")
        target = manager.check_output(
            "docker inspect -f '{{(index .NetworkSettings.Networks \"fw-plain\").IPAddress}}' fw-web")
        # busybox nc, not wget: the static busybox's wget crashes in its name lookup code.
        answer = worker.run(
            "docker run --rm --network fw-plain dockyard/busybox:latest sh -c "
            f"'for i in 1 2 3 4 5 6 7 8 9 10; do printf \"GET / HTTP/1.0\\r\\n\\r\\n\" | nc -w 3 {target} 8080 && exit 0; "
            "sleep 1; done; exit 1'")
        assert answer.rc == 0, answer.stderr
        assert answer.stdout.rstrip().endswith("hello-through-ufw"), answer.stdout
    finally:
        manager.run("docker rm -f fw-web")
