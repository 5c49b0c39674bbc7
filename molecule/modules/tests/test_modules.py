"""What a user of bind_volume and secret observes on a one-node swarm.

The tests call the modules themselves (through Ansible, as a playbook would) for the flows
that change things on purpose; each test uses its own objects. They run in file order:
the last one leaves the swarm and forms it again.
"""

import json
import os
import time

import pytest
from labtest import ansible

NODE = "modules-node1"
# Warnings are asserted on: keep the interpreter discovery notice out of them.
QUIET_INTERPRETER = {"ANSIBLE_PYTHON_INTERPRETER": os.environ.get("ANSIBLE_PYTHON_INTERPRETER", "auto_silent")}
BUSYBOX = "dockyard/busybox:latest"
VOLUME_PATH = "/srv/modules/data"


class ModuleFailed(Exception):
    def __init__(self, result):
        super().__init__(result.get("msg"))
        self.result = result


def run(host, module, check=False, **args):
    """Run dockyard.swarm.<module> on the node as a playbook task would: its result, or ModuleFailed.

    Through `ansible` with the JSON callback: testinfra's host.ansible() cannot tell a
    failed module from a successful one with ansible-core 2.19.
    """
    command = ["ansible", "-i", os.environ["MOLECULE_INVENTORY_FILE"], "-m", "dockyard.swarm." + module,
               "-a", json.dumps(args), NODE] + (["--check"] if check else [])
    result = ansible(command, json_callback=True, env=QUIET_INTERPRETER, timeout=600).document[
        "plays"][0]["tasks"][0]["hosts"][NODE]
    if result.get("failed"):
        raise ModuleFailed(result)
    return result


def failure(host, module, **args):
    with pytest.raises(ModuleFailed) as error:
        run(host, module, **args)
    return error.value.result["msg"]


def docker(host, command, *args):
    return host.check_output("docker " + command, *args)


def inspect(host, kind, name):
    return json.loads(docker(host, "%s inspect %s" % (kind, name)))[0]


def exists(host, kind, name):
    return host.run("docker %s inspect %s" % (kind, name)).rc == 0


def start_service(host, name, secret):
    # --no-resolve-image: the image is local to the node, there is no registry to ask.
    docker(host, "service create --detach --quiet --no-resolve-image --name %s --secret %s " + BUSYBOX + " sleep 3600",
           name, secret)


@pytest.fixture(scope="module", autouse=True)
def _leftovers(host):
    """Remove what an earlier run of these tests left behind, so that they can run again."""
    host.run("docker service rm modules-rot-svc modules-fixed-svc modules-verbose-svc modules-rb-svc modules-reuse-svc "
             "modules-gone-svc modules-verbose-rb-svc modules-files-svc")
    host.run("docker rm -f modules-swap-user modules-gone-user modules-link-user")
    host.run("docker volume rm modules-move modules-swap modules-gone modules-plain modules-link modules-linked")
    host.run("rm -rf /srv/modules/old /srv/modules/new /srv/modules/swap-a /srv/modules/swap-b /srv/modules/gone "
             "/srv/modules/real /srv/modules/link /srv/modules/to-docker /srv/modules/to-etc")
    host.run("docker secret ls --format '{{.Name}}' "
             "| grep -E '^modules-(rot|pre|fixed|verbose|guard|rb|reuse|gone|files|read)' | xargs -r docker secret rm")
    host.run("docker config ls --format '{{.Name}}' | grep -E '^modules-(verbose|cfg|files)' | xargs -r docker config rm")


# --- bind_volume ----------------------------------------------------------------------------

def test_node_info_reads_packages_unit_files_users_and_swarm(host):
    """node_info against the real node: what dpkg, systemd, the name service and the engine say."""
    host.run("touch -d '2000-01-01' /etc/modules-node-info.old")
    result = run(host, "node_info", packages=["docker.io", "python3-docker", "no-such-package"],
                 paths=["/etc/docker", "/etc/modules-node-info.*", "/srv/modules/none/here"],
                 unit_files=["/etc/modules-node-info.old"], group="docker", users=["root", "no-such-user"],
                 swarm_nodes=True, swarm_networks=True, images=True)
    version = host.check_output("dpkg-query --show --showformat='${Version}' docker.io")
    assert result["packages"]["docker.io"]["version"] == version and result["packages"]["docker.io"]["installed"]
    assert "no-such-package" not in result["packages"]
    assert result["unit"]["active_state"] == "active" and result["unit"]["started"] > 946684800
    assert result["unread"] == []
    assert result["paths"]["/etc/docker"]["type"] == "directory"
    assert sorted(result["paths"]) == ["/etc/docker", "/etc/modules-node-info.old"]
    assert result["missing"]["/srv/modules/none/here"]["parent"] == "/srv/modules"
    assert result["group"]["exists"] and result["users"]["root"]["exists"] and not result["users"]["no-such-user"]["exists"]
    info = json.loads(docker(host, "info --format '{{json .Swarm}}'"))
    assert result["engine"]["answers"] and result["swarm"]["NodeID"] == info["NodeID"]
    assert [node["ID"] for node in result["nodes"]] == [info["NodeID"]]
    assert BUSYBOX in result["images"]
    assert all(net["Scope"] == "swarm" for net in result["networks"])
    assert "SWMTKN-" not in json.dumps(result)


