"""After two of the three managers were stopped and recover.yml ran."""
from labtest import node
from swarmcheck import MANAGERS, assert_app_everywhere, assert_whole_swarm


def test_three_reachable_managers_again():
    assert_whole_swarm(node(MANAGERS[0]))


def test_the_app_runs_with_its_secret_on_every_node():
    assert_app_everywhere()
