"""The manager a backup is restored onto, and the restores refused."""
from ansible_collections.dockyard.swarm.plugins.filter.recovery_restore_plan import recovery_restore_plan
from ansible_collections.dockyard.swarm.plugins.filter.swarm_health import swarm_health
from test_swarm_health import MANAGERS, cluster, healthy_results, local


META = dict(swarm_id="c1", node_addr="10.0.0.2", engine_version="20.10", hostname="host-n2")
ADDRS = {"m1": ["10.0.0.1"], "m2": ["10.0.0.2"], "m3": ["10.0.0.3"]}


def lost_results():
    return {"m1": dict(local=local("n9", state="inactive")), "m2": dict(local=local("n8", state="inactive")),
            "m3": dict(local=local("n3", state="active"), cluster=cluster([], error="no leader")),
            "w1": dict(local=local("n4", manager=False))}


def test_the_restore_goes_to_the_manager_with_the_backed_up_address():
    plan = recovery_restore_plan(swarm_health(lost_results(), MANAGERS), META, MANAGERS, ADDRS)
    assert plan["error"] == "" and plan["host"] == "m2" and plan["advertise_addr"] == "10.0.0.2"
    assert plan["set_aside"] == ["m3"]


def test_a_restore_is_refused_on_another_address_or_engine_or_while_a_swarm_runs():
    health = swarm_health(lost_results(), MANAGERS)
    assert "does not have the address 10.0.0.2" in recovery_restore_plan(health, META, MANAGERS, ADDRS, "m1")["error"]
    other = dict(META, engine_version="26.1")
    assert "runs engine 20.10, the backup was taken on engine 26.1" in recovery_restore_plan(
        health, other, MANAGERS, ADDRS)["error"]
    running = swarm_health(healthy_results(), MANAGERS)
    assert "still manages a working swarm" in recovery_restore_plan(running, META, MANAGERS, ADDRS)["error"]
    assert "lacks node_addr" in recovery_restore_plan(health, dict(swarm_id="c1", engine_version="1"), MANAGERS,
                                                      ADDRS)["error"]


def test_a_backup_taken_with_autolock_on_is_refused():
    health = swarm_health(lost_results(), MANAGERS)
    plan = recovery_restore_plan(health, dict(META, autolock=True), MANAGERS, ADDRS)
    assert plan["host"] == "" and "autolock on" in plan["error"] and "moby/moby#36852" in plan["error"]
    assert "recovery_backup_pause_autolock=true" in plan["error"]
    paused = recovery_restore_plan(health, dict(META, autolock=False, autolock_paused=True), MANAGERS, ADDRS)
    assert paused["error"] == "" and paused["host"] == "m2"