def test_node_info_sees_a_file_changed_after_the_engine_started_and_reads_the_same_in_check_mode(host):
    host.run("touch /etc/modules-node-info.new")
    args = dict(unit_files=["/etc/modules-node-info.new", "/etc/modules-node-info.old"], engine=False)
    result = run(host, "node_info", **args)
    assert result["unread"] == ["/etc/modules-node-info.new"]
    assert result["engine"] == dict(answers=False) and result["swarm"] == {}
    checked = run(host, "node_info", check=True, **args)
    assert checked["unread"] == result["unread"] and not checked["changed"]
    host.run("rm -f /etc/modules-node-info.new /etc/modules-node-info.old")


def test_node_info_without_an_engine_socket_says_why_and_fails_nothing(host):
    result = run(host, "node_info", docker_host="unix:///run/no-such-engine.sock", unit="")
    assert result["engine"]["answers"] is False
    assert "/run/no-such-engine.sock" in result["engine"]["error"]
    assert "unit" not in result


def work(read, spec):
    """The keys the bind_volume_work filter hands to the module, evaluated by Ansible on the controller."""
    command = ["ansible", "localhost", "-m", "ansible.builtin.debug",
               "-a", json.dumps({"msg": "{{ read | dockyard.swarm.bind_volume_work([spec]) }}"}),
               "-e", json.dumps(dict(read=read, spec=spec))]
    return ansible(command, json_callback=True, timeout=600).document["plays"][0]["tasks"][0]["hosts"]["localhost"]["msg"]


@pytest.mark.parametrize("change, expected", [
    ({}, []),
    ({"mode": "0755"}, ["data"]),
    ({"owner": "root"}, ["data"]),
    ({"labels": {"app": "other"}}, ["data"]),
    ({"name": "modules-never-made", "path": "/srv/modules/never-made"}, ["data"]),
    ({"name": "modules-link", "path": "/srv/modules/link"}, ["data"]),
    ({"path": "/etc"}, ["data"]),
])
def test_the_read_skips_a_bind_volume_only_where_the_module_would_change_nothing(host, change, expected):
    """node_info's read of the real node, judged by bind_volume_work, agrees with bind_volume in check mode."""
    host.check_output("mkdir -p /srv/modules/real && ln -sfn /srv/modules/real /srv/modules/link")
    spec = dict(dict(name="modules-data", path=VOLUME_PATH, owner="www-data", group="www-data", mode="0750",
                     labels={"app": "modules"}), **change)
    read = run(host, "node_info", unit="", volumes=[spec["name"]], paths=[spec["path"]])
    assert work(read, dict(spec, key="data")) == expected
    try:
        module_changed = run(host, "bind_volume", check=True, **spec)["changed"]
    except ModuleFailed:
        module_changed = "failed"
    if expected:
        assert module_changed in (True, "failed")
    else:
        assert module_changed is False


def test_converged_volume_binds_the_directory(host):
    volume = inspect(host, "volume", "modules-data")
    assert volume["Driver"] == "local"
    assert volume["Options"] == {"type": "none", "o": "bind", "device": VOLUME_PATH}
    assert volume["Labels"] == {"app": "modules"}


def test_converged_directory_has_the_wanted_owner_and_mode(host):
    directory = host.file(VOLUME_PATH)
    assert directory.is_directory
    assert directory.user == "www-data"
    assert directory.group == "www-data"
    assert directory.mode == 0o750


def test_a_container_writes_through_the_volume_to_the_host_directory(host):
    docker(host, "run --rm -v modules-data:/data %s sh -c %s", BUSYBOX, "echo written-by-container > /data/note.txt")
    assert host.file(VOLUME_PATH + "/note.txt").content_string == "written-by-container\n"


@pytest.mark.parametrize("path, expected", [
    ("srv/relative", "path 'srv/relative' is relative; give the absolute path"),
    ("/etc/hostname", "path '/etc/hostname' exists but is a file, not a directory"),
])
def test_bad_paths_are_refused(host, path, expected):
    message = failure(host, "bind_volume", name="modules-bad", path=path)
    assert message.startswith("Volume 'modules-bad': ")
    assert expected in message
    assert not exists(host, "volume", "modules-bad")


