"""What a user of stack_deploy sees on the swarm after converge and side_effect.yml.

Some tests run playbooks themselves (service_update.yml, a -vvv run), in file order.
"""
import json
import os

from labtest import playbook

MANAGER = "deploy-node3"
PROJECT = os.environ.get("MOLECULE_PROJECT_DIRECTORY", os.getcwd())
SCENARIO = os.path.join(PROJECT, "molecule", "deploy")
MARKER = "Marker-Secret-5d1c9e"


def _manager(host):
    return host.backend.get_hostname() == MANAGER


def _service(host, name):
    return json.loads(host.check_output(f"docker service inspect {name}"))[0]


def _env(service):
    return sorted(service["Spec"]["TaskTemplate"]["ContainerSpec"].get("Env") or [])


def manager_run(path, *args):
    """Run a playbook against the scenario's inventory: (its whole output, changed, failures on the manager).

    With the JSON callback, which prints every result in full (message, invocation, diff).
    """
    run = playbook(path, *args, json_callback=True)
    stats = run.document["stats"][MANAGER]
    return run.output, stats["changed"], stats["failures"]


def test_the_drift_was_corrected_to_the_definition(host):
    if _manager(host):
        assert _service(host, "app_web")["Spec"]["Mode"]["Replicated"]["Replicas"] == 2
        running = host.check_output(
            "docker service ps app_web --filter desired-state=running --format '{{.CurrentState}}'").splitlines()
        assert len(running) == 2 and all(s.startswith("Running") for s in running), running


def test_the_job_completed_and_the_idle_service_has_no_task(host):
    if _manager(host):
        states = host.check_output("docker service ps app_migrate --format '{{.CurrentState}}'").splitlines()
        assert len([s for s in states if s.startswith("Complete")]) >= 2, states
        assert not host.check_output("docker service ps -q app_idle --filter desired-state=running")


def test_the_stack_rollback_put_both_services_back_on_release_1(host):
    if not _manager(host):
        return
    a, b = _service(host, "rel_a"), _service(host, "rel_b")
    assert "RELEASE=1" in _env(a) and "RELEASE=1" in _env(b)
    assert b["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"].startswith("dockyard/busybox:latest")
    # Both were updated to release 2 and back: the previous spec is release 2.
    assert "RELEASE=2" in sorted(a["PreviousSpec"]["TaskTemplate"]["ContainerSpec"]["Env"])
    for name in ("rel_a", "rel_b"):
        running = host.check_output(
            f"docker service ps {name} --filter desired-state=running --format '{{{{.Image}}}} {{{{.CurrentState}}}}'")
        assert running.startswith("dockyard/busybox:latest Running"), (name, running)


def test_service_update_rolls_back_once_and_the_next_deploy_restores_the_definition(host):
    if not _manager(host):
        return
    update = os.path.join(PROJECT, "playbooks", "service_update.yml")
    output, changed, failed = manager_run(update, "-e", "service=app_web", "-e", "rollback=true")
    assert (changed, failed) == (1, 0), output[-3000:]
    # The previous spec of app_web is the one scaled to 3 by side_effect.yml.
    assert _service(host, "app_web")["Spec"]["Mode"]["Replicated"]["Replicas"] == 3
    output, changed, failed = manager_run(update, "-e", "service=app_web", "-e", "rollback=true")
    assert (changed, failed) == (0, 0), output[-3000:]
    assert "already rolled back (its last change was a rollback)" in output
    assert _service(host, "app_web")["Spec"]["Mode"]["Replicated"]["Replicas"] == 3
    output, changed, failed = manager_run(os.path.join(SCENARIO, "app.yml"))
    assert failed == 0 and changed == 1, output[-3000:]
    assert _service(host, "app_web")["Spec"]["Mode"]["Replicated"]["Replicas"] == 2


def test_no_output_shows_the_environment_secret_at_vvv(host):
    if not _manager(host):
        return
    # The module invocation is printed, without the definition; the failing task's log line is
    # reported, with the value masked.
    output, _changed, failed = manager_run(os.path.join(SCENARIO, "verbose.yml"), "-vvv")
    assert failed == 0
    assert '"definition": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"' in output, output[-3000:]
    assert MARKER not in output
    assert "| token is ********" in output, output[-3000:]
