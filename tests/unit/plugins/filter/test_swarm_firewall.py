"""The firewall sources of the swarm ports: the nodes' own addresses and checked extra sources."""
from ansible_collections.dockyard.swarm.plugins.filter.swarm_firewall import swarm_firewall_sources


def node(addr, state="ready", manager_addr=None):
    entry = {"Status": {"State": state, "Addr": addr}}
    if manager_addr is not None:
        entry["ManagerStatus"] = {"Addr": manager_addr}
    return entry


def test_nodes_of_the_run_and_of_the_swarm_are_sources_and_extra_sources_follow():
    result = swarm_firewall_sources(["192.0.2.0/24", "10.0.0.2"], {"m1": "10.0.0.10", "w1": "10.0.0.2"},
                                    [node("10.0.0.3")])
    assert result["nodes"] == ["10.0.0.2", "10.0.0.3", "10.0.0.10"]
    assert result["sources"] == ["10.0.0.2", "10.0.0.3", "10.0.0.10", "192.0.2.0/24"]
    assert result["unknown"] == [] and result["errors"] == []


def test_a_host_without_an_address_is_reported_and_never_becomes_everyone():
    result = swarm_firewall_sources([], {"m1": "10.0.0.10", "w1": "", "w2": None})
    assert result["sources"] == ["10.0.0.10"]
    assert result["unknown"] == ["w1", "w2"]
    assert "0.0.0.0/0" not in result["sources"] and "any" not in result["sources"]


def test_a_manager_reported_on_0_0_0_0_is_known_by_its_manager_address():
    result = swarm_firewall_sources([], {}, [node("0.0.0.0", manager_addr="10.0.0.10:2377")])
    assert result["nodes"] == ["10.0.0.10"]


def test_down_nodes_are_not_sources():
    assert swarm_firewall_sources([], {}, [node("10.0.0.4", state="down")])["nodes"] == []


def test_ipv6_addresses_and_networks():
    result = swarm_firewall_sources(["2001:db8::/64"], {"m1": "2001:db8::10"}, [node("[2001:db8::11]:2377")])
    assert result["nodes"] == ["2001:db8::10", "2001:db8::11"]
    assert result["sources"][-1] == "2001:db8::/64"


def test_bad_extra_sources_are_named():
    result = swarm_firewall_sources(["10.0.0.1/24", "mgmt-net", "", 5, "10.1.0.0/16"], {})
    assert result["sources"] == ["10.1.0.0/16"]
    assert len(result["errors"]) == 4
    assert "'10.0.0.1/24'" in result["errors"][0] and "Did you mean 10.0.0.0/24?" in result["errors"][0]
    assert "'mgmt-net'" in result["errors"][1]
    assert "''" in result["errors"][2]
    assert "5" in result["errors"][3]
