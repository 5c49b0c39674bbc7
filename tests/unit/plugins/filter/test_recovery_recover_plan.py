"""The surviving manager a quorum recovery forces a new cluster on, and the recoveries refused."""
from ansible_collections.dockyard.swarm.plugins.filter.recovery_recover_plan import recovery_recover_plan
from ansible_collections.dockyard.swarm.plugins.filter.swarm_health import swarm_health
from test_swarm_health import MANAGERS, cluster, healthy_results, local


def test_recover_refuses_a_swarm_with_its_quorum_and_picks_the_freshest_survivor():
    assert "The quorum is not lost" in recovery_recover_plan(swarm_health(healthy_results(), MANAGERS), MANAGERS)["error"]
    view = cluster([], error="no leader")
    results = {"m1": dict(local=dict(local("n1"), raft_last_write=100), cluster=view),
               "m2": dict(local=dict(local("n2"), raft_last_write=200), cluster=view),
               "m3": dict(failed=False, msg="Cannot reach the Docker engine"), "w1": dict(local=local("n4", manager=False))}
    plan = recovery_recover_plan(swarm_health(results, MANAGERS), MANAGERS)
    assert plan["error"] == "" and plan["host"] == "m2" and plan["set_aside"] == ["m1", "m3"]
    assert recovery_recover_plan(swarm_health(results, MANAGERS), MANAGERS, "m1")["host"] == "m1"
    assert "not a surviving manager" in recovery_recover_plan(swarm_health(results, MANAGERS), MANAGERS, "m3")["error"]


def test_recover_without_any_survivor_points_to_restore():
    results = {"m1": dict(unreachable=True), "m2": dict(local=local("n2", state="inactive")),
               "m3": dict(local=local("n3", state="inactive"))}
    plan = recovery_recover_plan(swarm_health(results, MANAGERS), MANAGERS)
    assert plan["host"] == "" and "playbooks/restore.yml" in plan["error"]


def test_recover_refuses_an_autolocked_swarm_before_any_change():
    view = cluster([], error="no leader")
    # A manager still running holds its key in memory, encrypted on disk; a restarted one is locked.
    results = {"m1": dict(local=dict(local("n1"), node_key_encrypted=True), cluster=view),
               "m2": dict(failed=False, msg="Cannot reach the Docker engine"),
               "m3": dict(local=local("n3", state="locked")), "w1": dict(local=local("n4", manager=False))}
    plan = recovery_recover_plan(swarm_health(results, MANAGERS), MANAGERS)
    assert plan["host"] == "" and plan["set_aside"] == []
    assert "Autolock is on (locked: m3; the node key on disk is encrypted on m1)" in plan["error"]
    assert "moby/moby#36852" in plan["error"] and "recovery_backup_pause_autolock=true" in plan["error"]
    assert "m1" not in recovery_recover_plan(swarm_health(results, MANAGERS), MANAGERS, "m1")["host"]
    results["m3"] = dict(failed=False, msg="Cannot reach the Docker engine")
    plan = recovery_recover_plan(swarm_health(results, MANAGERS), MANAGERS, "m1")
    assert plan["host"] == "" and "the node key on disk is encrypted on m1" in plan["error"]
    # Once autolock is off (and the key rewritten in clear), the same survivor is taken.
    results["m1"] = dict(local=dict(local("n1"), node_key_encrypted=False), cluster=view)
    assert recovery_recover_plan(swarm_health(results, MANAGERS), MANAGERS)["host"] == "m1"
