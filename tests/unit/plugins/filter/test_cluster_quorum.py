"""A demotion or removal goes ahead only when the managers that stay hold a quorum, run from one of them."""
import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.dockyard.swarm.plugins.filter.cluster_quorum import cluster_quorum


def node(nid, name, manager=True, reachable=True, leader=False, state="ready"):
    entry = {"ID": nid, "Description": {"Hostname": name}, "Status": {"State": state},
             "Spec": {"Role": "manager" if manager else "worker"}}
    if manager:
        entry["ManagerStatus"] = {"Leader": leader, "Reachability": "reachable" if reachable else "unreachable",
                                  "Addr": "10.0.0.%s:2377" % nid[-1]}
    return entry


HOSTS = {"m1": "id1", "m2": "id2", "m3": "id3", "w4": "id4"}
THREE = [node("id1", "m1", leader=True), node("id2", "m2"), node("id3", "m3"), node("id4", "w4", manager=False)]


def test_demoting_one_of_three_managers_keeps_the_quorum_and_runs_from_the_leader():
    result = cluster_quorum(THREE, ["id2"], hosts=HOSTS)
    assert result["ok"] and result["error"] == ""
    assert (result["managers"], result["reachable"], result["needed"]) == (2, 2, 2)
    assert result["leaving"] == ["m2"] and result["leaving_ids"] == ["id2"] and result["delegate"] == "m1"


def test_the_delegate_is_never_a_node_the_change_or_a_later_step_takes_away():
    assert cluster_quorum(THREE, ["id1"], hosts=HOSTS)["delegate"] == "m2"
    assert cluster_quorum(THREE, ["id1"], hosts=HOSTS, avoid=["id1", "id2"])["delegate"] == "m3"
    # A worker, a down manager or a host of another run is never the delegate.
    nodes = [node("id1", "m1", leader=True), node("id2", "m2", reachable=False, state="down"),
             node("id4", "w4", manager=False)]
    result = cluster_quorum(nodes, ["id4"], hosts={"m2": "id2", "w4": "id4"})
    assert not result["ok"] and result["delegate"] == ""
    assert "No manager that stays is in this run" in result["error"] and "m1 (reachable)" in result["error"]


def test_a_manager_down_makes_the_next_demotion_refused_and_names_the_managers():
    nodes = [node("id1", "m1", leader=True), node("id2", "m2"), node("id3", "m3", reachable=False, state="down")]
    result = cluster_quorum(nodes, ["id2"], hosts=HOSTS)
    assert not result["ok"] and result["delegate"] == "m1"
    assert (result["managers"], result["reachable"], result["needed"]) == (2, 1, 2)
    assert result["error"].startswith("Refusing to demote or remove the manager(s) m2:")
    assert "m1 (reachable), m3 (unreachable)" in result["error"]


def test_a_join_that_failed_is_not_counted():
    # Old managers m1-m3 move to the workers, new managers n5 and n6 were planned and n6's join failed: the
    # live list has four managers. Two old ones may go (n5 and one old one stay), and the actions run from n5.
    nodes = THREE[:3] + [node("id5", "n5")]
    hosts = dict(HOSTS, n5="id5")
    assert cluster_quorum(nodes, ["id1"], hosts=hosts, avoid=["id1", "id2", "id3"])["delegate"] == "n5"
    assert cluster_quorum(nodes, ["id1", "id2"], hosts=hosts)["ok"]
    # With an old manager down, the next one may not go: n5 alone of the two staying is reachable.
    result = cluster_quorum([node("id1", "m1", leader=True), node("id2", "m2", reachable=False), node("id5", "n5")],
                            ["id1"], hosts=hosts)
    assert not result["ok"] and "m2 (unreachable), n5 (reachable)" in result["error"]