def test_a_missing_directory_is_refused_without_create_path(host):
    message = failure(host, "bind_volume", name="modules-bad", path="/srv/modules/missing", create_path=False)
    assert message == ("Volume 'modules-bad': directory '/srv/modules/missing' does not exist on this node and "
                       "create_path is false. Create it first, or set create_path: true.")
    assert not host.file("/srv/modules/missing").exists


def test_a_different_volume_is_refused_naming_wanted_and_found(host):
    run(host, "bind_volume", name="modules-move", path="/srv/modules/old")
    message = failure(host, "bind_volume", name="modules-move", path="/srv/modules/new")
    assert "Volume 'modules-move' exists but differs from the task" in message
    assert "option device: wanted /srv/modules/new, found /srv/modules/old" in message
    assert "recreate: if_unused" in message
    assert inspect(host, "volume", "modules-move")["Options"]["device"] == "/srv/modules/old"


def test_recreate_if_unused_refuses_while_used_and_recreates_when_free(host):
    run(host, "bind_volume", name="modules-swap", path="/srv/modules/swap-a")
    host.check_output("echo keep-me > /srv/modules/swap-a/data.txt")
    docker(host, "run -d --name modules-swap-user -v modules-swap:/data %s sleep 600", BUSYBOX)
    try:
        message = failure(host, "bind_volume", name="modules-swap", path="/srv/modules/swap-b", recreate="if_unused")
        assert "Volume 'modules-swap' differs from the task" in message
        assert "but is used by containers: modules-swap-user" in message
        assert inspect(host, "volume", "modules-swap")["Options"]["device"] == "/srv/modules/swap-a"
    finally:
        docker(host, "rm -f modules-swap-user")

    result = run(host, "bind_volume", name="modules-swap", path="/srv/modules/swap-b", recreate="if_unused")
    assert result["changed"]
    assert result["actions"] == ["created directory /srv/modules/swap-b", "removed volume modules-swap",
                                 "created volume modules-swap"]
    assert inspect(host, "volume", "modules-swap")["Options"]["device"] == "/srv/modules/swap-b"
    assert host.file("/srv/modules/swap-a/data.txt").content_string == "keep-me\n"


def test_absent_refuses_while_used_then_removes_only_the_volume(host):
    run(host, "bind_volume", name="modules-gone", path="/srv/modules/gone")
    host.check_output("echo still-here > /srv/modules/gone/data.txt")
    docker(host, "run -d --name modules-gone-user -v modules-gone:/data %s sleep 600", BUSYBOX)
    try:
        message = failure(host, "bind_volume", name="modules-gone", state="absent")
        assert message.startswith("Cannot remove volume 'modules-gone': it is used by containers: modules-gone-user.")
        assert exists(host, "volume", "modules-gone")
    finally:
        docker(host, "rm -f modules-gone-user")

    assert run(host, "bind_volume", name="modules-gone", state="absent")["changed"]
    assert not exists(host, "volume", "modules-gone")
    assert host.file("/srv/modules/gone/data.txt").content_string == "still-here\n"
    assert not run(host, "bind_volume", name="modules-gone", state="absent")["changed"]


def test_absent_refuses_a_volume_that_holds_its_own_data(host):
    docker(host, "volume create modules-plain")
    message = failure(host, "bind_volume", name="modules-plain", state="absent")
    assert "Volume 'modules-plain' is not a bind volume" in message
    assert "it would delete the data it holds" in message
    assert exists(host, "volume", "modules-plain")


@pytest.mark.parametrize("path, shown", [
    ("/srv/..", "path '/srv/..' (that is /) cannot be bound: it is the system directory /,"),
    ("/etc", "path '/etc' cannot be bound: it is the system directory /etc,"),
    ("/usr/lib", "path '/usr/lib' cannot be bound: it is below the system directory /usr,"),
    ("/var/lib/docker/volumes", "path '/var/lib/docker/volumes' cannot be bound: it is below Docker's data "
                                "directory /var/lib/docker,"),
    ("/var/lib", "path '/var/lib' cannot be bound: it is the system directory /var/lib,"),
])
@pytest.mark.parametrize("check", [True, False])
def test_system_and_docker_directories_are_refused_and_left_alone(host, path, shown, check):
    before = host.check_output("stat -c '%%U:%%G %%a' %s", path)
    message = failure(host, "bind_volume", check=check, name="modules-bad", path=path, owner="www-data", mode="0700")
    assert message.startswith("Volume 'modules-bad': " + shown)
    assert "Give a directory of its own for the volume's data, such as /srv/modules-bad." in message
    assert host.check_output("stat -c '%%U:%%G %%a' %s", path) == before
    assert not exists(host, "volume", "modules-bad")


