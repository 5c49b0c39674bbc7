"""The cluster role's plan: who leads, who joins, who is promoted, what is refused."""
from ansible_collections.dockyard.swarm.plugins.filter.cluster_leader import cluster_leader
from ansible_collections.dockyard.swarm.plugins.filter.cluster_plan import cluster_plan

CLUSTER = "c1"


def host(state="inactive", node_id="", manager=False, cluster=CLUSTER, wanted="present", name=None, addr=""):
    swarm = {"LocalNodeState": state, "NodeID": node_id, "ControlAvailable": manager}
    if manager:
        swarm["Cluster"] = {"ID": cluster}
    summary = {"state": wanted, "swarm": swarm, "addr": addr}
    if name:
        summary["name"] = name
    return summary


def node(node_id, hostname, role="worker", status="ready", reach="reachable", leader=False, addr="10.0.0.1"):
    entry = {"ID": node_id, "Spec": {"Role": role, "Labels": {}, "Availability": "active"},
             "Description": {"Hostname": hostname}, "Status": {"State": status, "Addr": addr}}
    if role == "manager":
        entry["ManagerStatus"] = {"Reachability": reach, "Leader": leader, "Addr": addr + ":2377"}
    return entry


def test_first_manager_initialises_when_nobody_manages_a_swarm():
    hv = {"m1": host(), "m2": host(), "w1": host()}
    assert cluster_leader(hv, ["m1", "m2"], ["w1"]) == {"leader": "m1", "init": True, "cluster_id": "", "errors": [],
                                                        "locked": [], "unreached": []}


def test_an_existing_manager_is_adopted_never_a_second_swarm():
    hv = {"m1": host(), "m2": host("active", "n2", manager=True), "w1": host()}
    result = cluster_leader(hv, ["m1", "m2"], ["w1"])
    assert result["leader"] == "m2" and not result["init"] and result["cluster_id"] == CLUSTER


def test_a_manager_in_the_workers_group_is_still_the_swarm():
    hv = {"m1": host(), "w1": host("active", "n9", manager=True)}
    result = cluster_leader(hv, ["m1"], ["w1"])
    assert result["leader"] == "w1" and not result["init"]


def test_two_swarms_among_the_managers_are_refused():
    hv = {"m1": host("active", "a", manager=True, cluster="x"), "m2": host("active", "b", manager=True, cluster="y")}
    result = cluster_leader(hv, ["m1", "m2"], [])
    assert result["leader"] is None and "more than one swarm" in result["errors"][0]


def test_an_empty_managers_group_is_an_error():
    assert "managers group" in cluster_leader({"w1": host()}, [], ["w1"])["errors"][0]


def test_inactive_hosts_join_and_members_stay():
    nodes = [node("n1", "m1", "manager", leader=True)]
    hv = {"m1": host("active", "n1", manager=True, name="m1"), "w1": host(name="w1")}
    plan = cluster_plan(hv, ["m1"], ["w1"], nodes)
    assert plan["hosts"]["m1"]["action"] == "member"
    assert plan["hosts"]["w1"]["action"] == "join"
    assert plan["join_addrs"] == ["10.0.0.1:2377"]
    assert plan["errors"] == [] and plan["stale"] == [] and plan["unknown"] == []


def test_foreign_host_fails_unless_rejoin_is_allowed():
    nodes = [node("n1", "m1", "manager", leader=True)]
    hv = {"m1": host("active", "n1", manager=True), "w1": host("active", "zz")}
    plan = cluster_plan(hv, ["m1"], ["w1"], nodes)
    assert "Host w1" in plan["errors"][0] and "cluster_rejoin_foreign" in plan["errors"][0]
    assert cluster_plan(hv, ["m1"], ["w1"], nodes, rejoin_foreign=True)["hosts"]["w1"]["action"] == "rejoin"


def test_pending_member_rejoins_and_its_old_entry_is_removed():
    nodes = [node("n1", "m1", "manager", leader=True), node("n2", "w1", status="down")]
    hv = {"m1": host("active", "n1", manager=True), "w1": host("pending", "n2")}
    plan = cluster_plan(hv, ["m1"], ["w1"], nodes, rejoin_foreign=True)
    assert plan["hosts"]["w1"]["action"] == "rejoin"
    assert plan["stale"] == [{"id": "n2", "hostname": "w1", "host": "w1", "role": "worker"}]
    assert "pending" in cluster_plan(hv, ["m1"], ["w1"], nodes)["errors"][0]


