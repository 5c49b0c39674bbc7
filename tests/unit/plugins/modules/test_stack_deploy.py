"""stack_deploy: digest, up-to-date check, convergence of a service and of a job, the failure report."""
import pytest

from ansible_collections.dockyard.swarm.plugins.module_utils import _stack_spec as spec
from ansible_collections.dockyard.swarm.plugins.module_utils import _stack_wait as m
from ansible_collections.dockyard.swarm.plugins.modules import stack_deploy

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
    assert spec.definition_digest(a) == spec.definition_digest(b)
    assert spec.definition_digest(a) != spec.definition_digest({"version": "3.8", "services": {"web": {"image": "y"}}})


def test_digest_labels_keep_user_labels_in_either_syntax():
    definition = {"services": {"a": {"deploy": {"labels": ["team=web"]}}, "b": {"image": "x"}}}
    labelled = spec.with_digest_labels(definition, "d1")
    assert labelled["services"]["a"]["deploy"]["labels"] == {"team": "web", spec.DIGEST_LABEL: "d1"}
    assert labelled["services"]["b"]["deploy"]["labels"] == {spec.DIGEST_LABEL: "d1"}
    assert "deploy" not in definition["services"]["b"], "the input must not change"


def test_outdated_names_every_service_without_the_digest():
    definition = {"services": {"web": {}, "db": {}}}
    current = {"app_web": {spec.DIGEST_LABEL: "d"}, "app_db": {spec.DIGEST_LABEL: "d"}}
    assert spec.missing_or_outdated("app", definition, "d", current, prune=False) == []
    assert spec.missing_or_outdated("app", definition, "e", current, prune=False) == ["app_db", "app_web"]
    assert spec.missing_or_outdated("app", definition, "d", {"app_web": {spec.DIGEST_LABEL: "d"}}, prune=False) == ["app_db"]
    extra = dict(current, app_old={})
    assert spec.missing_or_outdated("app", definition, "d", extra, prune=False) == []
    assert spec.missing_or_outdated("app", definition, "d", extra, prune=True) == ["app_old"]


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


def test_failures_from_before_the_run_do_not_count_towards_the_limit():
    # A node that rejoined the swarm left failed tasks of the unchanged definition behind.
    old = [_task("failed", desired="shutdown", err="No such container", tid="old%d" % n) for n in (1, 2, 3, 4)]
    tasks = old + [_task("running", tid="a"), _task("starting", tid="b", node="n2")]
    earlier = frozenset(t["ID"] for t in old)
    status = m.service_status(_service(), tasks, NODES, 3, earlier_failures=earlier)
    assert (status["state"], status["failed_tasks"]) == ("pending", [])
    assert m.service_status(_service(), tasks, NODES, 3)["state"] == "failed"
    new = [_task("failed", desired="shutdown", err="task: non-zero exit (1)", tid="new%d" % n) for n in (1, 2, 3)]
    status = m.service_status(_service(), tasks + new, NODES, 3, earlier_failures=earlier)
    assert (status["state"], status["detail"]) == ("failed", "3 tasks on the new definition failed")


def test_engine_times_are_read_with_nanoseconds_and_offsets():
    assert m.timestamp_seconds("1970-01-01T00:01:00Z") == 60
    assert m.timestamp_seconds("1970-01-01T00:01:00.500000000Z") == 60.5
    assert m.timestamp_seconds("1970-01-01T01:01:00+01:00") == 60
    assert m.timestamp_seconds("1970-01-01T00:00:00-00:30") == 1800
    assert m.timestamp_seconds("") is None and m.timestamp_seconds("yesterday") is None


def _started(state, seconds, tid):
    task = _task(state, tid=tid)
    task["Status"]["Timestamp"] = "1970-01-01T00:00:%02dZ" % seconds
    return task


def test_a_task_counts_as_running_only_once_it_has_run_for_the_settle_time():
    # At 100 s: one task has run since 0 s, the other started 2 s ago and may still crash.
    tasks = [_started("running", 0, "a"), _started("running", 98, "b")]
    status = m.service_status(_service(), tasks, NODES, 3, settle=5, now=100)
    assert (status["state"], status["running"], status["desired"]) == ("pending", 2, 2)
    assert "waiting until they have run 5 s" in status["detail"]
    assert m.service_status(_service(), tasks, NODES, 3, settle=5, now=103)["state"] == "converged"
    assert m.service_status(_service(), tasks, NODES, 3, settle=0, now=100)["state"] == "converged"