@pytest.mark.parametrize("check", [True, False])
def test_a_link_to_a_refused_directory_is_refused(host, check):
    host.check_output("mkdir -p /srv/modules && ln -sfn /etc /srv/modules/to-etc")
    root = json.loads(docker(host, "info --format '{{json .DockerRootDir}}'"))
    host.check_output("ln -sfn %s /srv/modules/to-docker", root)
    message = failure(host, "bind_volume", check=check, name="modules-bad", path="/srv/modules/to-etc")
    assert message.startswith("Volume 'modules-bad': path '/srv/modules/to-etc' (that is /etc) cannot be bound: "
                              "it is the system directory /etc,")
    message = failure(host, "bind_volume", check=check, name="modules-bad", path="/srv/modules/to-docker")
    assert message.startswith("Volume 'modules-bad': path '/srv/modules/to-docker' (that is %s) cannot be bound: "
                              "it is Docker's data directory %s," % (root, root))
    assert not exists(host, "volume", "modules-bad")


def test_a_relative_path_hint_is_built_from_what_was_typed(host):
    message = failure(host, "bind_volume", name="modules-bad", path="srv/uploads")
    assert message == ("Volume 'modules-bad': path 'srv/uploads' is relative; give the absolute path of the host "
                       "directory, such as /srv/uploads.")


@pytest.mark.parametrize("name, problem", [
    ("m", "it must be at least two characters long"),
    ("modules bad", "only letters, digits"),
    ("", "it is empty"),
])
def test_invalid_volume_names_are_refused_before_any_change(host, name, problem):
    message = failure(host, "bind_volume", name=name, path="/srv/modules/never")
    assert message.startswith("Volume '%s': '%s' is not a valid volume name: " % (name, name))
    assert problem in message
    assert not host.file("/srv/modules/never").exists


def test_a_symlinked_path_is_resolved_and_a_rerun_is_unchanged(host):
    host.check_output("mkdir -p /srv/modules/real && ln -sfn /srv/modules/real /srv/modules/link")
    args = dict(name="modules-link", path="/srv/modules/link", owner="www-data", group="www-data", mode="0750")
    first = run(host, "bind_volume", **args)
    assert first["changed"]
    assert first["directory"]["path"] == "/srv/modules/real"
    assert first["volume"]["options"]["device"] == "/srv/modules/real"
    real = host.file("/srv/modules/real")
    assert (real.user, real.group, real.mode) == ("www-data", "www-data", 0o750)
    link = host.file("/srv/modules/link")
    assert link.is_symlink and link.linked_to == "/srv/modules/real"
    assert host.check_output("stat -c %U /srv/modules/link") == "root", "the link itself is left as it is"

    again = run(host, "bind_volume", **args)
    assert not again["changed"] and again["actions"] == []
    assert not run(host, "bind_volume", check=True, **args)["changed"]

    docker(host, "run --rm --name modules-link-user -v modules-link:/data %s sh -c %s", BUSYBOX,
           "echo through-the-link > /data/note.txt")
    assert host.file("/srv/modules/real/note.txt").content_string == "through-the-link\n"


def test_a_volume_bound_to_the_link_counts_as_bound_to_its_target(host):
    host.check_output("mkdir -p /srv/modules/real && ln -sfn /srv/modules/real /srv/modules/link")
    docker(host, "volume create --driver local --opt type=none --opt o=bind --opt device=/srv/modules/link modules-linked")
    for path in ("/srv/modules/link", "/srv/modules/real"):
        result = run(host, "bind_volume", name="modules-linked", path=path)
        assert not result["changed"], result["actions"]
    assert inspect(host, "volume", "modules-linked")["Options"]["device"] == "/srv/modules/link"


# --- secret ---------------------------------------------------------------------------------

def test_converged_secret_carries_a_salted_fingerprint_not_the_data(host):
    labels = inspect(host, "secret", "modules-converge_v1")["Spec"]["Labels"]
    assert labels["dockyard.swarm.secret"] == "modules-converge"
    assert labels["dockyard.swarm.version"] == "1"
    salt, mac = labels["dockyard.swarm.fingerprint"].split(":")
    assert len(salt) == 32 and len(mac) == 64
    assert "converge-secret-3b2f9c" not in json.dumps(labels)


def current_version(read, spec, data, key, keep):
    """The version the stack_object_version filter takes from the read, evaluated by Ansible on the controller."""
    command = ["ansible", "localhost", "-m", "ansible.builtin.debug",
               "-a", json.dumps({"msg": "{{ read | dockyard.swarm.stack_object_version(spec, data, key, keep) }}"}),
               "-e", json.dumps(dict(read=read, spec=spec, data=data, key=key, keep=keep))]
    return ansible(command, json_callback=True, timeout=600).document["plays"][0]["tasks"][0]["hosts"]["localhost"]["msg"]


READ_KEY = "5f0c2e9a7d41b8c36e1f0a9b8c7d6e5f"


