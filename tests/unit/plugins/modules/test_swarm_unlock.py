"""swarm_unlock: reading the node's swarm state and keeping the key out of messages."""
import pytest

from ansible_collections.dockyard.swarm.plugins.modules import swarm_unlock as su


def test_local_state_reads_the_swarm_section():
    assert su.local_state({"Swarm": {"LocalNodeState": "locked"}}) == "locked"
    assert su.local_state({"Swarm": {"LocalNodeState": "active"}}) == "active"


def test_a_missing_swarm_section_is_inactive():
    assert su.local_state({}) == "inactive"
    assert su.local_state(None) == "inactive"
    assert su.local_state({"Swarm": {}}) == "inactive"


def test_the_key_is_masked_in_engine_messages():
    key = "SWMKEY-1-abcdef"
    assert su.without("invalid key %s given" % key, key) == "invalid key ******** given"
    assert key not in su.without(Exception("bad %s, %s" % (key, key)), key)
    assert su.without("nothing to mask", "") == "nothing to mask"


class Failed(Exception):
    pass


class FakeModule:
    def __init__(self, wait_timeout=5, timeout=60):
        self.params = {"key": "SWMKEY-1-abcdef", "wait_timeout": wait_timeout, "timeout": timeout}
        self.check_mode = False

    def fail_json(self, msg, **kwargs):
        raise Failed(msg)


class SlowUnlockApi:
    """An engine that takes longer than the connection's timeout to answer the unlock."""

    def unlock_swarm(self, key):
        from requests.exceptions import ReadTimeout
        raise ReadTimeout("UnixHTTPConnectionPool(host='localhost', port=None): Read timed out. (read timeout=60)")


class SlowUnlockClient:
    def __init__(self, states):
        # The swarm states docker info reports in turn; the last one stays.
        self.states = list(states)
        self.api = SlowUnlockApi()

    def info(self):
        state = self.states.pop(0) if len(self.states) > 1 else self.states[0]
        return {"Name": "node2", "Swarm": {"LocalNodeState": state}}


class Tracker:
    def found(self, state):
        pass

    def act(self, what):
        pass

    def will_be(self, state):
        pass


def test_an_unlock_the_engine_answers_late_is_waited_for(monkeypatch):
    monkeypatch.setattr(su.time, "sleep", lambda seconds: None)
    client = SlowUnlockClient(["locked", "pending", "pending", "active"])
    result = su.SwarmUnlockManager(FakeModule(), client, Tracker()).run()
    assert (result["state_before"], result["state"]) == ("locked", "active")


def test_an_unlock_answered_late_that_never_ends_fails_naming_the_state_and_not_the_key(monkeypatch):
    monkeypatch.setattr(su.time, "sleep", lambda seconds: None)
    client = SlowUnlockClient(["locked"])
    with pytest.raises(Failed) as failed:
        su.SwarmUnlockManager(FakeModule(wait_timeout=0), client, Tracker()).run()
    message = str(failed.value)
    assert "did not answer the unlock within 60 seconds" in message
    assert 'reports swarm state "locked"' in message
    assert "SWMKEY" not in message
