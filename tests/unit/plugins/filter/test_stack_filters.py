"""stack_compose and stack_placement filters."""
import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.dockyard.swarm.plugins.filter.stack_compose import stack_compose
from ansible_collections.dockyard.swarm.plugins.filter.stack_placement import stack_placement


def _node(node_id, hostname, role="worker", labels=None):
    return {"ID": node_id, "Spec": {"Role": role, "Labels": labels or {}},
            "Description": {"Hostname": hostname, "Platform": {"OS": "linux", "Architecture": "x86_64"},
                            "Engine": {"Labels": {}}}}


NODES = [_node("m1", "node1", "manager", {"web": "true"}), _node("w2", "node2", labels={"web": "True"}),
         _node("w3", "node3")]


def test_compose_wires_objects_as_external_under_their_versioned_names():
    definition = {"services": {"web": {"image": "x", "secrets": ["token"]}},
                  "secrets": {"token": {"file": "./token"}, "other": {"external": True}}}
    result = stack_compose(definition, "app", secrets={"token": "app_token_v3"}, volumes={"html": "app_html"})
    assert result["secrets"] == {"token": {"external": True, "name": "app_token_v3"}, "other": {"external": True}}
    assert result["volumes"] == {"html": {"external": True, "name": "app_html"}}
    assert result["version"] == "3.8"
    assert definition["secrets"]["token"] == {"file": "./token"}, "the input must not change"


def test_compose_refuses_a_version_that_cannot_name_external_objects():
    with pytest.raises(AnsibleFilterError, match="version '3.1'"):
        stack_compose({"version": "3.1", "services": {"a": {}}}, "app", secrets={"t": "t_v1"})


def test_compose_needs_services():
    with pytest.raises(AnsibleFilterError, match="no 'services' mapping"):
        stack_compose({"volumes": {}}, "app")


def test_placement_follows_constraints_on_labels_and_role():
    definition = {"services": {
        "web": {"volumes": ["html:/www:ro"], "deploy": {"placement": {"constraints": ["node.labels.web == true"]}}},
        "tool": {"volumes": [{"type": "volume", "source": "data", "target": "/data"}, "/host:/host"],
                 "deploy": {"placement": {"constraints": ["node.role != worker"]}}},
    }}
    result = stack_placement(definition, NODES, ["html", "data", "unused"])
    assert result == {"html": ["m1", "w2"], "data": ["m1"], "unused": ["m1", "w2", "w3"]}


def test_placement_without_constraints_is_every_node():
    definition = {"services": {"web": {"volumes": ["html:/www"]}}}
    assert stack_placement(definition, NODES, ["html"]) == {"html": ["m1", "w2", "w3"]}


def test_placement_refuses_constraints_it_cannot_evaluate():
    definition = {"services": {"web": {"volumes": ["html:/www"], "deploy": {"placement": {"constraints": ["foo == 1"]}}}}}
    with pytest.raises(AnsibleFilterError, match="names 'foo'"):
        stack_placement(definition, NODES, ["html"])
