"""Versioned objects: version names, the fingerprint, the pruning choice, service references."""
import pytest

from ansible_collections.dockyard.swarm.plugins.module_utils import _fingerprint as fp
from ansible_collections.dockyard.swarm.plugins.module_utils import _versioned as v


def test_version_name_appends_the_number():
    assert v.version_name("db", 1) == "db_v1"
    assert v.version_name("db_admin", 12) == "db_admin_v12"


@pytest.mark.parametrize("labels, expected", [
    ({v.VERSION_LABEL: "3"}, 3),
    ({v.VERSION_LABEL: "0"}, None),
    ({v.VERSION_LABEL: "x"}, None),
    ({}, None),
    (None, None),
])
def test_parse_version_reads_only_positive_numbers(labels, expected):
    assert v.parse_version(labels) == expected


def test_fingerprint_is_salted_keyed_and_never_the_data():
    data = b"s3cr3t-password"
    first, second = v.make_fingerprint(data), v.make_fingerprint(data)
    assert first != second, "two objects with the same data must not share a fingerprint"
    for fingerprint in (first, second):
        salt, mac = fingerprint.split(":")
        assert len(salt) == 2 * fp.SALT_BYTES and len(mac) == 64
        assert "s3cr3t" not in fingerprint
        assert v.fingerprint_matches(data, fingerprint)
    assert not v.fingerprint_matches(b"other", first)


def test_fingerprint_is_not_a_plain_digest():
    import hashlib
    data = b"s3cr3t-password"
    mac = v.make_fingerprint(data).split(":")[1]
    assert mac not in {hashlib.sha256(data).hexdigest(), hashlib.sha224(data).hexdigest()}


def test_fingerprint_is_reproducible_from_its_salt():
    assert v.make_fingerprint(b"abc", salt="00ff") == v.make_fingerprint(b"abc", salt="00ff")
    assert v.make_fingerprint(b"abc", salt="00ff") != v.make_fingerprint(b"abc", salt="00fe")


@pytest.mark.parametrize("label", [None, "", "nocolon", ":abc", "salt:", "salt:0000"])
def test_missing_or_malformed_fingerprints_never_match(label):
    assert not v.fingerprint_matches(b"abc", label)


def _versions(*numbers):
    return [dict(id="id%d" % n, name="db_v%d" % n, version=n) for n in numbers]


def _names(versions):
    return [x["name"] for x in versions]


def test_prune_keeps_the_current_and_removes_unused_older_ones():
    versions = _versions(1, 2, 3, 4)
    remove, kept = v.choose_prune(versions, versions[-1], keep=2, users={})
    assert _names(remove) == ["db_v2", "db_v1"]
    assert kept == []


def test_prune_keeps_old_versions_still_in_use():
    versions = _versions(1, 2, 3)
    remove, kept = v.choose_prune(versions, versions[-1], keep=1, users={"id1": ["web"]})
    assert _names(remove) == ["db_v2"]
    assert _names(kept) == ["db_v1"]


def test_prune_never_removes_within_keep_even_if_unused():
    versions = _versions(1, 2)
    remove, kept = v.choose_prune(versions, versions[-1], keep=2, users={})
    assert remove == [] and kept == []


def test_prune_orders_by_version_not_by_list_order_or_name():
    versions = _versions(10, 9, 2)
    remove, kept = v.choose_prune(versions, versions[0], keep=1, users={})
    assert kept == []
    assert _names(remove) == ["db_v9", "db_v2"]


def test_prune_keeps_at_least_the_current_version():
    versions = _versions(1, 2)
    remove, kept = v.choose_prune(versions, versions[-1], keep=0, users={})
    assert kept == []
    assert _names(remove) == ["db_v1"]


def test_prune_counts_a_reused_older_version_first_and_may_remove_newer_ones():
    # v2 is what the task returns (its data came back); v3 came from a run that failed.
    versions = _versions(1, 2, 3)
    remove, kept = v.choose_prune(versions, versions[1], keep=1, users={"id1": ["web (previous spec)"]})
    assert _names(remove) == ["db_v3"]
    assert _names(kept) == ["db_v1"]
    remove, kept = v.choose_prune(versions, versions[1], keep=2, users={})
    assert _names(remove) == ["db_v1"]


