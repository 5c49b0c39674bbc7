"""What a user of the engine role sees on the nodes of the engine scenario."""

import json
import os
import subprocess

import pytest
from labtest import playbook

# Set in molecule.yml: node2 pins the engine version, node3 adds compose and a TCP host.
PINNED = {"engine-node2": "20.10.5"}
COMPOSE = {"engine-node3"}
TCP_HOSTS = {"engine-node3": "tcp://127.0.0.1:2375"}


def name(host):
    return host.backend.get_hostname()


def docker_json(host, *args):
    out = host.check_output("docker " + " ".join(args))
    return json.loads(out)


def test_service_is_running_and_enabled(host):
    docker = host.service("docker")
    assert docker.is_running
    assert docker.is_enabled


def test_docker_info_answers_with_the_daemon_json_settings(host):
    info = docker_json(host, "info", "--format", "'{{json .}}'")
    assert info["ServerVersion"]
    assert info["LiveRestoreEnabled"] is True
    assert "dockyard.lab=engine" in info["Labels"]
    assert info["LoggingDriver"] == "json-file"


def test_engine_package_is_installed(host):
    # node1 was uninstalled and reinstalled by the side effect; its data stayed.
    assert host.package("docker.io").is_installed
    if host.ansible.get_variables()["lab_uninstall_test"]:
        assert host.file("/var/lib/docker/dockyard-keep").exists


def test_daemon_json_is_the_configured_one(host):
    daemon_json = host.file("/etc/docker/daemon.json")
    assert daemon_json.mode == 0o644
    options = json.loads(daemon_json.content_string)
    assert options["log-opts"] == {"max-size": "10m", "max-file": "3"}
    # The refused value from the side effect is not left behind.
    assert "log-level" not in options
    leftovers = host.check_output("ls -A /etc/docker").split()
    assert [f for f in leftovers if f.startswith("daemon.json.")] == []


def test_container_runs_from_the_imported_image_with_the_log_options(host):
    state = docker_json(host, "inspect", "engine-probe")[0]
    assert state["State"]["Running"] is True
    assert state["Config"]["Image"] == "dockyard/busybox:latest"
    assert state["HostConfig"]["LogConfig"]["Config"] == {"max-size": "10m", "max-file": "3"}


def test_a_new_container_runs_and_answers(host):
    out = host.check_output("docker run --rm dockyard/busybox:latest echo hello from busybox")
    assert out == "hello from busybox"


def test_sdk_for_python_is_installed(host):
    assert host.package("python3-docker").is_installed
    host.run_expect([0], "python3 -c 'import docker'")


def test_refused_daemon_json_failed_with_dockerds_error(host):
    message = host.file("/var/tmp/engine-refused-config.txt").content_string
    # dockerd 20.10 says "unable to parse logging level: loud",
    # dockerd 26 "... invalid logging level: loud".
    assert "logging level: loud" in message
    assert "The previous file is back and the engine runs with it" in message


def test_no_docker_key_in_legacy_apt_locations(host):
    found = host.run("ls /etc/apt/trusted.gpg.d/ | grep -i docker")
    assert found.stdout == ""
    assert not host.file("/etc/apt/trusted.gpg").exists


def test_version_pin_is_held(host):
    pinned = PINNED.get(name(host))
    held = host.check_output("apt-mark showhold").split()
    if pinned is None:
        assert "docker.io" not in held
    else:
        assert "docker.io" in held
        assert host.package("docker.io").version.startswith(pinned)


def test_compose(host):
    if name(host) not in COMPOSE:
        pytest.skip("compose is not asked for on this node")
    assert host.package("docker-compose").is_installed
    host.run_expect([0], "docker compose version")


def test_hosts_from_daemon_json(host):
    dropin = host.file("/etc/systemd/system/docker.service.d/dockyard-hosts.conf")
    tcp = TCP_HOSTS.get(name(host))
    if tcp is None:
        assert not dropin.exists
        return
    assert dropin.exists
    exec_start = host.check_output("systemctl show --property=ExecStart docker.service")
    assert "fd://" not in exec_start
    # The local socket (fd://, from systemd) and the TCP listener both answer.
    assert host.check_output("docker version --format '{{.Server.Version}}'")
    assert host.check_output("docker -H %s version --format '{{.Server.Version}}'" % tcp)


def tagged_run(*args):
    """Run tags.yml (the role as site.yml uses it) with these options: a labtest.Run."""
    return playbook(os.path.join(os.path.dirname(os.path.dirname(__file__)), "tags.yml"), *args)


@pytest.mark.parametrize("tags", [["--tags", "engine_install"], ["--tags", "engine_configure"],
                                  ["--tags", "engine_service"], ["--skip-tags", "engine_configure"]])
def test_each_tag_runs_on_its_own_and_changes_nothing_on_converged_nodes(tags):
    run = tagged_run(*tags)
    assert run.rc == 0, run.output[-3000:]
    assert run.changed and set(run.changed.values()) == {0}, run.changed


def test_the_checks_of_the_inputs_run_with_the_tag_of_the_configuration():
    before = subprocess.run(["docker", "exec", "engine-node1", "cat", "/etc/docker/daemon.json"],
                            capture_output=True, text=True, check=True).stdout
    run = tagged_run("--tags", "engine_configure", "--limit", "engine-node1",
                     "-e", '{"engine_daemon_options": {"hosts": ["fd://", "tcp://0.0.0.0:2375"]}}',
                     "-e", '{"engine_allow_insecure_tcp": false}')
    assert run.rc != 0
    start = run.output.find("TASK [dockyard.swarm.engine : Refuse a TCP listener without TLS client verification]")
    assert start >= 0, run.output[-3000:]
    end = run.output.find("\nTASK [", start + 1)
    failed = run.output[start:] if end < 0 else run.output[start:end]
    assert "fatal: [engine-node1]: FAILED!" in failed and "tcp://0.0.0.0:2375" in failed, run.output[-3000:]
    after = subprocess.run(["docker", "exec", "engine-node1", "cat", "/etc/docker/daemon.json"],
                           capture_output=True, text=True, check=True).stdout
    assert after == before
