"""Fixtures of every scenario's testinfra tests: pytest reads this file for any test directory below it.

The helpers they call (node, managers, playbook runs) are in resources/labtest.py.
"""
import os

import pytest
from labtest import node


@pytest.fixture(scope="module")
def manager():
    """The scenario's first manager, <scenario>-node1 (a test directory's own conftest.py may name another)."""
    return node(os.environ["MOLECULE_SCENARIO_NAME"] + "-node1")


@pytest.fixture(scope="module")
def key_file():
    """The controller file where the scenario's cluster role keeps the unlock key (cluster_unlock_key_file)."""
    return os.path.join(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"], "swarm-unlock.key")