@pytest.mark.parametrize("data, labels, keep", [
    ("read-alpha-71c4", {"team": "web"}, 2),
    ("read-alpha-71c4", None, 2),
    ("read-alpha-71c4", {"team": "web"}, 1),
    ("read-beta-9e02", {"team": "web"}, 2),
    ("read-alpha-71c4", {"team": "db"}, 2),
    ("read-alpha-71c4", {}, 2),
])
def test_the_read_names_a_secret_version_only_where_the_module_would_change_nothing(host, data, labels, keep):
    """node_info's read of the real swarm, judged by stack_object_version, agrees with secret in check mode."""
    made = run(host, "secret", name="modules-read", data="read-alpha-71c4", labels={"team": "web"})
    read = run(host, "node_info", unit="", secrets=["modules-read"], fingerprint_key=READ_KEY)
    assert [v["name"] for v in read["secrets"]["modules-read"]] == [made["secret_name"]]
    spec = dict(kind="secrets", key="read", name="modules-read", **({} if labels is None else dict(labels=labels)))
    found = current_version(read, spec, data, READ_KEY, keep)
    args = dict(name="modules-read", data=data, keep_versions=keep, **({} if labels is None else dict(labels=labels)))
    module = run(host, "secret", check=True, **args)
    assert (found != "") == (module["changed"] is False), (found, module["actions"])
    if found:
        assert found == module["secret_name"]
    # The output tells nothing that guesses of the data could be tested against: no label digest, no key.
    mac = inspect(host, "secret", made["secret_name"])["Spec"]["Labels"]["dockyard.swarm.fingerprint"].split(":")[1]
    assert mac not in json.dumps(read) and READ_KEY not in json.dumps(read)
    assert "read-alpha-71c4" not in json.dumps(read)


def test_rotation_keeps_a_version_in_use_and_removes_it_once_free(host):
    first = run(host, "secret", name="modules-rot", data="rotation-one")
    assert first["secret_name"] == "modules-rot_v1"
    start_service(host, "modules-rot-svc", "modules-rot_v1")
    try:
        # keep_versions=1: only the newest is wanted, but v1 is in use, so it stays.
        second = run(host, "secret", name="modules-rot", data="rotation-two", keep_versions=1)
        assert second["secret_name"] == "modules-rot_v2"
        assert second["kept_in_use"] == ["modules-rot_v1"]
        assert second["kept_in_use_by"] == {"modules-rot_v1": ["modules-rot-svc"]}
        assert second["removed"] == []
        # The normal middle of a rotation: reported in kept_in_use, with no warning to act on.
        assert not second.get("warnings")
        assert exists(host, "secret", "modules-rot_v1")

        docker(host, "service update --detach --quiet --secret-rm modules-rot_v1 --secret-add modules-rot_v2 %s",
               "modules-rot-svc")
        # The service's previous spec (its rollback) still names v1: kept.
        moved = run(host, "secret", name="modules-rot", data="rotation-two", keep_versions=1)
        assert not moved["changed"] and moved["kept_in_use"] == ["modules-rot_v1"]
        # One more update: neither spec names v1 any more.
        docker(host, "service update --detach --quiet --env-add ROUND=2 %s", "modules-rot-svc")
        check = run(host, "secret", check=True, name="modules-rot", data="rotation-two", keep_versions=1)
        assert check["changed"] and check["removed"] == ["modules-rot_v1"]
        assert exists(host, "secret", "modules-rot_v1")

        third = run(host, "secret", name="modules-rot", data="rotation-two", keep_versions=1)
        assert third["changed"]
        assert third["secret_name"] == "modules-rot_v2" and third["secret_id"] == second["secret_id"]
        assert third["removed"] == ["modules-rot_v1"]
        assert not exists(host, "secret", "modules-rot_v1")
        assert not run(host, "secret", name="modules-rot", data="rotation-two", keep_versions=1)["changed"]
    finally:
        docker(host, "service rm modules-rot-svc")


def service_secrets(host, service, spec="Spec"):
    specs = inspect(host, "service", service)
    container = (specs.get(spec) or {}).get("TaskTemplate", {}).get("ContainerSpec", {})
    return sorted(s["SecretName"] for s in container.get("Secrets") or [])


