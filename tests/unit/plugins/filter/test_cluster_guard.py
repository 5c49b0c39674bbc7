"""A new swarm only from the whole view; locked managers are members; the plan's pieces one by one."""
from ansible_collections.dockyard.swarm.plugins.filter.cluster_leader import cluster_leader
from ansible_collections.dockyard.swarm.plugins.filter import cluster_plan as cp
from ansible_collections.dockyard.swarm.plugins.plugin_utils._quorum import managers_after


def fresh(wanted="present"):
    return {"state": wanted, "swarm": {"LocalNodeState": "inactive", "NodeID": ""}}


def manager(node_id, cluster="c1"):
    return {"state": "present", "swarm": {"LocalNodeState": "active", "NodeID": node_id, "ControlAvailable": True,
                                          "Cluster": {"ID": cluster},
                                          "RemoteManagers": [{"NodeID": node_id, "Addr": "10.0.0.1:2377"}]}}


def worker(node_id, managers=("10.0.0.1:2377",)):
    return {"state": "present", "swarm": {"LocalNodeState": "active", "NodeID": node_id, "ControlAvailable": False,
                                          "RemoteManagers": [{"NodeID": "x", "Addr": a} for a in managers]}}


def locked():
    return {"state": "present", "swarm": {"LocalNodeState": "locked", "NodeID": "", "ControlAvailable": False}}


def entry(node_id, hostname, role="worker", status="ready", reach="reachable", leader=False, addr="10.0.0.1"):
    node = {"ID": node_id, "Spec": {"Role": role}, "Description": {"Hostname": hostname},
            "Status": {"State": status, "Addr": addr}}
    if role == "manager":
        node["ManagerStatus"] = {"Reachability": reach, "Leader": leader, "Addr": addr + ":2377"}
    return node


# --- the leader: a new swarm only with the whole view ---------------------------------------------

def test_a_limit_without_the_managers_starts_no_second_swarm():
    # new-manager is listed first; the old managers are left out by --limit; the workers are members.
    states = {"new": fresh(), "w1": worker("n4", ["10.0.0.2:2377", "10.0.0.3:2377"]), "w2": worker("n5")}
    result = cluster_leader(states, ["new", "m1", "m2"], ["w1", "w2"], play_hosts=["new", "w1", "w2"])
    assert result["leader"] is None and not result["init"]
    message = result["errors"][0]
    assert "not in this run (--limit or the play's hosts): m1, m2" in message
    assert "w1 (member, node n4, managers at 10.0.0.2:2377, 10.0.0.3:2377)" in message
    assert "new only need to join" in message and "nothing was changed" in message
    assert "at least one manager of the swarm: m1, m2" in message


def test_an_unreachable_old_manager_is_named_as_such():
    states = {"new": fresh(), "w1": worker("n4")}
    result = cluster_leader(states, ["new", "m1"], ["w1"], play_hosts=["new", "m1", "w1"])
    assert "unreachable or failed earlier: m1" in result["errors"][0] and result["leader"] is None


def test_fresh_hosts_with_one_not_reached_start_nothing():
    result = cluster_leader({"m1": fresh(), "w1": fresh()}, ["m1"], ["w1", "w2"])
    assert result["leader"] is None and "not reached: w2" in result["errors"][0]
    assert "take hosts that are gone for good out of the groups" in result["errors"][0]


def test_every_host_reached_and_fresh_starts_the_swarm_on_the_first_manager():
    result = cluster_leader({"m1": fresh("absent"), "m2": fresh(), "w1": fresh()}, ["m1", "m2"], ["w1"])
    assert result["leader"] == "m2" and result["init"] and result["errors"] == []


def test_a_reached_member_alone_prevents_a_new_swarm_even_with_the_whole_view():
    for state in ("pending", "error"):
        states = {"m1": fresh(), "w1": {"state": "present", "swarm": {"LocalNodeState": state}}}
        result = cluster_leader(states, ["m1"], ["w1"])
        assert not result["init"] and "w1 (swarm state %s)" % state in result["errors"][0]


def test_a_seen_manager_is_enough_when_other_managers_are_unreached():
    states = {"m1": manager("n1"), "w1": fresh()}
    result = cluster_leader(states, ["new", "m1", "m2"], ["w1"])
    assert result["leader"] == "m1" and not result["init"] and result["unreached"] == ["new", "m2"]


def test_a_manager_in_the_workers_group_speaks_only_when_every_manager_host_was_reached():
    assert cluster_leader({"m1": fresh(), "w1": manager("n9")}, ["m1"], ["w1"])["leader"] == "w1"
    result = cluster_leader({"m1": fresh(), "w1": manager("n9")}, ["m1", "m2"], ["w1"])
    assert result["leader"] is None and "m2" in result["errors"][0]


def test_a_foreign_swarm_on_a_worker_host_does_not_stop_the_managers_swarm():
    result = cluster_leader({"m1": manager("n1", "c1"), "w1": manager("z", "other")}, ["m1"], ["w1"])
    assert result["leader"] == "m1" and result["errors"] == []


