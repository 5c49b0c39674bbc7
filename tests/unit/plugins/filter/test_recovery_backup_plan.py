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


def autolocked_results():
    nodes = [node("n1", leader=True), node("n2"), node("n3"), node("n4", role="worker")]
    view = dict(cluster(nodes), autolock=True)
    return healthy_results(m1=dict(local=local("n1"), cluster=view), m2=dict(local=local("n2"), cluster=view),
                           m3=dict(local=local("n3"), cluster=view))


def test_an_autolocked_swarm_is_backed_up_only_with_autolock_paused_and_a_key_file():
    health = swarm_health(autolocked_results(), MANAGERS)
    refused = recovery_backup_plan(health, MANAGERS)
    assert refused["host"] == "" and not refused["pause_autolock"]
    assert "moby/moby#36852" in refused["error"] and "recovery_backup_pause_autolock=true" in refused["error"]
    no_file = recovery_backup_plan(health, MANAGERS, pause_autolock=True)
    assert no_file["host"] == "" and "cluster_unlock_key_file is not set" in no_file["error"]
    plan = recovery_backup_plan(health, MANAGERS, pause_autolock=True, key_file="/root/.swarm-key")
    assert plan["error"] == "" and plan["host"] == "m2" and plan["pause_autolock"]
    # The leader, which stays up while the backed-up manager's engine is stopped, turns autolock on again.
    assert plan["autolock_host"] == "m1"
    assert plan["metadata"]["autolock"] is False and plan["metadata"]["autolock_paused"] is True


def test_autolock_is_paused_only_when_it_is_on():
    plan = recovery_backup_plan(swarm_health(healthy_results(), MANAGERS), MANAGERS, pause_autolock=True)
    assert plan["error"] == "" and not plan["pause_autolock"] and plan["autolock_host"] == ""
    assert plan["metadata"]["autolock"] is False and plan["metadata"]["autolock_paused"] is False


def test_a_single_autolocked_manager_turns_autolock_on_again_itself():
    view = dict(cluster([node("n1", leader=True), node("n4", role="worker")]), autolock=True)
    results = {"m1": dict(local=local("n1"), cluster=view), "w1": dict(local=local("n4", manager=False))}
    plan = recovery_backup_plan(swarm_health(results, ["m1"]), ["m1"], accept_downtime=True, pause_autolock=True,
                                key_file="/k")
    assert plan["host"] == "m1" and plan["autolock_host"] == "m1"