def test_pruning_keeps_what_a_rollback_needs_and_the_rollback_works(host):
    run(host, "secret", name="modules-rb", data="rollback-one")
    start_service(host, "modules-rb-svc", "modules-rb_v1")
    try:
        assert run(host, "secret", name="modules-rb", data="rollback-two")["secret_name"] == "modules-rb_v2"
        docker(host, "service update --detach --quiet --secret-rm modules-rb_v1 --secret-add modules-rb_v2 %s",
               "modules-rb-svc")
        assert service_secrets(host, "modules-rb-svc") == ["modules-rb_v2"]
        assert service_secrets(host, "modules-rb-svc", "PreviousSpec") == ["modules-rb_v1"]

        # Only the previous spec names v1: it stays, whatever keep_versions says.
        for check in (True, False):
            pruned = run(host, "secret", check=check, name="modules-rb", data="rollback-two", keep_versions=1)
            assert not pruned["changed"] and pruned["removed"] == []
            assert pruned["kept_in_use"] == ["modules-rb_v1"]
            assert pruned["kept_in_use_by"] == {"modules-rb_v1": ["modules-rb-svc (previous spec)"]}
            assert not pruned.get("warnings")
        assert exists(host, "secret", "modules-rb_v1")

        docker(host, "service rollback --quiet %s", "modules-rb-svc")
        assert service_secrets(host, "modules-rb-svc") == ["modules-rb_v1"]
        tasks = docker(host, "service ps --filter desired-state=running --format '{{.CurrentState}}' %s",
                       "modules-rb-svc")
        assert tasks.startswith("Running"), tasks
    finally:
        docker(host, "service rm %s", "modules-rb-svc")
    # No service left: now the old version goes.
    assert run(host, "secret", name="modules-rb", data="rollback-two", keep_versions=1)["removed"] == ["modules-rb_v1"]


def test_absent_warns_when_it_removes_what_a_rollback_needs(host):
    run(host, "secret", name="modules-gone", data="gone-one")
    start_service(host, "modules-gone-svc", "modules-gone_v1")
    try:
        docker(host, "service update --detach --quiet --secret-rm modules-gone_v1 %s", "modules-gone-svc")
        result = run(host, "secret", name="modules-gone", state="absent")
        assert result["removed"] == ["modules-gone_v1"]
        assert result["warnings"] == [
            "Secret 'modules-gone': removed modules-gone_v1, which the previous spec of services modules-gone-svc "
            "names: a rollback of it (docker service rollback) will fail for want of it."]
        assert not exists(host, "secret", "modules-gone_v1")
    finally:
        docker(host, "service rm %s", "modules-gone-svc")


def test_data_equal_to_an_existing_version_reuses_it(host):
    """v2 (data A) in use, v3 (data B) left by a run that failed: a run with data A goes back to v2."""
    run(host, "secret", name="modules-reuse", data="reuse-zero", keep_versions=3)
    v2 = run(host, "secret", name="modules-reuse", data="reuse-A", keep_versions=3)
    start_service(host, "modules-reuse-svc", "modules-reuse_v2")
    try:
        made = run(host, "secret", name="modules-reuse", data="reuse-B", keep_versions=3)
        assert made["secret_name"] == "modules-reuse_v3" and made["removed"] == []

        check = run(host, "secret", check=True, name="modules-reuse", data="reuse-A", keep_versions=2)
        applied = run(host, "secret", name="modules-reuse", data="reuse-A", keep_versions=2)
        for result in (check, applied):
            assert result["secret_name"] == "modules-reuse_v2" and result["reused"]
            assert result["actions"] == ["removed secret modules-reuse_v1"], "no new version, v1 beyond keep_versions"
            assert result["versions"] == ["modules-reuse_v2", "modules-reuse_v3"]
        assert applied["secret_id"] == v2["secret_id"]
        assert not exists(host, "secret", "modules-reuse_v4")

        again = run(host, "secret", name="modules-reuse", data="reuse-A", keep_versions=2)
        assert not again["changed"] and again["reused"] and again["secret_name"] == "modules-reuse_v2"
        assert not again.get("warnings")

        # keep_versions=1: the unused newer v3 goes, v2 stays the current one.
        last = run(host, "secret", name="modules-reuse", data="reuse-A", keep_versions=1)
        assert last["removed"] == ["modules-reuse_v3"] and last["secret_name"] == "modules-reuse_v2"
        final = run(host, "secret", name="modules-reuse", data="reuse-A", keep_versions=1)
        assert not final["changed"] and not final["reused"] and final["versions"] == ["modules-reuse_v2"]
        # New data makes the version after the highest one there.
        assert run(host, "secret", name="modules-reuse", data="reuse-C")["secret_name"] == "modules-reuse_v3"
    finally:
        docker(host, "service rm %s", "modules-reuse-svc")


def test_an_empty_name_is_an_argument_error_and_removes_nothing(host):
    run(host, "secret", name="modules-guard", data="guard-data")
    run(host, "config", name="modules-cfg-guard", data="guard-config")
    for module, kind in (("secret", "Secret"), ("config", "Config")):
        message = failure(host, module, name="", state="absent")
        assert message == ("%s '': '' is not a valid %s name: it is empty. Give a name that Docker accepts, such as "
                           "db_password." % (kind, module))
    assert exists(host, "secret", "modules-guard_v1")
    assert exists(host, "config", "modules-cfg-guard_v1")