def test_rebuilt_host_joins_and_its_down_entry_is_stale():
    nodes = [node("n1", "m1", "manager", leader=True), node("old", "w1", status="down", addr="10.0.0.2")]
    hv = {"m1": host("active", "n1", manager=True, name="m1"), "w1": host(name="w1", addr="10.0.0.9")}
    plan = cluster_plan(hv, ["m1"], ["w1"], nodes)
    assert plan["hosts"]["w1"]["action"] == "join"
    assert plan["stale"] == [{"id": "old", "hostname": "w1", "host": "w1", "role": "worker"}]
    assert plan["unknown"] == []


def test_live_entry_with_same_address_is_stale_other_live_namesakes_are_only_listed():
    nodes = [node("n1", "m1", "manager", leader=True), node("old", "w1", addr="10.0.0.2"),
             node("other", "w1", addr="10.0.0.3")]
    hv = {"m1": host("active", "n1", manager=True, name="m1"), "w1": host(name="w1", addr="10.0.0.2")}
    plan = cluster_plan(hv, ["m1"], ["w1"], nodes, prune=True)
    assert [s["id"] for s in plan["stale"]] == ["old"]
    assert [u["id"] for u in plan["unknown"]] == ["other"] and plan["prune"] == []


def test_roles_follow_the_groups():
    nodes = [node("n1", "a", "manager", leader=True), node("n2", "b", "manager"), node("n3", "c", "manager"),
             node("n4", "d")]
    hv = {h: host("active", i, manager=h != "d") for h, i in zip("abcd", ["n1", "n2", "n3", "n4"])}
    plan = cluster_plan(hv, ["a", "b", "d"], ["c"], nodes)
    assert plan["hosts"]["c"]["demote"] and plan["hosts"]["d"]["promote"]
    assert plan["quorum"] == {"managers": 3, "reachable": 3, "needed": 2, "even": False}
    assert plan["errors"] == []


def test_a_demotion_that_breaks_quorum_is_refused():
    nodes = [node("n1", "a", "manager", leader=True), node("n2", "b", "manager"),
             node("n3", "c", "manager", reach="unreachable", status="down")]
    hv = {"a": host("active", "n1", manager=True), "b": host("active", "n2", manager=True)}
    plan = cluster_plan(hv, ["a", "c"], ["b"], nodes)
    assert plan["hosts"]["b"]["demote"]
    assert len(plan["errors"]) == 1 and "Refusing to demote or remove the manager(s) b" in plan["errors"][0]
    assert plan["quorum"]["reachable"] == 1 and plan["quorum"]["needed"] == 2
    # The unreachable host's entry carries an inventory name: listed, never pruned.
    assert plan["unknown"][0]["id"] == "n3" and plan["prune"] == []


def test_even_manager_count_is_flagged():
    nodes = [node("n1", "a", "manager", leader=True), node("n2", "b")]
    hv = {"a": host("active", "n1", manager=True), "b": host("active", "n2")}
    assert cluster_plan(hv, ["a", "b"], [], nodes)["quorum"]["even"]


def test_leaving_host_is_demoted_and_removed():
    nodes = [node("n1", "a", "manager", leader=True), node("n2", "b", "manager"), node("n3", "c", "manager")]
    hv = {"a": host("active", "n1", manager=True), "b": host("active", "n2", manager=True),
          "c": host("active", "n3", manager=True, wanted="absent")}
    plan = cluster_plan(hv, ["a", "b", "c"], [], nodes)
    assert plan["hosts"]["c"] == {"action": "leave", "role": "manager", "node_id": "n3", "promote": False,
                                  "demote": True, "remove_after": "n3", "error": "",
                                  "spec": {"Availability": "active", "Labels": {}}}
    assert plan["quorum"]["managers"] == 2 and plan["quorum"]["even"] and plan["errors"] == []


def test_last_manager_cannot_leave():
    nodes = [node("n1", "a", "manager", leader=True)]
    hv = {"a": host("active", "n1", manager=True, wanted="absent")}
    assert "Refusing" in cluster_plan(hv, ["a"], [], nodes)["errors"][0]


def test_unknown_down_workers_are_pruned_only_when_asked():
    nodes = [node("n1", "a", "manager", leader=True), node("x", "ghost", status="down"), node("y", "live")]
    hv = {"a": host("active", "n1", manager=True, name="a")}
    assert cluster_plan(hv, ["a"], [], nodes)["prune"] == []
    plan = cluster_plan(hv, ["a"], [], nodes, prune=True)
    assert plan["prune"] == ["x"] and [u["id"] for u in plan["unknown"]] == ["x", "y"]


