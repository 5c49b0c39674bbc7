"""stack_object_version and stack_object_versions: a manager's read of the secret versions, judged on the controller."""
import pytest

from ansible_collections.dockyard.swarm.plugins.filter.stack_object_version import stack_object_version
from ansible_collections.dockyard.swarm.plugins.filter.stack_object_versions import stack_object_versions
from ansible_collections.dockyard.swarm.plugins.module_utils._fingerprint import keyed_check, make_fingerprint

KEY = "0f" * 16
SPEC = {"kind": "secrets", "key": "token", "name": "web_token"}


def version(number, data, labels=None, salt=None, key=KEY):
    """A version as node_info reads it: the check made from its fingerprint label, never the label itself."""
    fingerprint = make_fingerprint(data, salt)
    return {"name": "web_token_v%d" % number, "id": "id%d" % number, "version": number, "labels": labels or {},
            "salt": fingerprint.split(":")[0], "check": keyed_check(key, fingerprint)}


def read(*versions):
    return {"secrets": {"web_token": list(versions)}}


def test_the_newest_version_with_the_data_is_named():
    assert stack_object_version(read(version(1, "old"), version(2, "new")), SPEC, "new", KEY, 2) == "web_token_v2"


@pytest.mark.parametrize("found, data, key, keep", [
    (read(version(1, "old")), "new", KEY, 2),                      # the data differs
    (read(version(1, "new"), version(2, "old")), "new", KEY, 2),   # only an older version holds it: the module decides
    (read(version(1, "a"), version(2, "b"), version(3, "new")), "new", KEY, 2),  # a version would be removed
    (read(version(1, "new", key="another-key")), "new", KEY, 2),   # made with another run's key
    (read(version(1, "new")), "new", "", 2),                       # no key
    (read(), "new", KEY, 2),                                       # no version yet
    ({}, "new", KEY, 2),                                           # the read did not read it
    (read(version(1, "new")), "", KEY, 2),                         # empty data: the module refuses it
    (read(version(1, "123")), 123, KEY, 2),                        # not a string: the module converts it
])
def test_anything_else_is_left_to_the_module(found, data, key, keep):
    assert stack_object_version(found, SPEC, data, key, keep) == ""


def test_a_version_without_a_well_formed_fingerprint_is_left_to_the_module():
    bare = dict(version(1, "new"), salt="", check="")
    assert stack_object_version(read(bare), SPEC, "new", KEY, 2) == ""


def test_labels_count_only_when_the_spec_gives_them():
    found = read(version(1, "new", labels={"team": "web"}))
    assert stack_object_version(found, SPEC, "new", KEY, 2) == "web_token_v1"
    assert stack_object_version(found, dict(SPEC, labels={"team": "web"}), "new", KEY, 2) == "web_token_v1"
    assert stack_object_version(found, dict(SPEC, labels={"team": "db"}), "new", KEY, 2) == ""
    assert stack_object_version(found, dict(SPEC, labels={}), "new", KEY, 2) == ""
    numeric = read(version(1, "new", labels={"tier": "1"}))
    assert stack_object_version(numeric, dict(SPEC, labels={"tier": 1}), "new", KEY, 2) == "web_token_v1"


def test_the_check_does_not_reveal_the_label():
    fingerprint = make_fingerprint("new")
    assert keyed_check(KEY, fingerprint) != fingerprint.split(":")[1]
    assert keyed_check(KEY, fingerprint) != keyed_check("another-key", fingerprint)


def test_versions_come_from_the_module_or_from_the_read_where_it_was_skipped():
    found = {"secrets": {"web_token": [{"name": "web_token_v1"}, {"name": "web_token_v2"}], "web_key": []}}
    results = [
        {"item": SPEC, "skipped": True, "changed": False},
        {"item": {"kind": "secrets", "key": "db", "name": "web_db"}, "changed": True, "secret_name": "web_db_v4",
         "versions": ["web_db_v3", "web_db_v4"]},
        {"item": {"kind": "secrets", "key": "key", "name": "web_key"}, "skipped": True},
    ]
    assert stack_object_versions(results, found, "secrets") == {
        "token": {"name": "web_token_v2", "versions": ["web_token_v1", "web_token_v2"]},
        "db": {"name": "web_db_v4", "versions": ["web_db_v3", "web_db_v4"]},
        "key": {"name": None, "versions": []},
    }
    assert stack_object_versions([], found, "configs") == {}