def test_two_swarms_in_the_managers_group_are_refused():
    result = cluster_leader({"m1": manager("a", "x"), "m2": manager("b", "y")}, ["m1", "m2"], [])
    assert result["leader"] is None and "more than one swarm" in result["errors"][0]


# --- locked managers ----------------------------------------------------------------------------------

def test_locked_managers_without_a_key_are_named_and_nothing_starts():
    result = cluster_leader({"m1": locked(), "m2": locked(), "w1": worker("n3")}, ["m1", "m2"], ["w1"])
    assert result["leader"] is None and not result["init"] and result["locked"] == ["m1", "m2"]
    assert "locked on m1, m2" in result["errors"][0] and "cluster_unlock_key" in result["errors"][0]


def test_one_locked_manager_without_a_key_stops_the_run_even_with_another_manager_in_view():
    result = cluster_leader({"m1": manager("n1"), "m2": locked()}, ["m1", "m2"], [])
    assert result["leader"] is None and "locked on m2" in result["errors"][0]


def test_locked_managers_with_a_key_in_check_mode_give_no_leader_and_no_error():
    result = cluster_leader({"m1": locked(), "w1": fresh()}, ["m1"], ["w1"], unlock=True)
    assert result == {"leader": None, "init": False, "cluster_id": "", "locked": ["m1"], "unreached": [],
                      "errors": []}
    assert cluster_leader({"m1": locked(), "m2": manager("n2")}, ["m1", "m2"], [], unlock=True)["leader"] == "m2"


def test_a_locked_host_is_never_made_to_leave():
    nodes = [entry("n1", "m1", "manager", leader=True)]
    states = {"m1": manager("n1"), "m2": locked(), "m3": dict(locked(), state="absent")}
    hosts, rejoined = cp.host_actions(states, ["m1", "m2", "m3"], [], nodes, rejoin_foreign=True)
    assert hosts["m2"]["action"] == "none" and hosts["m3"]["action"] == "none" and rejoined == []


# --- re-joining foreign hosts -------------------------------------------------------------------

def test_a_foreign_worker_is_not_made_to_leave_while_a_manager_host_is_unreached():
    nodes = [entry("n1", "m1", "manager", leader=True)]
    states = {"m1": manager("n1"), "w1": worker("real-swarm-node", ["10.0.0.9:2377"])}
    hosts = cp.host_actions(states, ["m1", "m2"], ["w1"], nodes, rejoin_foreign=True)[0]
    assert hosts["w1"]["action"] == "none"
    assert "not made to leave: m2 of the managers group was not reached" in hosts["w1"]["error"]
    hosts = cp.host_actions(states, ["m1"], ["w1"], nodes, rejoin_foreign=True)[0]
    assert hosts["w1"]["action"] == "rejoin" and hosts["w1"]["error"] == ""


def test_a_pending_member_of_this_swarm_rejoins_also_with_a_manager_host_unreached():
    nodes = [entry("n1", "m1", "manager", leader=True), entry("n2", "w1", status="down")]
    states = {"m1": manager("n1"), "w1": {"state": "present", "swarm": {"LocalNodeState": "pending", "NodeID": "n2"}}}
    hosts, rejoined = cp.host_actions(states, ["m1", "m2"], ["w1"], nodes, rejoin_foreign=True)
    assert hosts["w1"]["action"] == "rejoin" and [r["id"] for r in rejoined] == ["n2"]


# --- the pieces of the plan -------------------------------------------------------------------------

def test_match_entries_takes_the_names_it_protects_as_data():
    nodes = [entry("n1", "m1", "manager", leader=True), entry("x", "db.example", status="down", addr="10.0.0.7"),
             entry("y", "gone", status="down", addr="10.0.0.8")]
    states = {"m1": manager("n1")}
    hosts = cp.host_actions(states, ["m1"], ["db"], nodes)[0]
    stale, unknown, prune = cp.match_entries(states, ["m1"], ["db"], nodes, hosts,
                                             aliases={"db": ["db.example"]}, prune=True)
    assert stale == [] and prune == ["y"]
    assert [(u["id"], u["host"], u["pruned"]) for u in unknown] == [("x", "db", False), ("y", "", True)]


def test_quorum_counts_leaving_and_joining_managers():
    nodes = [entry("n1", "a", "manager", leader=True), entry("n2", "b", "manager"),
             entry("n3", "c", "manager", reach="unreachable", status="down")]
    assert managers_after(nodes) == {"managers": 3, "reachable": 2, "needed": 2, "even": False, "ok": True}
    assert not managers_after(nodes, leaving=["n2"])["ok"]
    assert managers_after(nodes, leaving=["n2"], joining=1)["ok"]
    assert not managers_after([entry("n1", "a", "manager")], leaving=["n1"])["ok"]


def test_join_addresses_skip_managers_that_leave_and_put_the_leader_first():
    nodes = [entry("n2", "b", "manager", addr="10.0.0.2"), entry("n1", "a", "manager", leader=True),
             entry("n3", "c", "manager", reach="unreachable", addr="10.0.0.3")]
    assert cp.join_addrs(nodes) == ["10.0.0.1:2377", "10.0.0.2:2377"]
    assert cp.join_addrs(nodes, leaving={"n1"}) == ["10.0.0.2:2377"]
