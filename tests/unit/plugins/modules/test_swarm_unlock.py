"""swarm_unlock: reading the node's swarm state and keeping the key out of messages."""
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
