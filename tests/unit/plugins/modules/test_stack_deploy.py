"""stack_deploy: digest, up-to-date check, convergence of a service, the failure report."""
from ansible_collections.dockyard.swarm.plugins.modules import stack_deploy as m

TEMPLATE = {"ContainerSpec": {"Image": "busybox:1"}, "Placement": {}, "ForceUpdate": 0}
OLD = {"ContainerSpec": {"Image": "busybox:0"}, "Placement": {}, "ForceUpdate": 0}
NODES = {"n1": "node1", "n2": "node2"}


def _service(replicas=2, update=None, template=None, mode=None):
    service = {"ID": "s1", "Spec": {"Name": "web_web", "Mode": mode or {"Replicated": {"Replicas": replicas}},
                                    "TaskTemplate": template or TEMPLATE}}
    if update:
        service["UpdateStatus"] = {"State": update, "Message": "update paused due to failure"}
    return service


def _task(state, spec=None, desired="running", node="n1", err="", tid="t"):
    return {"ID": tid, "Slot": 1, "NodeID": node, "Spec": spec or TEMPLATE, "DesiredState": desired,
            "Status": {"State": state, "Err": err, "Timestamp": "2026-01-01T00:00:0%sZ" % len(tid)}}


def test_digest_ignores_key_order_and_sees_values():
    a = {"services": {"web": {"image": "x", "command": ["a"]}}, "version": "3.8"}
    b = {"version": "3.8", "services": {"web": {"command": ["a"], "image": "x"}}}
    assert m.definition_digest(a) == m.definition_digest(b)
    assert m.definition_digest(a) != m.definition_digest({"version": "3.8", "services": {"web": {"image": "y"}}})


def test_digest_labels_keep_user_labels_in_either_syntax():
    definition = {"services": {"a": {"deploy": {"labels": ["team=web"]}}, "b": {"image": "x"}}}
    labelled = m.with_digest_labels(definition, "d1")
    assert labelled["services"]["a"]["deploy"]["labels"] == {"team": "web", m.DIGEST_LABEL: "d1"}
    assert labelled["services"]["b"]["deploy"]["labels"] == {m.DIGEST_LABEL: "d1"}
    assert "deploy" not in definition["services"]["b"], "the input must not change"


def test_up_to_date_needs_every_service_with_the_digest():
    definition = {"services": {"web": {}, "db": {}}}
    current = {"app_web": {m.DIGEST_LABEL: "d"}, "app_db": {m.DIGEST_LABEL: "d"}}
    assert m.up_to_date("app", definition, "d", current, prune=False)
    assert not m.up_to_date("app", definition, "e", current, prune=False)
    assert not m.up_to_date("app", definition, "d", {"app_web": {m.DIGEST_LABEL: "d"}}, prune=False)
    extra = dict(current, app_old={})
    assert m.up_to_date("app", definition, "d", extra, prune=False)
    assert not m.up_to_date("app", definition, "d", extra, prune=True)


def test_service_converges_when_its_replicas_run_the_new_spec():
    tasks = [_task("running", tid="a"), _task("running", tid="b", node="n2")]
    status = m.service_status(_service(), tasks, NODES, 3)
    assert (status["state"], status["running"], status["desired"]) == ("converged", 2, 2)


def test_tasks_of_the_old_spec_do_not_count():
    tasks = [_task("running", tid="a"), _task("running", spec=OLD, tid="b")]
    status = m.service_status(_service(), tasks, NODES, 3)
    assert status["state"] == "pending" and status["running"] == 1


def test_a_paused_update_fails_with_the_task_error_and_node():
    tasks = [_task("rejected", desired="shutdown", err="No such image: busybox:1", node="n2", tid="bad"),
             _task("running", spec=OLD, tid="a")]
    status = m.service_status(_service(update="paused"), tasks, NODES, 3)
    assert status["state"] == "failed"
    report = m.failure_report([status], {"bad": ["exec failed"]})
    assert "web_web: update paused" in report
    assert "on node node2: rejected: No such image: busybox:1" in report
    assert "| exec failed" in report


def test_repeated_task_failures_fail_before_the_timeout():
    tasks = [_task("failed", desired="shutdown", err="task: non-zero exit (1)", tid="x" * n) for n in (1, 2, 3)]
    assert m.service_status(_service(), tasks, NODES, 3)["state"] == "failed"
    assert m.service_status(_service(), tasks, NODES, 0)["state"] == "pending"


def test_a_rollback_done_by_the_engine_fails_unless_expected():
    tasks = [_task("running", tid="a"), _task("running", tid="b")]
    assert m.service_status(_service(update="rollback_completed"), tasks, NODES, 3)["state"] == "failed"
    assert m.service_status(_service(update="rollback_completed"), tasks, NODES, 3, True)["state"] == "converged"


def test_a_global_service_wants_the_tasks_the_engine_wants_running():
    tasks = [_task("running", tid="a"), _task("starting", tid="b", node="n2")]
    status = m.service_status(_service(mode={"Global": {}}), tasks, NODES, 3)
    assert (status["state"], status["desired"]) == ("pending", 2)


def test_a_new_global_service_waits_for_every_eligible_node_not_only_the_tasks_made_so_far():
    service = _service(mode={"Global": {}})
    service["ServiceStatus"] = {"RunningTasks": 2, "DesiredTasks": 3}
    tasks = [_task("running", tid="a"), _task("running", tid="b", node="n2")]
    status = m.service_status(service, tasks, NODES, 3)
    assert (status["state"], status["desired"]) == ("pending", 3)


def test_log_lines_are_kept_per_task_and_cut_to_the_last_ones():
    raw = (b"com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s,com.docker.swarm.task.id=t1 one\n"
           b"com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s,com.docker.swarm.task.id=t2 other\n"
           b"com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s,com.docker.swarm.task.id=t1 two\n"
           b"com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s,com.docker.swarm.task.id=t1 three\n")
    assert m.task_log_lines(raw, ["t1"], 2) == {"t1": ["two", "three"]}


def test_a_paused_update_is_pending_only_while_a_requested_rollback_starts():
    tasks = [_task("running", tid="a")]
    assert m.service_status(_service(update="paused"), tasks, NODES, 3, True)["state"] == "failed"
    assert m.service_status(_service(update="paused"), tasks, NODES, 3, True, True)["state"] == "pending"
