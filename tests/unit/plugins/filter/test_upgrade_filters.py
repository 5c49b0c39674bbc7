"""The upgrade's preflight: versions apt offers, and what keeps a swarm from being healthy."""
from ansible_collections.dockyard.swarm.plugins.filter.apt_versions import apt_versions
from ansible_collections.dockyard.swarm.plugins.filter.swarm_upgrade_ready import swarm_upgrade_ready

MADISON = [
    "  docker.io | 20.10.24+dfsg1-1+deb12u1+b6+lab1 | http://10.0.0.2:8000 ./ Packages",
    "  docker.io | 20.10.24+dfsg1-1+deb12u1+b6 | http://deb.debian.org/debian bookworm/main amd64 Packages",
    " docker-ce | 5:27.5.1-1~debian.12~bookworm | https://download.docker.com/linux/debian bookworm/stable amd64 Packages",
    " docker-ce | 5:26.1.4-1~debian.12~bookworm | https://download.docker.com/linux/debian bookworm/stable amd64 Packages",
]


def test_an_exact_version_matches_itself_only():
    result = apt_versions(MADISON, ["docker.io"], "20.10.24+dfsg1-1+deb12u1+b6")
    assert result["docker.io"]["matching"] == ["20.10.24+dfsg1-1+deb12u1+b6"]
    assert len(result["docker.io"]["offered"]) == 2


def test_a_pattern_matches_in_apt_order_and_dots_are_literal():
    assert apt_versions(MADISON, ["docker-ce"], "5:2*")["docker-ce"]["matching"] == [
        "5:27.5.1-1~debian.12~bookworm", "5:26.1.4-1~debian.12~bookworm"]
    assert apt_versions(MADISON, ["docker-ce"], "5:27x5*")["docker-ce"]["matching"] == []


def test_an_unknown_package_has_no_versions():
    assert apt_versions(MADISON, ["docker-cli"], "*") == {"docker-cli": {"offered": [], "matching": []}}


def node(nid, role="manager", state="ready", reach="reachable"):
    n = {"ID": nid, "Description": {"Hostname": nid}, "Spec": {"Role": role}, "Status": {"State": state}}
    if role == "manager":
        n["ManagerStatus"] = {"Reachability": reach}
    return n


SERVICES = [{"ID": "s1", "Spec": {"Name": "web", "Mode": {"Replicated": {"Replicas": 2}}}},
            {"ID": "s2", "Spec": {"Name": "agent", "Mode": {"Global": {}}}}]


def task(sid, nid, state="running"):
    return {"ServiceID": sid, "NodeID": nid, "DesiredState": "running", "Status": {"State": state}}


def test_a_healthy_swarm_has_nothing_to_say():
    nodes = [node("m1"), node("m2"), node("m3"), node("w1", role="worker")]
    tasks = [task("s1", "m1"), task("s1", "w1"), task("s2", "m1")]
    assert swarm_upgrade_ready(nodes, SERVICES, tasks) == {"managers_down": [], "nodes_down": [], "failing": []}


def test_a_manager_down_a_worker_down_and_a_service_short_of_replicas_are_named():
    nodes = [node("m1"), node("m2", state="down", reach="unreachable"), node("w1", role="worker", state="down")]
    tasks = [task("s1", "m1"), task("s1", "w1", state="preparing")]
    result = swarm_upgrade_ready(nodes, SERVICES, tasks)
    assert result["managers_down"] == ["m2 (down, unreachable)"]
    assert result["nodes_down"] == ["m2 (down)", "w1 (down)"]
    assert result["failing"] == ["web (1 of 2 running)"]
