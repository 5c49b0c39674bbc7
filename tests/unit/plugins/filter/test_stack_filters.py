"""stack_compose and stack_placement filters."""
import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.dockyard.swarm.plugins.filter.stack_compose import stack_compose
from ansible_collections.dockyard.swarm.plugins.filter.stack_objects import stack_objects
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


# --- bind volumes in the definition ---------------------------------------------------------

def test_compose_declares_bind_volumes_with_the_options_bind_volume_gives_them():
    definition = {"services": {"web": {"image": "x", "volumes": ["html:/www"]}}, "volumes": {"html": {}}}
    result = stack_compose(definition, "app", bind_volumes={"html": {"name": "app_html", "path": "/srv/app/../html/"}})
    assert result["volumes"] == {"html": {"name": "app_html", "driver": "local",
                                          "driver_opts": {"type": "none", "o": "bind", "device": "/srv/html"}}}
    assert "external" not in result["volumes"]["html"]


def test_compose_binds_a_path_with_two_leading_slashes_as_linux_reads_it():
    result = stack_compose({"services": {"a": {}}}, "app", bind_volumes={"html": {"name": "app_html", "path": "//srv//html"}})
    assert result["volumes"]["html"]["driver_opts"]["device"] == "/srv/html"


def test_compose_refuses_a_relative_bind_path():
    with pytest.raises(AnsibleFilterError, match="'srv/html' of bind volume 'html' is relative"):
        stack_compose({"services": {"a": {}}}, "app", bind_volumes={"html": {"name": "app_html", "path": "srv/html"}})


# --- stack_objects ----------------------------------------------------------------------------

ENTRY = {
    "name": "shop",
    "compose": {"services": {"web": {"image": "x"}}},
    "secrets": {"token": {"data": "s3cr3t-value"},
                "key": {"file": "files/key.pem", "name": "shop_tls", "labels": {"a": "b"}}},
    "configs": {"page": {"template": "page.j2"}, "motd": {"data": "hello"}},
    "bind_volumes": {"html": {"path": "/srv/shop/html/", "mode": "0755"}},
}


def test_objects_are_specs_with_names_and_sources_but_never_the_data():
    result = stack_objects(ENTRY)
    assert result["problems"] == []
    assert result["secrets"] == [
        {"kind": "secrets", "key": "key", "name": "shop_tls", "source": "file", "path": "files/key.pem",
         "labels": {"a": "b"}},
        {"kind": "secrets", "key": "token", "name": "shop_token", "source": "data"},
    ]
    assert result["configs"] == [
        {"kind": "configs", "key": "motd", "name": "shop_motd", "source": "data"},
        {"kind": "configs", "key": "page", "name": "shop_page", "source": "template", "path": "page.j2"},
    ]
    assert result["bind_volumes"] == [{"key": "html", "name": "shop_html", "path": "/srv/shop/html", "mode": "0755"}]
    assert "s3cr3t-value" not in repr(result)


@pytest.mark.parametrize("change, expected", [
    ({"name": "shop.v2"}, "the name 'shop.v2' is not valid"),
    ({"name": "s" * 62}, "has 62 characters"),
    ({"state": "gone"}, "state must be present or absent, got 'gone'"),
    ({"compose_file": "x.yml"}, "exactly one of compose, compose_file and compose_template (got compose, compose_file)"),
    ({"secrets": {"token": {"data": "s3cr3t-value", "file": "f"}}}, "secret 'token' needs exactly one of data, file"),
    ({"secrets": {"token": {"name": ""}}}, "secret 'token' has an empty name"),
    ({"secrets": {"token": {"data": "s3cr3t-value", "name": "t" * 58}}}, "with the version suffix (_v<N>) Docker allows 57"),
    ({"configs": {"page": {"data": "x", "name": "-page"}}}, "the name '-page' of config 'page' is not valid for Docker"),
    ({"configs": {"page": {}}}, "config 'page' needs exactly one of data, file, template (got none)"),
    ({"bind_volumes": {"html": {"path": "srv/shop/html"}}},
     "the path 'srv/shop/html' of bind volume 'html' is relative, and the nodes have no directory to resolve it "
     "against. Give the absolute path, such as /srv/shop/html."),
    ({"bind_volumes": {"html": {"mode": "0755"}}}, "bind volume 'html' needs a path"),
    ({"secrets": ["token"]}, "secrets must be a mapping of key to settings, got list."),
    ({"configs": {"page": "page.j2"}}, "config 'page' must be a mapping (with data or file or template), got str."),
    ({"bind_volumes": "html"}, "bind_volumes must be a mapping of key to settings, got str."),
    ({"bind_volumes": {"html": "/srv/shop/html"}}, "bind volume 'html' must be a mapping with a path, got str."),
    ({"bind_volumes": {"html": {"path": "/srv/.."}}},
     "the path '/srv/..' of bind volume 'html' cannot be bound: it is the system directory /. Give a directory of "
     "its own, such as /srv/shop/html."),
    ({"bind_volumes": {"html": {"path": "/var/lib/docker/volumes"}}}, "below Docker's data directory /var/lib/docker"),
    ({"bind_volumes": {"html": {"path": "//etc"}}}, "the path '//etc' of bind volume 'html' cannot be bound: it is the "
     "system directory /etc."),
    ({"bind_volumes": {"html": {"path": "//"}}}, "cannot be bound: it is the system directory /."),
    ({"bind_volumes": {"html": {"path": "//var/lib/docker/"}}}, "it is Docker's data directory /var/lib/docker"),
    ({"bind_volumes": {"h!": {"path": "/srv"}}}, "would be named 'shop_h!', which Docker refuses"),
])
def test_objects_name_each_problem_and_what_to_do(change, expected):
    entry = dict(ENTRY, **change)
    problems = stack_objects(entry)["problems"]
    assert any(expected in problem for problem in problems), problems
    assert all(problem.startswith("Stack '") for problem in problems)
    assert not any("s3cr3t-value" in problem for problem in problems)


def test_objects_of_an_absent_stack_need_only_names():
    entry = {"name": "shop", "state": "absent", "secrets": {"token": {}}, "bind_volumes": {"html": {}}}
    result = stack_objects(entry)
    assert result["problems"] == []
    assert [v["name"] for v in result["bind_volumes"]] == ["shop_html"]


def test_objects_check_the_service_names_of_the_definition():
    problems = stack_objects(ENTRY, definition={"services": {"web.app": {}, "w" * 60: {}}})["problems"]
    assert any("service 'web.app' would be named 'shop_web.app'" in p for p in problems), problems
    assert any("(65 characters); Docker allows 63" in p for p in problems), problems
    assert "no 'services' mapping" in stack_objects(ENTRY, definition={"volumes": {}})["problems"][0]
