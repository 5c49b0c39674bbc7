"""The lab before any recovery: three managers, a worker, the app stack with its secret on every node."""
from labtest import node
from swarmcheck import MANAGERS, assert_app_everywhere, assert_whole_swarm


def test_the_swarm_is_whole():
    assert_whole_swarm(node(MANAGERS[0]))


def test_the_app_reads_its_secret_on_every_node():
    assert_app_everywhere()