@pytest.mark.parametrize("args, problem", [
    (dict(name="m" * 62), 'with the version suffix "_v1" it is 65 characters long, and Docker allows at most 64; '
                          'use a name of at most 61 characters'),
    (dict(name="m" * 65, rotate=False), "it is 65 characters long, and Docker allows at most 64"),
    (dict(name="modules bad"), "only letters, digits"),
    (dict(name="modules-bad-", rotate=False), "must start and end with a letter or a digit"),
])
@pytest.mark.parametrize("module", ["secret", "config"])
def test_invalid_names_are_refused_before_any_change(host, module, args, problem):
    before = docker(host, "%s ls -q" % module)
    message = failure(host, module, data="name-check-data", **args)
    assert ("is not a valid %s name: " % module) in message and problem in message
    assert "name-check-data" not in message
    assert docker(host, "%s ls -q" % module) == before


def test_empty_data_is_refused(host):
    message = failure(host, "config", name="modules-cfg-empty", data="")
    assert message == ("Config 'modules-cfg-empty': data is empty, and Docker refuses a config without data. "
                       "Give the data to store.")


def test_versions_are_found_by_label_not_by_name_prefix(host):
    run(host, "secret", name="modules-pre_admin", data="admin")
    run(host, "secret", name="modules-pre", data="one")
    result = run(host, "secret", name="modules-pre", data="two", keep_versions=1)
    assert result["removed"] == ["modules-pre_v1"]
    assert exists(host, "secret", "modules-pre_admin_v1")
    assert run(host, "secret", name="modules-pre", state="absent")["removed"] == ["modules-pre_v2"]
    assert exists(host, "secret", "modules-pre_admin_v1")


def test_fixed_secret_in_use_refuses_new_data_naming_the_services(host):
    run(host, "secret", name="modules-fixed", data="fixed-one", rotate=False)
    start_service(host, "modules-fixed-svc", "modules-fixed")
    try:
        message = failure(host, "secret", name="modules-fixed", data="fixed-two", rotate=False)
        assert message == (
            "Secret 'modules-fixed' must be replaced (its data differs) but is used by services: modules-fixed-svc. "
            "A swarm secret cannot change in place. Set rotate: true to create a new version instead, or take it out "
            "of those services first (docker service update --secret-rm modules-fixed <service>).")
        assert "fixed-two" not in message

        message = failure(host, "secret", name="modules-fixed", state="absent")
        assert message.startswith("Cannot remove secret 'modules-fixed': modules-fixed is used by services: "
                                  "modules-fixed-svc.")
    finally:
        docker(host, "service rm modules-fixed-svc")
    before = inspect(host, "secret", "modules-fixed")["ID"]
    result = run(host, "secret", name="modules-fixed", data="fixed-two", rotate=False)
    assert result["actions"] == ["removed secret modules-fixed", "created secret modules-fixed"]
    assert inspect(host, "secret", "modules-fixed")["ID"] == result["secret_id"] != before


def test_verbose_output_never_shows_the_secret(host):
    """A -vvv run of a playbook that creates, rotates and fails on secrets."""
    scenario = os.environ["MOLECULE_SCENARIO_DIRECTORY"]
    run = ansible(["ansible-playbook", "-vvv", "-i", os.environ["MOLECULE_INVENTORY_FILE"],
                   os.path.join(scenario, "verbose.yml")], timeout=600)
    assert run.rc == 0, run.output[-3000:]
    output = run.output
    assert "modules-verbose_v2" in output, "the playbook did not run as expected"
    assert "Secret 'modules-verbose-fixed' must be replaced" in output
    assert "is not a valid secret name" in output
    assert '"reused": true' in output
    assert "modules-verbose-rb_v1" in output and "(docker service rollback) will fail" in output
    assert "modules-verbose-conf_v2" in output
    for secret in ("Verbose-Plain-7f1e", "Verbose-B64-93ad", "VmVyYm9zZS1CNjQtOTNhZA==", "Verbose-File-c4d2",
                   "Verbose-Bad-Name-51aa", "Verbose-Rollback-One-0c3e", "Verbose-Rollback-Two-6d1f",
                   "Verbose-Config-A-2b7e", "Verbose-Config-B-e19c"):
        assert secret not in output


# --- swarm_status: tasks started without their secret and config files ----------------------

# Kills the engine as soon as it has created the container of the service's next task, then
# waits until the engine is back and has started that container; prints its ID.
KILL_AT_CREATE = r"""
svc=$1; rm -f /root/killed-at-create
( docker events --filter type=container --filter event=create --filter label=com.docker.swarm.service.name=$svc \
    --format '{{.ID}}' | while read id; do kill -9 "$(cat /var/run/docker.pid)"; echo "$id" > /root/killed-at-create; break; done
) >/dev/null 2>&1 &
sleep 1; docker service update --detach --force --no-resolve-image "$svc" >/dev/null
end=$((SECONDS+60)); until [ -s /root/killed-at-create ] || [ $SECONDS -ge $end ]; do sleep 0.1; done
end=$((SECONDS+60)); until docker info >/dev/null 2>&1 || [ $SECONDS -ge $end ]; do sleep 1; done
id=$(cat /root/killed-at-create)
end=$((SECONDS+60)); until [ -n "$(docker ps -q --filter id=$id)" ] || [ $SECONDS -ge $end ]; do sleep 1; done
echo "$id"
"""


