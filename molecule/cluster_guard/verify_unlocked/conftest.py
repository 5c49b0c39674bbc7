"""Hosts of the scenario by name, and the controller file that keeps the unlock key."""
import os

import pytest
import testinfra


def node(name):
    return testinfra.get_host(f"ansible://{name}", ansible_inventory=os.environ["MOLECULE_INVENTORY_FILE"])


@pytest.fixture(scope="module")
def manager():
    return node("cluster_guard-node1")


@pytest.fixture(scope="module")
def key_file():
    return os.path.join(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"], "swarm-unlock.key")