def test_a_crash_looping_task_caught_running_never_makes_the_service_converged():
    # Each poll catches a new task in its first second; the earlier ones failed.
    for now, tid in ((10, "t1"), (20, "t2"), (30, "t3")):
        failed = [_started("failed", n, "f%d" % n) for n in range(10, now, 10)]
        status = m.service_status(_service(replicas=1), failed + [_started("running", now - 1, tid)], NODES, 3,
                                  settle=5, now=now)
        assert status["state"] == "pending", status
    failed = [_started("failed", n, "f%d" % n) for n in (10, 20, 30)]
    assert m.service_status(_service(replicas=1), failed, NODES, 3, settle=5, now=31)["state"] == "failed"


def test_the_time_seen_running_counts_when_the_node_clock_is_ahead():
    # The node's clock says the task started in 20 s; this run has seen it running for 6 s.
    task = _started("running", 30, "a")
    status = m.service_status(_service(replicas=1), [task], NODES, 3, settle=5, now=10, seen={"a": 4})
    assert status["state"] == "converged"
    status = m.service_status(_service(replicas=1), [task], NODES, 3, settle=5, now=10, seen={"a": 8})
    assert status["state"] == "pending"


def test_a_job_run_that_failed_before_still_fails():
    job = _service(mode={"ReplicatedJob": {"MaxConcurrent": 1, "TotalCompletions": 1}})
    failed = [_job_task("failed", tid=t) for t in ("f1", "f2", "f3")]
    status = m.service_status(job, failed, NODES, 3, accept_rollback=True, earlier_failures=frozenset(("f1", "f2", "f3")))
    assert status["state"] == "failed"


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
    assert m.task_log_lines(raw.decode(), ["t2"], 2) == {"t2": ["other"]}


def test_a_paused_update_is_pending_only_while_a_requested_rollback_starts():
    tasks = [_task("running", tid="a")]
    assert m.service_status(_service(update="paused"), tasks, NODES, 3, True)["state"] == "failed"
    assert m.service_status(_service(update="paused"), tasks, NODES, 3, True, True)["state"] == "pending"


def test_a_requested_rollback_paused_by_the_engine_is_judged_by_its_tasks():
    starting = [_task("starting", tid="a")]
    assert m.service_status(_service(replicas=1, update="rollback_paused"), starting, NODES, 3, True, True)["state"] == "pending"
    running = [_task("running", tid="a")]
    assert m.service_status(_service(replicas=1, update="rollback_paused"), running, NODES, 3, True, True)["state"] == "converged"
    assert m.service_status(_service(replicas=1, update="rollback_paused"), running, NODES, 3, True)["state"] == "failed"


# --- jobs and zero replicas -------------------------------------------------------------------

def _job(mode, iteration=2):
    return {"ID": "j", "Spec": {"Name": "app_migrate", "Mode": mode, "TaskTemplate": TEMPLATE},
            "JobStatus": {"JobIteration": {"Index": iteration}}}


def _job_task(state, iteration=2, node="n1", tid="t", err=""):
    task = _task(state, desired="complete", node=node, tid=tid, err=err)
    task["JobIteration"] = {"Index": iteration}
    return task


def _node(nid, labels=None, state="ready", availability="active", role="worker"):
    return {"ID": nid, "Description": {"Hostname": NODES.get(nid, nid)},
            "Spec": {"Labels": labels or {}, "Availability": availability, "Role": role}, "Status": {"State": state}}


def test_a_replicated_job_converges_when_its_completions_succeeded_in_the_current_run():
    job = _job({"ReplicatedJob": {"MaxConcurrent": 1, "TotalCompletions": 2}})
    old_run = [_job_task("complete", iteration=1, tid="o1"), _job_task("complete", iteration=1, tid="o2")]
    status = m.service_status(job, old_run + [_job_task("complete", tid="a")], NODES, 3)
    assert (status["state"], status["running"], status["desired"]) == ("pending", 1, 2)
    status = m.service_status(job, old_run + [_job_task("complete", tid="a"), _job_task("complete", tid="b")], NODES, 3)
    assert (status["state"], status["running"], status["desired"]) == ("converged", 2, 2)


