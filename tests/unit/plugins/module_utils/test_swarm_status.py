"""What swarm_status keeps of the engine's answers: services' convergence, nodes, and nothing secret."""
from ansible_collections.dockyard.swarm.plugins.module_utils._swarm_status import (
    _node, _service, file_targets, local_state, local_tasks, mount_points, node_key_encrypted)


def task(service, node, desired, state, err="", updated="2026-01-01"):
    return {"ServiceID": service, "NodeID": node, "DesiredState": desired, "UpdatedAt": updated,
            "Status": {"State": state, "Err": err}}


def test_a_replicated_service_short_of_replicas_is_not_converged_and_names_its_errors():
    service = {"ID": "s1", "Spec": {"Name": "app_web", "Mode": {"Replicated": {"Replicas": 2}}}}
    tasks = [task("s1", "n1", "running", "running"), task("s1", "n2", "running", "pending"),
             task("s1", "n2", "shutdown", "rejected", "No such image: web:2", "2026-01-02"),
             task("s1", "n2", "shutdown", "rejected", "No such image: web:2", "2026-01-03")]
    assert _service(service, tasks, {"n1", "n2"}) == dict(
        name="app_web", mode="replicated", desired=2, running=1, converged=False, errors=["No such image: web:2"])


def test_a_global_service_counts_the_nodes_that_are_up_and_jobs_are_left_out():
    service = {"ID": "s2", "Spec": {"Name": "agent", "Mode": {"Global": {}}}}
    tasks = [task("s2", "n1", "running", "running"), task("s2", "n3", "running", "pending")]
    assert _service(service, tasks, {"n1"})["converged"]
    assert not _service(service, tasks, {"n1", "n3"})["converged"]
    job = {"ID": "s3", "Spec": {"Name": "migrate", "Mode": {"ReplicatedJob": {}}}}
    assert _service(job, [], set()) is None


def swarm_node(node_id, labels=None, state="ready", availability="active"):
    return {"ID": node_id, "Spec": {"Role": "worker", "Availability": availability, "Labels": labels or {}},
            "Description": {"Hostname": node_id}, "Status": {"State": state}}


def test_a_global_service_whose_tasks_the_manager_has_not_made_yet_is_not_converged():
    # Right after a restore: one task so far, on n1; n2 is up and admitted by the constraint, n3 is
    # not admitted, n4 is down and n5 drained.
    service = {"ID": "s2", "Spec": {"Name": "agent", "Mode": {"Global": {}}, "TaskTemplate": {
        "Placement": {"Constraints": ["node.labels.agent == true"]}}}}
    nodes = [swarm_node("n1", {"agent": "true"}), swarm_node("n2", {"agent": "true"}), swarm_node("n3"),
             swarm_node("n4", {"agent": "true"}, state="down"),
             swarm_node("n5", {"agent": "true"}, availability="drain")]
    up = {"n1", "n2", "n3"}
    waiting = _service(service, [task("s2", "n1", "running", "running")], up, nodes)
    assert (waiting["desired"], waiting["running"], waiting["converged"]) == (2, 1, False)
    both = [task("s2", "n1", "running", "running"), task("s2", "n2", "running", "running")]
    assert _service(service, both, up, nodes)["converged"]
    # A constraint that cannot be judged here counts the scheduled tasks only.
    service["Spec"]["TaskTemplate"]["Placement"]["Constraints"] = ["node.platform.os ~ linux"]
    assert _service(service, [task("s2", "n1", "running", "running")], up, nodes)["converged"]


def test_a_node_certificate_is_current_when_its_issuer_is_the_swarm_ca():
    node = {"ID": "n1", "Spec": {"Role": "manager", "Availability": "active"},
            "Description": {"Hostname": "m1", "Engine": {"EngineVersion": "20.10"},
                            "TLSInfo": {"CertIssuerPublicKey": "KEY"}},
            "Status": {"State": "ready", "Addr": "10.0.0.1"},
            "ManagerStatus": {"Leader": True, "Reachability": "reachable", "Addr": "10.0.0.1:2377"}}
    assert _node(node, "KEY")["certificate_current"] and _node(node, "KEY")["leader"]
    assert not _node(node, "OTHER")["certificate_current"]


def test_the_local_state_keeps_no_token_or_key():
    info = {"Name": "m1", "ServerVersion": "20.10",
            "Swarm": {"LocalNodeState": "active", "NodeID": "n1", "NodeAddr": "10.0.0.1", "ControlAvailable": True,
                      "Cluster": {"ID": "c1", "Spec": {"EncryptionConfig": {"AutoLockManagers": True}},
                                  "JoinTokens": {"Worker": "SWMTKN-1-secret"}}}}
    state = local_state(info, {"Version": "20.10.24", "ApiVersion": "1.41"})
    assert state["autolock"] and state["engine_version"] == "20.10.24" and state["cluster_id"] == "c1"
    assert "SWMTKN" not in repr(state)


def write_key(swarm_dir, text):
    (swarm_dir / "certificates").mkdir(parents=True)
    (swarm_dir / "certificates" / "swarm-node.key").write_text(text)


