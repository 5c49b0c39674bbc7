"""Engine connection helpers: host names and the swarm manager check."""
import pytest

from ansible_collections.dockyard.swarm.plugins.module_utils import _client as c


def test_a_socket_path_becomes_a_unix_url():
    assert c.normalize_docker_host("/run/docker.sock") == "unix:///run/docker.sock"
    assert c.normalize_docker_host("tcp://10.0.0.1:2376") == "tcp://10.0.0.1:2376"
    assert c.normalize_docker_host(None) is None


def test_a_manager_passes():
    info = {"Name": "m1", "Swarm": {"LocalNodeState": "active", "ControlAvailable": True}}
    assert c.swarm_manager_problem(info, "secrets") is None


@pytest.mark.parametrize("state, control, expected", [
    ("inactive", False, "is not part of a swarm"),
    ("active", False, "is a worker"),
    ("locked", False, "is locked"),
    ("pending", False, 'swarm state "pending"'),
])
def test_anything_but_a_manager_is_refused_with_the_reason(state, control, expected):
    info = {"Name": "n1", "Swarm": {"LocalNodeState": state, "ControlAvailable": control}}
    problem = c.swarm_manager_problem(info, "secrets")
    assert expected in problem
    assert "n1" in problem and "swarm manager" in problem


def test_unreachable_messages_say_what_to_do():
    assert "become: true" in c.unreachable_message(None, OSError("Permission denied"))
    message = c.unreachable_message("unix:///nope.sock", OSError("No such file or directory"))
    assert "unix:///nope.sock" in message and "systemctl status docker" in message