def test_a_failing_job_is_reported_with_its_task_errors_after_max_task_failures():
    job = _job({"ReplicatedJob": {}})
    failed = [_job_task("failed", tid="f" * n, err="task: non-zero exit (3)", node="n2") for n in (1, 2)]
    assert m.service_status(job, failed, NODES, 3)["state"] == "pending"
    status = m.service_status(job, failed + [_job_task("failed", tid="fff", node="n2")], NODES, 3)
    assert status["state"] == "failed"
    report = m.failure_report([status], {})
    assert "app_migrate: job failed: 3 tasks failed (0 of 1 tasks succeeded)" in report
    assert "on node node2: failed: task: non-zero exit (3)" in report


def test_a_global_job_needs_one_completed_task_per_eligible_node():
    job = _job({"GlobalJob": {}})
    job["Spec"]["TaskTemplate"] = dict(TEMPLATE, Placement={"Constraints": ["node.labels.web == true"]})
    nodes = [_node("n1", {"web": "true"}), _node("n2", {"web": "true"}), _node("n3")]
    status = m.service_status(job, [_job_task("complete", tid="a")], NODES, 3, nodes=nodes)
    assert (status["state"], status["desired"]) == ("pending", 2)
    done = [_job_task("complete", tid="a"), _job_task("complete", tid="b", node="n2")]
    assert m.service_status(job, done, NODES, 3, nodes=nodes)["state"] == "converged"


def test_a_job_that_this_run_did_not_start_again_is_done_when_its_tasks_are_gone():
    job = _job({"ReplicatedJob": {}})
    assert m.service_status(job, [], NODES, 3)["state"] == "pending"
    assert m.service_status(job, [], NODES, 3, accept_rollback=True)["state"] == "converged"


def test_zero_replicas_converge_at_once_even_while_the_update_runs():
    tasks = [_task("running", spec=OLD, tid="a", desired="shutdown")]
    status = m.service_status(_service(replicas=0, update="updating"), tasks, NODES, 3)
    assert (status["state"], status["desired"]) == ("converged", 0)


def test_eligible_nodes_reads_constraints_and_gives_up_on_unknown_ones():
    nodes = [_node("n1", role="manager"), _node("n2"), _node("n3", state="down"), _node("n4", availability="drain")]
    assert m.eligible_nodes(nodes, {"Constraints": ["node.role==manager"]}) == 1
    assert m.eligible_nodes(nodes, {"Constraints": ["node.role != manager"]}) == 1
    assert m.eligible_nodes(nodes, {}) == 2
    assert m.eligible_nodes(nodes, {"Constraints": ["node.unknown == x"]}) is None


# --- drift ------------------------------------------------------------------------------------

def _running(replicas=2, image="dockyard/busybox:latest@sha256:abc", env=None, labels=None, **container):
    container_spec = {"Image": image, "Env": env if env is not None else ["B=2", "A=1"],
                      "Labels": {spec.NAMESPACE_LABEL: "app"}}
    container_spec.update(container)
    return {"Name": "app_web", "Labels": dict({spec.NAMESPACE_LABEL: "app", spec.DIGEST_LABEL: "d"}, **(labels or {})),
            "Mode": {"Replicated": {"Replicas": replicas}},
            "TaskTemplate": {"ContainerSpec": container_spec,
                             "Resources": {"Limits": {"MemoryBytes": 64 * 1024 ** 2, "NanoCPUs": 500000000}},
                             "Placement": {"Constraints": ["node.role == worker"]}}}


WEB = {"image": "dockyard/busybox", "environment": {"A": 1, "B": "2"}, "command": "sleep 60",
       "deploy": {"replicas": 2, "labels": ["team=web"],
                  "resources": {"limits": {"memory": "64M", "cpus": "0.5"}},
                  "placement": {"constraints": ["node.role==worker"]}}}


