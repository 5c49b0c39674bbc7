"""When a drain is over: nothing runs on the node by current state, and the moved services run again."""
from ansible_collections.dockyard.swarm.plugins.filter.cluster_drain import cluster_drain


def service(sid, name, replicas=None):
    mode = {"Global": {}} if replicas is None else {"Replicated": {"Replicas": replicas}}
    return {"ID": sid, "Spec": {"Name": name, "Mode": mode}}


def task(sid, node, slot, desired, current):
    return {"ID": "%s-%s-%s" % (sid, node, slot), "ServiceID": sid, "NodeID": node, "Slot": slot,
            "DesiredState": desired, "Status": {"State": current}}


SERVICES = [service("s1", "web", 1), service("s2", "agent")]


def test_a_task_told_to_shut_down_that_still_runs_keeps_the_drain_going():
    tasks = [task("s1", "n2", 1, "shutdown", "running"), task("s1", "n3", 1, "running", "running")]
    result = cluster_drain(tasks, SERVICES, "n2", ["s1"])
    assert not result["done"] and result["running"] == ["web.1 running"] and result["missing"] == []


def test_a_replacement_that_is_only_ready_keeps_the_drain_going():
    tasks = [task("s1", "n2", 1, "shutdown", "shutdown"), task("s1", "n3", 1, "running", "ready")]
    result = cluster_drain(tasks, SERVICES, "n2", ["s1"])
    assert not result["done"] and result["running"] == [] and result["missing"] == ["web (0 of 1 running)"]


def test_done_when_the_node_is_empty_and_the_replacement_runs():
    tasks = [task("s1", "n2", 1, "shutdown", "shutdown"), task("s1", "n3", 1, "running", "running"),
             task("s1", "n2", 1, "shutdown", "failed")]
    assert cluster_drain(tasks, SERVICES, "n2", ["s1"]) == {"done": True, "running": [], "missing": []}


def test_global_services_and_services_that_never_ran_there_are_not_waited_for():
    tasks = [task("s2", "n2", None, "shutdown", "shutdown")]
    services = SERVICES + [service("s3", "broken", 2)]
    assert cluster_drain(tasks, services, "n2", ["s2"])["done"]
    # A service removed during the drain is not waited for either.
    assert cluster_drain([], [], "n2", ["s1"])["done"]


def test_a_replica_still_on_the_drained_node_does_not_count_as_moved():
    tasks = [task("s1", "n2", 1, "running", "running")]
    result = cluster_drain(tasks, SERVICES, "n2", ["s1"])
    assert result["missing"] == ["web (0 of 1 running)"] and result["running"] == ["web.1 running"]
