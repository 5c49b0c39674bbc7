"""The manager a backup is taken from, and the backups refused."""
from ansible_collections.dockyard.swarm.plugins.filter.recovery_backup_plan import recovery_backup_plan
from ansible_collections.dockyard.swarm.plugins.filter.swarm_health import swarm_health
from test_swarm_health import MANAGERS, cluster, healthy_results, local, node


def test_the_backup_is_taken_on_the_first_manager_that_is_not_the_leader():
    plan = recovery_backup_plan(swarm_health(healthy_results(), MANAGERS), MANAGERS)
    assert plan["error"] == "" and plan["host"] == "m2" and not plan["downtime"]
    assert plan["metadata"]["node_addr"] == "10.0.0.2" and plan["metadata"]["engine_version"] == "20.10"


def test_the_leader_is_refused_and_so_is_a_backup_that_loses_the_quorum():
    health = swarm_health(healthy_results(), MANAGERS)
    assert "the swarm's leader" in recovery_backup_plan(health, MANAGERS, "m1")["error"]
    nodes = [node("n1", leader=True), node("n2"), node("n3", state="down", reach="unreachable"),
             node("n4", role="worker")]
    health = swarm_health(healthy_results(m1=dict(local=local("n1"), cluster=cluster(nodes))), MANAGERS)
    plan = recovery_backup_plan(health, MANAGERS)
    assert plan["host"] == "" and "leaves 1 of 3 managers reachable" in plan["error"]
    assert recovery_backup_plan(health, MANAGERS, accept_downtime=True)["host"] == "m2"


def test_a_single_manager_is_backed_up_only_with_downtime_accepted():
    view = cluster([node("n1", leader=True), node("n4", role="worker")])
    results = {"m1": dict(local=local("n1"), cluster=view), "w1": dict(local=local("n4", manager=False))}
    health = swarm_health(results, ["m1"])
    assert "recovery_accept_downtime" in recovery_backup_plan(health, ["m1"])["error"]
    assert recovery_backup_plan(health, ["m1"], accept_downtime=True)["host"] == "m1"
