"""The swarm the role formed: nodes, roles, labels, availability, overlay traffic, placement."""
import json

from labtest import node


def nodes(manager):
    ids = manager.check_output("docker node ls -q").split()
    return {n["Description"]["Hostname"]: n
            for n in json.loads(manager.check_output("docker node inspect " + " ".join(ids)))}


def test_three_nodes_ready_with_their_roles(manager):
    found = nodes(manager)
    assert sorted(found) == ["cluster-node1", "cluster-node2", "cluster-node3"]
    assert all(n["Status"]["State"] == "ready" for n in found.values())
    assert found["cluster-node1"]["Spec"]["Role"] == "manager"
    assert found["cluster-node1"]["ManagerStatus"]["Leader"] is True
    assert found["cluster-node2"]["Spec"]["Role"] == "worker"
    assert found["cluster-node3"]["Spec"]["Role"] == "worker"


def test_labels_and_availability_follow_the_host_vars(manager):
    found = nodes(manager)
    assert found["cluster-node1"]["Spec"]["Labels"] == {"zone": "a"}
    assert found["cluster-node2"]["Spec"]["Labels"] == {"zone": "b", "tier": "edge"}
    assert found["cluster-node3"]["Spec"]["Labels"] == {"zone": "b"}
    assert found["cluster-node1"]["Spec"]["Availability"] == "active"
    assert found["cluster-node2"]["Spec"]["Availability"] == "active"
    assert found["cluster-node3"]["Spec"]["Availability"] == "pause"


def test_every_node_advertises_its_default_address():
    for name in ("cluster-node1", "cluster-node2", "cluster-node3"):
        host = node(name)
        info = json.loads(host.check_output("docker info --format '{{json .Swarm}}'"))
        default_ip = host.check_output("ip -4 route get 1.1.1.1 | grep -o 'src [0-9.]*' | cut -d' ' -f2")
        assert info["LocalNodeState"] == "active"
        assert info["NodeAddr"] == default_ip


def test_overlay_networks_exist_with_their_options(manager):
    plain = json.loads(manager.check_output("docker network inspect lab-overlay"))[0]
    assert plain["Driver"] == "overlay" and plain["Scope"] == "swarm" and plain["Attachable"] is True
    assert plain["IPAM"]["Config"][0]["Subnet"] == "10.201.0.0/24"
    secure = json.loads(manager.check_output("docker network inspect lab-secure"))[0]
    assert "encrypted" in secure["Options"] and secure["Attachable"] is False


def test_overlay_carries_traffic_between_two_nodes(manager):
    worker = node("cluster-node2")
    manager.run("docker rm -f overlay-web")
    try:
        manager.check_output(
            "docker run -d --name overlay-web --network lab-overlay dockyard/busybox:latest "
            "sh -c 'mkdir -p /www && echo hello-over-overlay > /www/index.html && httpd -f -p 8080 -h /www'")
        address = manager.check_output(
            "docker inspect -f '{{(index .NetworkSettings.Networks \"lab-overlay\").IPAddress}}' overlay-web")
        # busybox nc, not wget: the static busybox's wget crashes in its name lookup code.
        answer = worker.run(
            "docker run --rm --network lab-overlay dockyard/busybox:latest sh -c "
            f"'for i in 1 2 3 4 5 6 7 8 9 10; do printf \"GET / HTTP/1.0\\r\\n\\r\\n\" | nc -w 3 {address} 8080 && exit 0; "
            "sleep 1; done; exit 1'")
        assert answer.rc == 0, answer.stderr
        assert answer.stdout.startswith("HTTP/1.") and answer.stdout.rstrip().endswith("hello-over-overlay"), answer.stdout
    finally:
        manager.run("docker rm -f overlay-web")


def test_service_constrained_to_a_label_lands_on_the_labelled_worker(manager):
    manager.run("docker service rm edge-probe")
    try:
        manager.check_output(
            "docker service create --detach=false --quiet --no-resolve-image --name edge-probe "
            "--replicas 1 --endpoint-mode dnsrr --constraint node.labels.tier==edge "
            "dockyard/busybox:latest sleep 3600")
        placed = manager.check_output(
            "docker service ps edge-probe --filter desired-state=running --format '{{.Node}} {{.CurrentState}}'")
        assert placed.startswith("cluster-node2 Running"), placed
    finally:
        manager.run("docker service rm edge-probe")
