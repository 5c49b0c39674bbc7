"""After the swap, cluster_swap-node3 is the manager the tests ask."""
import pytest
from labtest import node


@pytest.fixture(scope="module")
def manager():
    """The manager left after the swap: node1 and node2 were demoted."""
    return node("cluster_swap-node3")