def files_svc_tasks(host):
    return [t for t in run(host, "swarm_status", cluster=False, tasks=True)["local"]["tasks"]
            if t["service"] == "modules-files-svc"]


def wait_for(read, test, what, tries=30):
    value = None
    for _attempt in range(tries):
        value = read()
        if test(value):
            return value
        time.sleep(2)
    raise AssertionError("%s: last read %r" % (what, value))


def test_a_task_started_without_its_files_is_found_and_the_recovery_role_replaces_it(host):
    host.run("printf files-secret-5e0a | docker secret create modules-files-token -")
    host.run("printf 'files config\\n' | docker config create modules-files-conf -")
    docker(host, "service create --detach --quiet --no-resolve-image --name modules-files-svc --stop-grace-period 1s "
           "--secret modules-files-token --config source=modules-files-conf,target=/etc/motd " + BUSYBOX
           + " sleep 3600")
    healthy = wait_for(lambda: files_svc_tasks(host),
                       lambda ts: [t["state"] for t in ts] == ["running"] and ts[0]["missing"] == [],
                       "the service's first task runs with its files")
    assert host.run("docker exec %s cat /run/secrets/modules-files-token" % healthy[0]["container_id"]).rc == 0

    # The engine keeps a new container's secret and config references in memory until it starts it.
    # The kill races the engine's start of the container; a second try (systemd restarts the engine
    # at most three times a minute) when the engine was faster.
    for _attempt in range(2):
        container = host.check_output("bash -c %s kill-at-create modules-files-svc", KILL_AT_CREATE)
        assert container, "the engine was not killed at the creation of a task's container"
        tasks = wait_for(lambda: files_svc_tasks(host), lambda ts: any(t["container_id"] == container for t in ts),
                         "the container created before the kill runs")
        broken = [t for t in tasks if t["container_id"] == container][0]
        if host.run("docker exec %s cat /run/secrets/modules-files-token" % container).rc != 0:
            break
    assert broken["state"] == "running"
    assert broken["missing"] == ["/run/secrets/modules-files-token", "/etc/motd"]
    # What the module says is what the task sees.
    assert "No such file" in host.run("docker exec %s cat /run/secrets/modules-files-token" % container).stderr
    assert "No such file" in host.run("docker exec %s cat /etc/motd" % container).stderr

    out = ansible(["ansible", "-i", os.environ["MOLECULE_INVENTORY_FILE"], "-m", "ansible.builtin.include_role",
                   "-a", "name=dockyard.swarm.recovery tasks_from=task_files.yml", NODE],
                  json_callback=True, env=QUIET_INTERPRETER, timeout=600)
    assert out.rc == 0, out.output[-2000:]
    assert "its task on modules-node1 lacks /run/secrets/modules-files-token, /etc/motd" in out.output

    fixed = wait_for(lambda: files_svc_tasks(host),
                     lambda ts: [t["state"] for t in ts] == ["running"] and ts[0]["missing"] == []
                     and ts[0]["container_id"] != container,
                     "a new task runs with its files")
    assert host.check_output("docker exec %s cat /run/secrets/modules-files-token"
                             % fixed[0]["container_id"]) == "files-secret-5e0a"
    assert host.check_output("docker exec %s cat /etc/motd" % fixed[0]["container_id"]) == "files config"
    docker(host, "service rm modules-files-svc")


def test_engine_not_reachable_is_reported(host):
    message = failure(host, "secret", name="modules-x", data="unreachable-data", docker_host="/run/missing.sock")
    assert message.startswith("Cannot reach the Docker engine at unix:///run/missing.sock on modules-node1")
    assert "systemctl status docker" in message


def test_secret_outside_a_swarm_is_refused(host):
    docker(host, "swarm leave --force")
    try:
        message = failure(host, "secret", name="modules-x", data="outside-data")
        assert message == (
            "Swarm secrets live in the swarm and can only be managed on a swarm manager; this node "
            "(modules-node1) is not part of a swarm. Run the task on a manager node (for example with "
            "delegate_to or run_once on the managers group), or form the swarm first.")
        # Volumes belong to the engine: bind_volume works anywhere.
        assert not run(host, "bind_volume", name="modules-data", path=VOLUME_PATH)["changed"]
    finally:
        # Leaving dropped every secret: form the swarm again and put back what converge made.
        docker(host, "swarm init")
        run(host, "secret", name="modules-converge", data="converge-secret-3b2f9c", labels={"app": "modules"})
        run(host, "config", name="modules-converge-conf", data="listen 8080\n")