def test_unreached_host_entries_are_matched_by_sanitised_name_or_address_and_never_pruned():
    nodes = [node("n1", "a", "manager", leader=True), node("x", "clusterha-node3", status="down", addr="10.0.0.3"),
             node("y", "db7", status="down", addr="10.0.0.7")]
    hv = {"a": host("active", "n1", manager=True, name="a")}
    plan = cluster_plan(hv, ["a"], ["cluster_ha-node3", "db"], nodes, aliases={"db": ["10.0.0.7"]}, prune=True)
    assert plan["prune"] == [] and sorted(u["id"] for u in plan["unknown"]) == ["x", "y"]


def test_only_an_exact_host_name_makes_a_down_entry_stale():
    # web-1 is the reached host; web_1, web1.dc2 and WEB-1 are other machines' entries, down.
    nodes = [node("n1", "m1", "manager", leader=True), node("n2", "web-1", addr="10.0.0.2"),
             node("a", "web_1", status="down", addr="10.0.0.8"), node("b", "web1.dc2", status="down", addr="10.0.0.9"),
             node("c", "WEB-1", status="down", addr="10.0.0.10")]
    hv = {"m1": host("active", "n1", manager=True, name="m1"), "web-1": host("active", "n2", name="web-1")}
    plan = cluster_plan(hv, ["m1"], ["web-1"], nodes, prune=True)
    assert plan["stale"] == []
    assert sorted(u["id"] for u in plan["unknown"]) == ["a", "b", "c"]
    # Named like an inventory host: listed with that host, never pruned.
    assert plan["prune"] == [] and all(u["host"] == "web-1" and not u["pruned"] for u in plan["unknown"])


def test_a_down_entry_that_only_shares_an_address_is_listed_not_removed():
    nodes = [node("n1", "m1", "manager", leader=True), node("n2", "w1", addr="10.0.0.2"),
             node("old", "other", status="down", addr="10.0.0.2")]
    hv = {"m1": host("active", "n1", manager=True, name="m1"), "w1": host("active", "n2", name="w1", addr="10.0.0.2")}
    plan = cluster_plan(hv, ["m1"], ["w1"], nodes, prune=True)
    assert plan["stale"] == [] and plan["prune"] == []
    assert [(u["id"], u["host"]) for u in plan["unknown"]] == [("old", "w1")]


def test_an_unrelated_down_worker_is_pruned_by_id():
    nodes = [node("n1", "m1", "manager", leader=True), node("gone", "batch-7", status="down", addr="10.0.0.70")]
    hv = {"m1": host("active", "n1", manager=True, name="m1")}
    assert cluster_plan(hv, ["m1"], [], nodes, prune=True)["prune"] == ["gone"]
    assert cluster_plan(hv, ["m1"], [], nodes, prune=False)["prune"] == []


def test_stale_manager_entries_count_as_leaving_in_the_quorum():
    # m3 was rebuilt and joins again: its old entry (down manager) is demoted and removed.
    nodes = [node("n1", "m1", "manager", leader=True, addr="10.0.0.1"),
             node("n2", "m2", "manager", addr="10.0.0.2"),
             node("old3", "m3", "manager", status="down", reach="unreachable", addr="10.0.0.3")]
    hv = {"m1": host("active", "n1", manager=True, name="m1"), "m2": host("active", "n2", manager=True, name="m2"),
          "m3": host(name="m3", addr="10.0.0.3")}
    plan = cluster_plan(hv, ["m1", "m2", "m3"], [], nodes)
    assert [s["id"] for s in plan["stale"]] == ["old3"]
    assert plan["quorum"] == {"managers": 3, "reachable": 3, "needed": 2, "even": False}
    assert plan["quorum_error"] == ""


def test_a_stale_manager_demotion_that_breaks_quorum_is_refused_and_named():
    # m2 is down and m3, rebuilt, comes back as a worker: demoting its old entry leaves 1 of 2 reachable.
    nodes = [node("n1", "m1", "manager", leader=True, addr="10.0.0.1"),
             node("n2", "m2", "manager", status="down", reach="unreachable", addr="10.0.0.2"),
             node("old3", "m3", "manager", status="down", reach="unreachable", addr="10.0.0.3")]
    hv = {"m1": host("active", "n1", manager=True, name="m1"), "m3": host(name="m3", addr="10.0.0.3")}
    plan = cluster_plan(hv, ["m1", "m2"], ["m3"], nodes)
    assert [s["id"] for s in plan["stale"]] == ["old3"]
    assert plan["quorum"] == {"managers": 2, "reachable": 1, "needed": 2, "even": True}
    assert "m3 (stale entry old3)" in plan["quorum_error"]
