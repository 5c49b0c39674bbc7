"""Hosts of the scenario by name."""
import os

import pytest
import testinfra


def node(name):
    return testinfra.get_host(f"ansible://{name}", ansible_inventory=os.environ["MOLECULE_INVENTORY_FILE"])


def managers(host):
    """Hostname -> manager status of every manager, as `docker node ls` shows it."""
    lines = host.check_output("docker node ls --format '{{.Hostname}} {{.Status}} {{.ManagerStatus}}'").splitlines()
    return {f[0]: (f[1], f[2]) for f in (line.split() for line in lines) if len(f) == 3}


@pytest.fixture(scope="module")
def manager():
    return node("cluster_swap-node1")