def _labelled(number, data, labels=None, salt="00ff"):
    found = dict(labels or {})
    found[v.FINGERPRINT_LABEL] = v.make_fingerprint(data, salt)
    return dict(id="id%d" % number, name="db_v%d" % number, version=number, labels=found)


def test_same_data_version_finds_the_newest_version_with_this_data():
    versions = [_labelled(1, b"A"), _labelled(2, b"A", salt="0a0b"), _labelled(3, b"B")]
    assert v.same_data_version(versions, b"A", None)["name"] == "db_v2"
    assert v.same_data_version(versions, b"B", None)["name"] == "db_v3"
    assert v.same_data_version(versions, b"C", None) is None
    assert v.same_data_version([], b"A", None) is None


def test_same_data_version_needs_the_labels_too_when_the_task_gives_them():
    versions = [_labelled(1, b"A", {"team": "web"}), _labelled(2, b"A", {"team": "db"})]
    assert v.same_data_version(versions, b"A", {"team": "web"})["name"] == "db_v1"
    assert v.same_data_version(versions, b"A", {"team": "ops"}) is None
    assert v.same_data_version(versions, b"A", None)["name"] == "db_v2"


def test_a_version_without_fingerprint_is_never_reused():
    versions = [dict(id="id1", name="db_v1", version=1, labels={})]
    assert v.same_data_version(versions, b"A", None) is None


def test_labels_are_compared_only_when_given_and_without_our_own():
    found = {"team": "web", v.FINGERPRINT_LABEL: "a:b", v.VERSION_LABEL: "2"}
    assert v.labels_match(None, found)
    assert v.labels_match({"team": "web"}, found)
    assert not v.labels_match({"team": "db"}, found)
    assert not v.labels_match({}, found)


def test_labels_are_normalized_to_text():
    assert v.normalize_labels({"one": 1, "yes": True}) == {"one": "1", "yes": "True"}
    assert v.normalize_labels(None) is None


def test_decode_data_plain_and_base64():
    assert v.decode_data("hello", False) == b"hello"
    assert v.decode_data("aGVsbG8=", True) == b"hello"


def test_bad_base64_error_does_not_echo_the_data():
    with pytest.raises(ValueError) as err:
        v.decode_data("not base64 s3cr3t!", True)
    assert "s3cr3t" not in str(err.value)


def test_services_using_maps_ids_to_service_names():
    services = [
        {"ID": "s1", "Spec": {"Name": "web", "TaskTemplate": {"ContainerSpec": {
            "Secrets": [{"SecretID": "id1", "SecretName": "db_v1"}],
            "Configs": [{"ConfigID": "c1", "ConfigName": "conf_v1"}]}}}},
        {"ID": "s2", "Spec": {"Name": "api", "TaskTemplate": {"ContainerSpec": {
            "Secrets": [{"SecretID": "id1"}, {"SecretID": "id2"}]}}}},
        {"ID": "s3", "Spec": {"Name": "plain", "TaskTemplate": {"ContainerSpec": {}}}},
    ]
    assert v.services_using(services, v.KINDS["secret"]) == {"id1": ["api", "web"], "id2": ["api"]}
    assert v.services_using(services, v.KINDS["config"]) == {"c1": ["web"]}


def test_services_using_reads_the_previous_spec_when_asked():
    services = [
        {"ID": "s1", "Spec": {"Name": "web", "TaskTemplate": {"ContainerSpec": {
            "Secrets": [{"SecretID": "id2"}]}}},
         "PreviousSpec": {"Name": "web", "TaskTemplate": {"ContainerSpec": {
             "Secrets": [{"SecretID": "id1"}]}}}},
        {"ID": "s2", "Spec": {"Name": "new", "TaskTemplate": {"ContainerSpec": {}}}},
    ]
    kind = v.KINDS["secret"]
    assert v.services_using(services, kind) == {"id2": ["web"]}
    assert v.services_using(services, kind, "PreviousSpec") == {"id1": ["web"]}


def test_merge_users_marks_the_services_named_by_a_previous_spec():
    merged = v.merge_users({"id2": ["web"], "id3": ["api"]}, {"id1": ["web"], "id3": ["api", "db"]})
    assert merged == {"id1": ["web (previous spec)"], "id2": ["web"], "id3": ["api", "db (previous spec)"]}


def test_kinds_use_their_own_name_label():
    assert v.KINDS["secret"].name_label == "dockyard.swarm.secret"
    assert v.KINDS["config"].name_label == "dockyard.swarm.config"