def test_the_last_manager_is_never_demoted():
    result = cluster_quorum([node("id1", "m1", leader=True), node("id4", "w4", manager=False)], ["id1"], hosts=HOSTS)
    assert not result["ok"] and result["managers"] == 0 and "would stay are none" in result["error"]


def test_a_change_that_touches_no_manager_needs_only_a_delegate():
    nodes = [node("id1", "m1", leader=True), node("id2", "m2", reachable=False), node("id3", "m3", reachable=False),
             node("id4", "w4", manager=False)]
    result = cluster_quorum(nodes, ["id4", "gone"], hosts=HOSTS)
    assert result["ok"] and result["leaving"] == [] and result["delegate"] == "m1"


def test_earlier_steps_are_counted_again_in_check_mode():
    # In check mode nothing was demoted: the IDs of the earlier steps are in the change too.
    nodes = THREE[:3] + [node("id5", "n5", reachable=False, state="down")]
    assert cluster_quorum(nodes, ["id2"], hosts=HOSTS)["ok"]
    result = cluster_quorum(nodes, ["id2", "id3"], hosts=HOSTS)
    assert not result["ok"] and result["leaving"] == ["m2", "m3"]
    assert (result["managers"], result["reachable"], result["needed"]) == (2, 1, 2)


def test_even_managers_need_all_but_fewer_than_half():
    four = [node("id1", "m1", leader=True), node("id2", "m2"), node("id3", "m3"), node("id5", "n5"),
            node("id6", "n6")]
    result = cluster_quorum(four, ["id6"], hosts=HOSTS)
    assert result["ok"] and (result["managers"], result["needed"]) == (4, 3)


def test_a_join_that_failed_keeps_the_managers_the_inventory_asks_for():
    # Inventory: m2, m3 and a new n5 are the managers, m1 moves to the workers; n5's join failed.
    result = cluster_quorum(THREE, ["id1"], hosts=HOSTS, minimum=3)
    assert not result["ok"] and result["managers"] == 2
    assert result["error"].startswith("Refusing to demote or remove the manager(s) m1: only 2 manager(s) would stay")
    assert "m2 (reachable), m3 (reachable)" in result["error"] and "asks for 3" in result["error"]
    # Once n5 is in, the demotion goes ahead; a change that takes no manager away is never held back.
    assert cluster_quorum(THREE + [node("id5", "n5")], ["id1"], hosts=HOSTS, minimum=3)["ok"]
    assert cluster_quorum(THREE, ["id4"], hosts=HOSTS, minimum=5)["ok"]


def test_an_entry_left_by_a_failed_manager_join_is_no_manager():
    # Docker keeps the node with the manager role, down and without a manager status: no raft member.
    ghost = {"ID": "id5", "Description": {"Hostname": "n5"}, "Status": {"State": "down"}, "Spec": {"Role": "manager"}}
    result = cluster_quorum(THREE + [ghost], ["id1"], hosts=HOSTS, minimum=3)
    assert not result["ok"] and result["managers"] == 2 and "n5" not in result["error"]
    result = cluster_quorum(THREE + [ghost], ["id5"], hosts=HOSTS, minimum=3)
    assert result["ok"] and result["leaving_ids"] == []


def test_check_mode_counts_the_managers_it_predicts_to_join():
    # Check mode: n5 was predicted to join, the swarm does not list it.
    result = cluster_quorum(THREE, ["id1", "id2", "id3"], hosts=HOSTS, minimum=1, joining=1, avoid=["id1"])
    assert result["ok"] and result["managers"] == 1 and result["delegate"] == "m1"
    result = cluster_quorum(THREE, ["id1", "id2"], hosts=HOSTS, minimum=2, joining=1)
    assert result["ok"] and (result["managers"], result["reachable"]) == (2, 2)


@pytest.mark.parametrize("nodes, change", [("nodes", []), ([], "id1"), (None, [])])
def test_bad_input_is_named(nodes, change):
    with pytest.raises(AnsibleFilterError):
        cluster_quorum(nodes, change)