def test_a_node_key_is_encrypted_by_its_pem_type_or_proc_type_header(tmp_path):
    assert node_key_encrypted(str(tmp_path / "none")) is False
    write_key(tmp_path / "clear", "-----BEGIN PRIVATE KEY-----\nkek-version: 0\nraft-dek: RU5DUllQVEVE\n\n"
                                  "MIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----\n")
    assert node_key_encrypted(str(tmp_path / "clear")) is False
    write_key(tmp_path / "pkcs8", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nkek-version: 1\nraft-dek: QUJD\n\n"
                                  "MIHsMFcGCSqGSIb3\n-----END ENCRYPTED PRIVATE KEY-----\n")
    assert node_key_encrypted(str(tmp_path / "pkcs8")) is True
    write_key(tmp_path / "legacy", "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                                   "DEK-Info: AES-256-CBC,00\n\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n")
    assert node_key_encrypted(str(tmp_path / "legacy")) is True


def test_mount_points_are_read_from_mountinfo_with_their_escapes():
    text = ("890 515 0:133 /ji5x /etc/motd ro,relatime - tmpfs tmpfs ro\n"
            "891 515 0:133 /0dpq /run/secrets/token ro,relatime - tmpfs tmpfs ro\n"
            "892 515 8:1 /srv/a /data/with\\040space rw - ext4 /dev/sda1 rw\n")
    assert mount_points(text) == {"/etc/motd", "/run/secrets/token", "/data/with space"}


def test_file_targets_follow_dockers_defaults_and_skip_runtime_configs():
    spec = {"Secrets": [{"File": {"Name": "token"}}, {"File": {"Name": "/etc/app/key"}}],
            "Configs": [{"File": {"Name": "motd"}}, {"File": {"Name": "/etc/nginx/nginx.conf"}},
                        {"Runtime": {}}]}
    assert file_targets(spec) == ["/run/secrets/token", "/etc/app/key", "/motd", "/etc/nginx/nginx.conf"]
    assert file_targets({}) == []


class FakeApi:
    """The engine's answers for local_tasks: containers, their tasks (on a manager) and their PIDs."""

    def __init__(self, containers, tasks, pids):
        self._containers, self._tasks, self._pids = containers, tasks, pids
        self.task_reads = 0

    def containers(self, all=False, filters=None):
        assert all and filters == {"label": "com.docker.swarm.task.id"}
        return self._containers

    def tasks(self, filters=None):
        # The swarm's tasks that should run on this node; each spec read once, not per container.
        self.task_reads += 1
        assert filters == {"desired-state": "running", "node": "n1"}
        return [dict(task, ID=task_id) for task_id, task in sorted(self._tasks.items())
                if task["DesiredState"] == "running"]

    def inspect_container(self, container_id):
        return {"State": {"Pid": self._pids.get(container_id, 0)}}


class FakeClient:
    def __init__(self, *args, api=FakeApi):
        self.api = api(*args)


def summary(cid, task_id, state, service="app_web"):
    return {"Id": cid, "State": state,
            "Labels": {"com.docker.swarm.task.id": task_id, "com.docker.swarm.service.name": service}}


def test_local_tasks_names_the_files_a_running_task_lacks(tmp_path):
    spec = {"Spec": {"ContainerSpec": {"Secrets": [{"File": {"Name": "token"}}],
                                       "Configs": [{"File": {"Name": "/etc/motd"}}]}}}
    tasks = {"t1": dict(spec, DesiredState="running"), "t2": dict(spec, DesiredState="running"),
             "t3": dict(spec, DesiredState="shutdown"), "t4": dict(spec, DesiredState="running")}
    for pid, points in ((11, ["/", "/etc/motd"]), (12, ["/", "/etc/motd", "/run/secrets/token"])):
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "mountinfo").write_text(
            "".join("%d 1 0:1 /x %s rw - tmpfs tmpfs rw\n" % (i, p) for i, p in enumerate(points)))
    client = FakeClient([summary("c1", "t1", "running"), summary("c2", "t2", "running"),
                         summary("c3", "t3", "exited"), summary("c4", "t4", "created")],
                        tasks, {"c1": 11, "c2": 12})
    found = local_tasks(client, True, "n1", proc=str(tmp_path))
    assert [(t["container_id"], t["state"], t["missing"]) for t in found] == [
        ("c1", "running", ["/run/secrets/token"]), ("c2", "running", []), ("c4", "created", None)]
    assert client.api.task_reads == 1
    # The swarm's task list read already (for the cluster view) serves as it is: no second read.
    shared = [dict(task, ID=task_id) for task_id, task in tasks.items()]
    again = local_tasks(client, True, "n1", tasks=shared, proc=str(tmp_path))
    assert again == found and client.api.task_reads == 1


def test_local_tasks_on_a_worker_lists_its_containers_without_judging_them(tmp_path):
    client = FakeClient([summary("c1", "t1", "running"), summary("c2", "t2", "exited")], {}, {"c1": 11})
    assert [(t["container_id"], t["missing"]) for t in local_tasks(client, False, "n1", proc=str(tmp_path))] == [
        ("c1", None)]
    assert client.api.task_reads == 0


def test_local_tasks_on_a_manager_without_a_leader_judges_nothing(tmp_path):
    from docker.errors import APIError

    class NoLeader(FakeApi):
        def tasks(self, filters=None):
            raise APIError("rpc error: code = Unknown desc = The swarm does not have a leader.")

    client = FakeClient([summary("c1", "t1", "running")], {}, {"c1": 11}, api=NoLeader)
    assert local_tasks(client, True, "n1", proc=str(tmp_path)) == []