def test_a_service_that_runs_what_the_definition_sets_has_no_drift():
    running = _running(labels={"team": "web"}, Args=["sleep", "60"])
    assert spec.drift("app", {"services": {"web": WEB}}, {"app_web": running}) == {}


def test_drift_names_the_fields_and_shows_only_harmless_values():
    running = _running(replicas=3, image="dockyard/busybox:other", env=["A=1", "B=secret-value", "C=3"],
                       labels={"team": "ops"}, Args=["sleep", "60"])
    found = spec.drift("app", {"services": {"web": WEB}}, {"app_web": running})
    assert found == {"app_web": ["deploy.labels", "environment (B, C)",
                                 "image dockyard/busybox:other, definition says dockyard/busybox:latest",
                                 "replicas 3, definition says 2"]}
    assert "secret-value" not in str(found)


def test_drift_compares_only_what_the_definition_sets():
    running = _running(replicas=1, env=["FROM_FILE=x", "A=1"], User="www", Args=["anything"])
    definition = {"services": {"web": {"environment": ["A=1", "PASSED_THROUGH"]}}}
    assert spec.drift("app", definition, {"app_web": running}) == {}
    assert spec.drift("app", {"services": {"web": {"environment": {"A": "1"}}}}, {"app_web": running}) == {
        "app_web": ["environment (FROM_FILE)"]}
    assert spec.drift("app", {"services": {"new": {}}}, {"app_web": running}) == {}


def test_drift_of_modes_and_jobs():
    job = {"Name": "app_web", "Mode": {"ReplicatedJob": {"MaxConcurrent": 1}}, "TaskTemplate": {"ContainerSpec": {}}}
    assert spec.drift("app", {"services": {"web": {"deploy": {"mode": "replicated-job"}}}}, {"app_web": job}) == {}
    assert spec.drift("app", {"services": {"web": {}}}, {"app_web": job}) == {
        "app_web": ["mode replicated-job, definition says replicated"]}


def test_compose_interpolation_is_undone_and_unknown_variables_are_not_compared():
    running = _running(replicas=2, env=["A=1", "B=2"], Args=["sh", "-c", "echo $HOME"])
    escaped = {"services": {"web": {"command": ["sh", "-c", "echo $$HOME"], "deploy": {"replicas": 2}}}}
    assert spec.drift("app", escaped, {"app_web": running}) == {}
    from_cli = {"services": {"web": {"command": "sh -c 'echo ${SOMETHING}'", "environment": {"A": "$X", "B": "2"},
                                     "deploy": {"replicas": 2}}}}
    assert spec.drift("app", from_cli, {"app_web": running}) == {}


def test_units_are_read_as_the_cli_writes_them():
    assert spec.memory_bytes("1g") == 1024 ** 3 and spec.memory_bytes("512k") == 512 * 1024
    assert spec.nano_cpus("0.25") == 250000000
    assert spec.duration_ns("1m30s") == 90 * 10 ** 9 and spec.duration_ns("2s") == 2 * 10 ** 9
    assert spec.normalise_image("docker.io/library/redis@sha256:1") == "redis:latest"
    assert spec.normalise_image("registry:5000/app:1.2@sha256:1") == "registry:5000/app:1.2"


def test_the_diff_view_carries_no_environment_or_command():
    view = spec.summary({"app_web": _running(env=["TOKEN=secret-value"], Args=["--password", "pw-value"])})
    assert view == {"app_web": {"digest": "d", "image": "dockyard/busybox:latest", "mode": "replicated", "replicas": 2}}


def test_secret_values_are_the_environment_values_that_can_be_secrets():
    definition = {"services": {"a": {"environment": {"TOKEN": "s3cret-token", "DEBUG": 1, "ON": "true", "E": None}},
                               "b": {"environment": ["PASSWORD=pw-value", "PLAIN"], "image": "busybox"}}}
    assert spec.secret_values(definition) == {"s3cret-token", "pw-value"}
    assert spec.secret_values(None) == set()


