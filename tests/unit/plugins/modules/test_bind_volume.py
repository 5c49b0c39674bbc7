"""bind_volume: comparing a found volume with the wanted one, and mode checks."""
import pytest

from ansible_collections.dockyard.swarm.plugins.modules import bind_volume as bv


def _volume(device="/srv/data", labels=None, driver="local", **extra):
    options = {"type": "none", "o": "bind", "device": device}
    options.update(extra)
    return {"Name": "data", "Driver": driver, "Options": options, "Labels": labels}


def test_same_binding_has_no_differences():
    assert bv.volume_differences(_volume(), "/srv/data", None) == []
    assert bv.volume_differences(_volume(device="/srv/data/"), "/srv/data", None) == []
    assert bv.volume_differences(_volume(device="//srv/data"), "/srv/data", None) == []
    assert bv.volume_differences(_volume(), "//srv/data", None) == []


def test_labels_are_compared_only_when_given():
    assert bv.volume_differences(_volume(labels={"a": "1"}), "/srv/data", None) == []
    assert bv.volume_differences(_volume(labels={"a": "1"}), "/srv/data", {"a": "1"}) == []
    assert bv.volume_differences(_volume(labels={"a": "1"}), "/srv/data", {"a": "2"}) == [
        ("labels", {"a": "2"}, {"a": "1"})]


def test_other_device_is_named_with_wanted_and_found():
    differences = bv.volume_differences(_volume(device="/srv/old"), "/srv/data", None)
    assert differences == [("option device", "/srv/data", "/srv/old")]
    assert bv.describe_differences(differences) == "option device: wanted /srv/data, found /srv/old"


def test_a_plain_named_volume_differs_in_every_bind_option():
    plain = {"Name": "data", "Driver": "local", "Options": None, "Labels": None}
    differences = bv.volume_differences(plain, "/srv/data", None)
    assert [d[0] for d in differences] == ["option device", "option o", "option type"]
    assert "wanted bind, found (none)" in bv.describe_differences(differences)
    assert not bv.is_bind_volume(plain)


def test_other_driver_and_extra_options_are_differences():
    differences = bv.volume_differences(_volume(driver="nfs", size="1G"), "/srv/data", None)
    assert ("driver", "local", "nfs") in differences
    assert ("option size", None, "1G") in differences


def test_is_bind_volume():
    assert bv.is_bind_volume(_volume())
    assert bv.is_bind_volume(_volume(o="rbind,ro"))
    assert not bv.is_bind_volume(_volume(driver="nfs"))


@pytest.mark.parametrize("mode", [None, "0750", "750", "0o750"[0:0] + "2775", "u=rwx,g=rx,o=", "a+rX", 0o750])
def test_usable_modes(mode):
    assert bv.mode_problem(mode) is None


@pytest.mark.parametrize("mode", ["0999", "rwxr-x---", "u=rwq", "12345"])
def test_unusable_modes_are_explained(mode):
    assert "octal" in bv.mode_problem(mode)


def test_a_node_is_listed_by_its_node_id_or_its_hostname():
    info = {'Name': 'web-1', 'Swarm': {'NodeID': 'abc123'}}
    assert bv.is_listed_node(info, ['abc123'])
    assert bv.is_listed_node(info, ['web-1'])
    assert not bv.is_listed_node(info, ['web-2', 'def456'])
    assert not bv.is_listed_node(info, [])


def test_a_node_outside_any_swarm_is_listed_only_by_its_hostname():
    info = {'Name': 'web-1', 'Swarm': {'NodeID': ''}}
    assert not bv.is_listed_node(info, [''])
    assert bv.is_listed_node(info, ['web-1'])


def test_a_found_device_is_compared_after_resolving_it():
    # The module resolves links: a volume bound to a link and the link's target are the same directory.
    resolve = {"/srv/link": "/srv/real"}.get
    assert bv.volume_differences(_volume(device="/srv/link"), "/srv/real", None, resolve) == []
