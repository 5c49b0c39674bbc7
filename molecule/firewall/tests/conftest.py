"""Hosts of the scenario by name."""
import os

import pytest
import testinfra


def node(name):
    return testinfra.get_host(f"ansible://{name}", ansible_inventory=os.environ["MOLECULE_INVENTORY_FILE"])


@pytest.fixture(scope="module")
def manager():
    return node("firewall-node1")