def test_a_numeric_secret_is_masked_but_not_a_port_or_a_count():
    definition = {"services": {"a": {"environment": {"PIN": "908172", "PORT": 8080, "WORKERS": "4", "RATIO": "0.5"}}}}
    assert spec.secret_values(definition) == {"908172"}


def test_known_secret_data_is_masked_whole_and_line_by_line():
    key = "-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END KEY-----\n"
    values = spec.secret_values({"services": {"a": {"environment": {"TOKEN": "s3cret-token"}}}},
                                ["DATASECRET-4417-alpha", key, "1"])
    assert values == {"s3cret-token", "DATASECRET-4417-alpha", key, "-----BEGIN KEY-----", "MIIEvQIBADANBgkqhkiG9w0B",
                      "-----END KEY-----"}
    assert spec.secret_values(None, ["only-known"]) == {"only-known"}


# --- rollback ---------------------------------------------------------------------------------

def test_a_stack_rollback_takes_back_every_changed_service_and_removes_new_ones():
    before = {"app_a": {"v": 1}, "app_b": {"v": 1}, "app_c": {"v": 1}}
    after = {"app_a": {"v": 2}, "app_b": {"v": 2}, "app_c": {"v": 1}, "app_new": {"v": 2}}
    assert spec.rollback_plan(before, after, ["app_b"], "stack") == (["app_a", "app_b"], ["app_new"])
    assert spec.rollback_plan(before, after, ["app_b", "app_new"], "failed") == (["app_b"], [])


def test_a_service_back_on_its_previous_spec_is_not_rolled_back_again():
    before = {"app_a": {"v": 1}}
    assert spec.rollback_plan(before, {"app_a": {"v": 1}}, ["app_a"], "failed") == ([], [])
    assert spec.rollback_plan(before, {"app_a": {"v": 1}}, ["app_a"], "stack") == ([], [])


def test_rollback_on_failure_is_the_older_spelling_of_rollback_failed():
    assert stack_deploy.rollback_scope("stack", None) == ("stack", None)
    assert stack_deploy.rollback_scope("none", True) == ("failed", None)
    assert stack_deploy.rollback_scope("failed", True) == ("failed", None)
    assert stack_deploy.rollback_scope("none", False) == ("none", None)
    scope, problem = stack_deploy.rollback_scope("stack", False)
    assert scope is None and "rollback_on_failure=false and rollback=stack disagree" in problem
    assert stack_deploy.rollback_scope("stack", True)[0] is None


# --- malformed definitions --------------------------------------------------------------------

def test_a_definition_the_comparison_cannot_read_is_deployed_for_the_cli_to_judge():
    running = {"app_web": _running()}
    for service in ({"image": "busybox", "deploy": {"replicas": "three"}},
                    {"image": "busybox", "deploy": "replicated"},
                    {"image": "busybox", "deploy": {"resources": {"limits": {"cpus": "many"}}}}):
        definition = {"services": {"web": service}}
        digest = spec.definition_digest(definition)
        outdated, drifted, wanted = spec.deploy_plan("app", definition, digest, running, prune=False)
        assert outdated == ["app_web"] and drifted == {}
        assert wanted == {"app_web": {"digest": digest}}
        assert spec.with_digest_labels(definition, digest)["services"]["web"]["image"] == "busybox"


def test_a_malformed_environment_is_still_masked():
    assert spec.secret_values({"services": {"a": {"environment": "TOKEN=s3cret-token"}}}) == {"TOKEN=s3cret-token"}
    assert spec.secret_values({"services": {"a": "not a mapping", "b": None}}) == set()


# --- the stack name ---------------------------------------------------------------------------

class _Failed(Exception):
    pass


class _Module(object):
    check_mode = True

    def __init__(self, **params):
        self.params = dict(dict(state="absent", docker_cli="docker", wait_timeout=5), **params)

    def fail_json(self, **kwargs):
        raise _Failed(kwargs["msg"])


class _Client(object):
    """Fails any call: an invalid name must be refused before the engine is asked."""

    @property
    def api(self):
        return self

    def __getattr__(self, name):
        raise AssertionError("the engine was asked (%s)" % name)


