"""What the users of the node observe after the users role ran."""

import pytest

# The inventory's SSH address is computed at run time, which testinfra cannot read:
# the checks run through the docker connection, as root, and switch user with su.
testinfra_hosts = ["docker://root@users-node1"]


def groups_of(host, user):
    return set(host.check_output("id -nG %s", user).split())


def run_as(host, user, command):
    # A login shell as the user, like an SSH login: its groups come from /etc/group.
    return host.run("su - %s -c %s", user, command)


@pytest.mark.parametrize("user", ["deploy", "alice"])
def test_listed_user_runs_docker_ps_without_sudo(host, user):
    result = run_as(host, user, "docker ps")
    assert result.rc == 0, result.stderr
    assert result.stdout.startswith("CONTAINER ID")


@pytest.mark.parametrize(
    "user, groups",
    [
        ("deploy", {"deploy", "sudo", "docker"}),
        ("alice", {"alice", "adm", "video", "docker"}),
        # Already a member, not listed: left as it was.
        ("alicebot", {"alicebot", "docker"}),
    ],
)
def test_other_groups_are_kept(host, user, groups):
    assert groups_of(host, user) == groups


def test_docker_group_has_exactly_the_expected_members(host):
    members = host.group("docker").members
    assert sorted(members) == ["alice", "alicebot", "deploy"]


def test_connecting_user_still_needs_no_password_for_sudo(host):
    assert run_as(host, "deploy", "sudo -n true").rc == 0
