"""The swarm health report from what swarm_status read on every host."""
from ansible_collections.dockyard.swarm.plugins.filter.swarm_health import swarm_health

MANAGERS = ["m1", "m2", "m3"]


def node(nid, role="manager", state="ready", reach="reachable", leader=False, avail="active", version="20.10",
         current=True):
    return dict(id=nid, hostname="host-" + nid, role=role, availability=avail, state=state, addr="10.0.0." + nid[-1],
                engine_version=version, leader=leader, reachability=reach if role == "manager" else "",
                manager_addr=("10.0.0.%s:2377" % nid[-1]) if role == "manager" else "", certificate_current=current)


def local(nid, state="active", manager=True, version="20.10", days=80.0):
    return dict(hostname="host-" + nid, engine_version=version, swarm_state=state, node_id=nid,
                node_addr="10.0.0." + nid[-1], control_available=manager and state == "active", cluster_id="c1",
                autolock=False, error="", raft_last_write=0,
                certificate=dict(path="/x", not_after="2027-03-01T00:00:00Z", days_left=days))


def cluster(nodes, services=(), error=""):
    return dict(id="c1", error=error, autolock=False, ca_force_rotate=0, nodes=list(nodes), services=list(services))


def healthy_results(**changes):
    nodes = [node("n1", leader=True), node("n2"), node("n3"), node("n4", role="worker")]
    view = cluster(nodes, [dict(name="app_web", mode="global", desired=4, running=4, converged=True, errors=[])])
    results = {"m1": dict(local=local("n1"), cluster=view), "m2": dict(local=local("n2"), cluster=view),
               "m3": dict(local=local("n3"), cluster=view), "w1": dict(local=local("n4", manager=False), cluster={})}
    results.update(changes)
    return results


def test_a_whole_swarm_is_healthy_with_its_quorum_margin():
    report = swarm_health(healthy_results(), MANAGERS)
    assert report["healthy"], report["problems"]
    assert report["quorum"] == dict(managers=3, reachable=3, needed=2, margin=1, lost=False)
    assert report["leader_host"] == "m1" and report["cluster_host"] == "m1"
    assert report["warnings"] == []


def test_lost_managers_and_their_quorum_are_problems():
    view = cluster([], error="rpc error: The swarm does not have a leader")
    results = healthy_results(m1=dict(local=local("n1"), cluster=view), m2=dict(unreachable=True),
                              m3=dict(failed=True, msg="Cannot reach the Docker engine"))
    report = swarm_health(results, MANAGERS)
    assert not report["healthy"]
    text = " ".join(report["problems"])
    assert "Host m2 was not reached" in text and "Host m3: Cannot reach the Docker engine" in text
    assert "does not have a leader" in text and "lost the quorum: 0 of 3" in text
    assert report["quorum"]["lost"]


def test_a_down_manager_a_drained_node_skew_and_a_failing_service():
    nodes = [node("n1", leader=True), node("n2", state="down", reach="unreachable"), node("n3", version="26.1"),
             node("n4", role="worker", avail="drain")]
    view = cluster(nodes, [dict(name="app_web", mode="replicated", desired=2, running=1, converged=False,
                                errors=["No such image: x"])])
    report = swarm_health(healthy_results(m1=dict(local=local("n1"), cluster=view)), MANAGERS)
    text = " ".join(report["problems"])
    assert "Manager host-n2 (10.0.0.2:2377) is unreachable" in text
    assert "Service app_web runs 1 of 2 tasks: No such image: x" in text
    assert report["quorum"]["margin"] == 0 and report["nodes_down"] == ["host-n2"]
    assert report["nodes_drained"] == ["host-n4 (drain)"]
    assert sorted(report["engine_versions"]) == ["20.10", "26.1"]
    assert any("No manager may fail" in w for w in report["warnings"])


def test_certificates_soon_expired_or_from_an_old_ca_are_problems():
    nodes = [node("n1", leader=True), node("n2", current=False), node("n3"), node("n4", role="worker")]
    view = cluster(nodes)
    report = swarm_health(healthy_results(m1=dict(local=local("n1", days=2.5), cluster=view)), MANAGERS, cert_days=7)
    text = " ".join(report["problems"])
    assert "certificate of m1 expires on 2027-03-01T00:00:00Z (in 2.5 days)" in text
    assert "not come from the current swarm CA yet: host-n2" in text


def test_a_task_without_its_files_is_a_problem_that_names_the_fix():
    lacking = dict(service="app_web", task_id="t1", container_id="c1", state="running",
                   missing=["/run/secrets/token", "/etc/motd"])
    fine = dict(service="app_api", task_id="t2", container_id="c2", state="running", missing=[])
    unknown = dict(service="app_web", task_id="t3", container_id="c3", state="running", missing=None)
    results = healthy_results()
    results["m2"] = dict(results["m2"], local=dict(results["m2"]["local"], tasks=[lacking, fine]))
    results["w1"] = dict(results["w1"], local=dict(results["w1"]["local"], tasks=[unknown]))
    report = swarm_health(results, MANAGERS)
    assert not report["healthy"]
    assert report["tasks_without_files"] == [
        dict(host="m2", service="app_web", task_id="t1", missing=["/run/secrets/token", "/etc/motd"])]
    assert report["problems"] == [
        "The task t1 of service app_web on m2 runs without /run/secrets/token, /etc/motd (its container was started "
        "without them after an engine restart); docker service update --force app_web replaces it."]
