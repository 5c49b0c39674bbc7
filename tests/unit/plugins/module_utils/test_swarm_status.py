"""What swarm_status keeps of the engine's answers: services' convergence, nodes, and nothing secret."""
from ansible_collections.dockyard.swarm.plugins.module_utils._swarm_status import (
    _node, _service, local_state, node_key_encrypted)


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
