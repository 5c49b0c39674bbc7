"""Whether a node may go down: the other managers that are up must still form a quorum."""
from ansible_collections.dockyard.swarm.plugins.filter.swarm_quorum import swarm_quorum


def node(nid, role="manager", state="ready", reach="reachable", leader=False):
    n = {"ID": nid, "Description": {"Hostname": "host-" + nid}, "Spec": {"Role": role}, "Status": {"State": state}}
    if role == "manager":
        n["ManagerStatus"] = {"Reachability": reach, "Leader": leader}
    return n


def test_three_managers_all_up_let_one_go():
    nodes = [node("m1", leader=True), node("m2"), node("m3"), node("w1", role="worker")]
    result = swarm_quorum(nodes, "m2")
    assert result["ok"] and result["manager"] and result["managers"] == 3 and result["needed"] == 2
    assert result["up"] == ["host-m1", "host-m3"] and result["down"] == []


def test_a_manager_down_refuses_another_and_names_it():
    nodes = [node("m1", leader=True), node("m2"), node("m3", state="down", reach="unreachable")]
    result = swarm_quorum(nodes, "m1")
    assert not result["ok"] and result["up"] == ["host-m2"] and result["down"] == ["host-m3 (down, unreachable)"]


def test_the_down_manager_itself_may_restart():
    nodes = [node("m1", leader=True), node("m2"), node("m3", state="down", reach="unreachable")]
    assert swarm_quorum(nodes, "m3")["ok"]


def test_a_ready_node_that_is_not_reachable_does_not_count():
    nodes = [node("m1", leader=True), node("m2", reach="unreachable"), node("m3")]
    assert not swarm_quorum(nodes, "m3")["ok"]


def test_workers_and_a_lone_manager_may_go():
    nodes = [node("m1", leader=True), node("w1", role="worker"), node("w2", role="worker", state="down")]
    assert swarm_quorum(nodes, "w1")["ok"] and not swarm_quorum(nodes, "w1")["manager"]
    assert swarm_quorum(nodes, "m1")["ok"]


def test_two_managers_refuse_either():
    nodes = [node("m1", leader=True), node("m2")]
    assert not swarm_quorum(nodes, "m1")["ok"] and not swarm_quorum(nodes, "m2")["ok"]
