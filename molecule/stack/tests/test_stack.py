"""What a user of the stack role sees on the swarm after converge and side_effect.yml."""
import json
import os
import re

from labtest import playbook

MANAGER = "stack-node1"


def _is_manager(host):
    return host.backend.get_hostname() == MANAGER


def _http(host, path):
    script = ("import urllib.request;"
              f"print(urllib.request.urlopen('http://127.0.0.1:8080{path}', timeout=5).read().decode(), end='')")
    return host.check_output(f'python3 -c "{script}"')


def test_every_node_serves_its_bind_volume_on_8080(host):
    assert _http(host, "/") == f"served from the bind volume on {host.backend.get_hostname()}"


def test_the_web_task_reads_the_rotated_secret(host):
    assert _http(host, "/cgi-bin/token") == "second-token"
    container = host.check_output("docker ps -q --filter label=com.docker.swarm.service.name=web_web")
    assert container, "no web_web task runs on this node"
    assert host.check_output(f"docker exec {container} /bin/cat /run/secrets/token") == "second-token"


def test_the_web_task_reads_its_config(host):
    container = host.check_output("docker ps -q --filter label=com.docker.swarm.service.name=web_web")
    # The config follows the secret's data, so it rolled to a new version with it.
    assert host.check_output(f"docker exec {container} /bin/cat /etc/motd") == "web stack; the token has 12 characters"


def test_the_previous_web_version_is_serving_after_the_rollback(host):
    if not _is_manager(host):
        return
    service = json.loads(host.check_output("docker service inspect web_web"))[0]
    assert service["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"] == "dockyard/busybox:latest"
    assert service["UpdateStatus"]["State"] == "rollback_completed"
    running = host.check_output(
        "docker service ps web_web --filter desired-state=running --format '{{.CurrentState}}'").splitlines()
    assert len(running) == 3 and all(state.startswith("Running") for state in running), running


def test_only_the_current_version_and_the_one_a_rollback_needed_are_left(host):
    """The side effect's token change made v2. When that deploy pruned, the web service's previous
    spec (what docker service rollback returns to) still named v1, so v1 stays; nothing older is
    left, and nothing else. The modules scenario checks the rollback itself."""
    if not _is_manager(host):
        return
    service = json.loads(host.check_output("docker service inspect web_web"))[0]
    container = service["Spec"]["TaskTemplate"]["ContainerSpec"]
    assert "web_token_v2" in [s["SecretName"] for s in container["Secrets"]]
    assert "web_motd_v2" in [c["ConfigName"] for c in container["Configs"]]
    for command, name in (("secret", "web_token"), ("config", "web_motd")):
        listed = set(host.check_output("docker %s ls --format '{{.Name}}'" % command).split())
        assert name + "_v2" in listed and listed <= {name + "_v1", name + "_v2"}, listed


def test_the_malformed_definition_deployed_nothing(host):
    if _is_manager(host):
        assert "malformed" not in host.check_output("docker stack ls --format '{{.Name}}'").split()


def test_the_removed_stack_left_no_service_task_or_network(host):
    assert not host.check_output("docker ps -aq --filter label=com.docker.stack.namespace=tools")
    if _is_manager(host):
        assert not host.check_output("docker service ls -q --filter label=com.docker.stack.namespace=tools")
        assert not host.check_output("docker network ls -q --filter label=com.docker.stack.namespace=tools")
        assert "tools" not in host.check_output("docker stack ls --format '{{.Name}}'").split()


def test_the_removed_stack_kept_its_volume_data(host):
    if _is_manager(host):
        assert host.file("/srv/tools/data/keep.txt").content_string == "kept\n"
        assert host.check_output("docker volume ls -q --filter name=tools_data") == "tools_data"
    else:
        # The tools service may run only on managers: its volume was never made on a worker.
        assert not host.file("/srv/tools/data").exists


def test_the_web_volume_binds_the_host_directory_on_every_node(host):
    volume = json.loads(host.check_output("docker volume inspect web_html"))[0]
    assert volume["Options"] == {"type": "none", "o": "bind", "device": "/srv/web/html"}


def test_a_node_left_out_of_the_play_binds_the_same_directory(host):
    """The spool stack was deployed with stack-node3 left out of the play (side_effect.yml)."""
    volume = json.loads(host.check_output("docker volume inspect spool_data"))[0]
    assert volume["Driver"] == "local"
    assert volume["Options"] == {"type": "none", "o": "bind", "device": "/srv/spool/data"}
    # The container wrote through the volume into the host directory (on stack-node3 the side
    # effect made it empty), not into a plain volume under /var/lib/docker/volumes.
    assert host.file("/srv/spool/data/written").content_string == "through-the-bind-volume\n"
    container = host.check_output("docker ps -q --filter label=com.docker.swarm.service.name=spool_writer")
    mounts = json.loads(host.check_output(f"docker inspect --format '{{{{json .Mounts}}}}' {container}"))
    assert [(m["Type"], m["Name"], m["Destination"]) for m in mounts] == [("volume", "spool_data", "/data")]


def test_a_deploy_by_its_tag_alone_still_checks_the_stacks_first(host):
    if not _is_manager(host):
        return
    run = playbook(os.path.join(os.path.dirname(os.path.dirname(__file__)), "tags.yml"),
                   "--tags", "stack_deploy", "-e", '{"stack_stacks": [{"name": "Bad Name"}]}')
    output = " ".join(run.output.split())
    assert run.rc != 0
    assert "Stack 'Bad Name': the name 'Bad Name' is not valid" in output, output[-3000:]
    assert re.search(r"stack-node1\s+:\s+ok=\d+\s+changed=0\s+unreachable=0\s+failed=1", output), output[-3000:]