@pytest.mark.parametrize("name", ["", " ", "a.b"])
def test_an_invalid_stack_name_fails_before_the_engine_is_asked(name):
    manager = stack_deploy.StackManager(_Module(name=name), _Client(), None)
    with pytest.raises(_Failed, match="the name is not valid"):
        manager.run()


def test_the_namespace_filter_is_never_built_from_an_empty_name():
    with pytest.raises(ValueError):
        m.StackWatcher(_Module(name=""), _Client(), "").services()


# --- an image changed out of band ---------------------------------------------------------------

def test_images_kept_names_the_services_whose_image_the_deploy_left_as_it_was():
    definition = {"services": {"web": dict(WEB, image="dockyard/busybox:latest"), "db": {"image": "postgres:16"},
                               "new": {"image": "x:1"}, "tpl": {"image": "app:$$TAG"}}}
    specs = {"app_web": _running(image="dockyard/busybox:other"),
             "app_db": _running(image="docker.io/library/postgres:16@sha256:abc"),
             "app_tpl": _running(image="app:$TAG")}
    assert spec.images_kept("app", definition, specs) == {"app_web": "dockyard/busybox:latest"}


def test_images_kept_ignores_an_image_the_cli_environment_decides():
    specs = {"app_web": _running(image="app:1")}
    assert spec.images_kept("app", {"services": {"web": {"image": "app:${TAG}"}}}, specs) == {}


# --- a change of placement constraints alone ----------------------------------------------------

def _swarm_node(node_id, hostname, role="worker"):
    return {"ID": node_id, "Spec": {"Role": role, "Availability": "active"}, "Status": {"State": "ready"},
            "Description": {"Hostname": hostname}}


CONSTRAINED = dict(TEMPLATE, Placement={"Constraints": ["node.role == worker"]})
SWARM_NODES = [_swarm_node("n1", "node1"), _swarm_node("n2", "node2", "manager")]


def test_a_task_kept_after_a_constraint_change_its_node_meets_counts_as_current():
    # The engine does not restart a task when only the constraints changed and its node meets them.
    tasks = [_task("running", spec=TEMPLATE, node="n1", tid="a"), _task("running", spec=TEMPLATE, node="n1", tid="b")]
    status = m.service_status(_service(template=CONSTRAINED), tasks, NODES, 3, nodes=SWARM_NODES)
    assert status["state"] == "converged", status


def test_a_task_on_a_node_that_misses_the_new_constraint_is_not_current():
    assert not m.same_spec(TEMPLATE, CONSTRAINED, SWARM_NODES[1])
    assert not m.same_spec(TEMPLATE, CONSTRAINED, None)
    assert m.same_spec(TEMPLATE, CONSTRAINED, SWARM_NODES[0])
    # Any other difference still makes a task old.
    assert not m.same_spec(OLD, dict(OLD, Placement={"Constraints": ["node.role == worker"]}, ContainerSpec={}),
                           SWARM_NODES[0])
    assert not m.same_spec(dict(TEMPLATE, Placement={"MaxReplicas": 1}), CONSTRAINED, SWARM_NODES[0])


class _LateLogs(object):
    """An engine whose log lines of a failed task arrive on the second read."""

    def __init__(self):
        self.reads = 0

    def service_logs(self, name, **kwargs):
        self.reads += 1
        if self.reads == 1:
            return iter([])
        return iter([b"com.docker.swarm.node.id=n2,com.docker.swarm.task.id=bad token is ********\n"])


class _WarnFails(object):
    params = {"log_lines": 20}

    def warn(self, msg):
        raise AssertionError(msg)


def test_the_logs_of_a_failed_task_are_read_again_until_they_arrive(monkeypatch):
    monkeypatch.setattr(m.time, "sleep", lambda seconds: None)
    api = _LateLogs()
    watcher = m.StackWatcher.__new__(m.StackWatcher)
    watcher.module, watcher.api, watcher.params = _WarnFails(), api, _WarnFails.params
    failed = m.describe_task(_task("failed", desired="shutdown", node="n2", tid="bad"), NODES)
    status = dict(name="leak_talk", failed_tasks=[failed], stuck_tasks=[])
    assert watcher.logs([status]) == {"bad": ["token is ********"]}
    assert api.reads == 2
