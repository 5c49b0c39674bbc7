"""bind_volume_work and stack_bind_volumes: which bind volumes a node's read shows as wanted."""
import copy

from ansible_collections.dockyard.swarm.plugins.filter.bind_volume_work import bind_volume_work
from ansible_collections.dockyard.swarm.plugins.filter.stack_bind_volumes import stack_bind_volumes
from ansible_collections.dockyard.swarm.plugins.module_utils._bind_volume import octal_mode

SPEC = dict(key="html", name="web_html", path="/srv/web/html", owner="www-data", group="33", mode="0750",
            labels={"team": "web"})
VOLUME = {"Driver": "local", "Options": {"type": "none", "o": "bind", "device": "/srv/web/html"},
          "Labels": {"team": "web"}}
DIRECTORY = dict(type="directory", link=False, mode="0750", uid=33, gid=33, owner="www-data", group="www-data")
NODES = [{"ID": "n1", "Status": {"State": "ready"}, "Description": {"Hostname": "node1"}},
         {"ID": "n2", "Status": {"State": "ready"}, "Description": {"Hostname": "node2"}}]


def _read(**changes):
    read = dict(engine=dict(answers=True, name="node1", root_dir="/var/lib/docker"),
                swarm=dict(NodeID="n1", LocalNodeState="active"),
                paths={"/srv/web/html": dict(DIRECTORY)}, volumes={"web_html": copy.deepcopy(VOLUME)})
    read.update(changes)
    return read


def test_a_volume_and_directory_as_wanted_need_no_module_run():
    assert bind_volume_work(_read(), [SPEC]) == []
    # Owner and group match by name or by number alike.
    assert bind_volume_work(_read(), [dict(SPEC, owner="33", group="www-data")]) == []
    # Without owner, group, mode or labels in the spec, whatever the node has is fine.
    assert bind_volume_work(_read(), [dict(key="html", name="web_html", path="/srv/web/html")]) == []


def test_every_difference_or_doubt_hands_the_volume_to_the_module():
    def work(read=None, **spec):
        return bind_volume_work(read or _read(), [dict(SPEC, **spec)])

    def changed_dir(**changes):
        return _read(paths={"/srv/web/html": dict(DIRECTORY, **changes)})
    assert work(mode="0755") == ["html"]
    assert work(mode="u=rwx,g=rx,o=") == ["html"], "a symbolic mode is the module's to apply"
    assert work(owner="root") == ["html"] and work(group="0") == ["html"]
    assert work(labels={"team": "ops"}) == ["html"]
    assert work(read=changed_dir(type="file")) == ["html"]
    assert work(read=changed_dir(link=True, target="/data/html")) == ["html"]
    assert work(read=changed_dir(real="/data/srv/web/html")) == ["html"], "a linked parent: the module resolves it"
    assert work(read=_read(paths={})) == ["html"], "the directory is missing"
    assert work(read=_read(volumes={"web_html": None})) == ["html"], "the volume is missing"
    assert work(read=_read(volumes={})) == ["html"], "the read did not look at this volume"
    other = dict(VOLUME, Options=dict(VOLUME["Options"], device="/srv/other"))
    assert work(read=_read(volumes={"web_html": other})) == ["html"]
    assert work(read=_read(volumes={"web_html": dict(VOLUME, Driver="nfs")})) == ["html"]
    assert work(read=_read(stale=True)) == ["html"], "the engine restarted after the read"
    assert work(read=_read(engine=dict(answers=False))) == ["html"]
    assert bind_volume_work({}, [SPEC]) == ["html"], "no read at all"


def test_paths_the_module_refuses_are_handed_to_it_for_its_message():
    for path in ("/etc", "/var/lib/docker/volumes/x", "/data/docker", "srv/web"):
        read = _read(paths={path: dict(DIRECTORY)}, engine=dict(answers=True, name="node1", root_dir="/data/docker"))
        assert bind_volume_work(read, [dict(SPEC, path=path)]) == ["html"], path
    assert bind_volume_work(_read(volumes={"x": VOLUME}), [dict(SPEC, name="x")]) == ["html"], "an invalid name"


def test_a_node_where_the_volume_is_not_placed_needs_nothing():
    assert bind_volume_work(_read(paths={}, volumes={"web_html": None}), [SPEC], {"html": ["n2"]}, NODES) == []
    assert bind_volume_work(_read(paths={}, volumes={"web_html": None}), [SPEC], {"html": ["n1"]}, NODES) == ["html"]


def test_a_node_id_the_swarm_no_longer_lists_says_nothing_of_the_placement():
    # The node left or rejoined the swarm after the read: its placement is the module's to find.
    read = _read(paths={}, volumes={"web_html": None}, swarm=dict(NodeID="old", LocalNodeState="active"))
    assert bind_volume_work(read, [SPEC], {"html": ["n2"]}, NODES) == ["html"]
    down = [dict(NODES[0], Status={"State": "down"}), NODES[1]]
    assert bind_volume_work(_read(paths={}, volumes={"web_html": None}), [SPEC], {"html": ["n2"]}, down) == ["html"]
    # A missing placement key: no placement known for that volume.
    assert bind_volume_work(_read(paths={}, volumes={"web_html": None}), [SPEC], {}, NODES) == ["html"]


def test_modes_read_as_the_module_applies_them():
    assert octal_mode("0750") == "0750" and octal_mode("750") == "0750" and octal_mode(0o750) == "0750"
    assert octal_mode(750) == "1356", "an unquoted 750 is the decimal number, as the module takes it"
    assert octal_mode("u=rwx") is None and octal_mode(True) is None and octal_mode("0999") is None


def test_the_bind_volumes_of_the_present_stacks_and_nothing_else():
    stacks = [{"name": "web", "bind_volumes": {"html": {"path": "/srv//web/html/"}, "bad": {"path": "rel"}},
               "secrets": {"token": {"data": "never read"}}},
              {"name": "old", "state": "absent", "bind_volumes": {"data": {"path": "/srv/old"}}},
              {"name": "db", "bind_volumes": {"data": {"path": "/srv/db", "mode": "0700"}}},
              "not a mapping", {"bind_volumes": {"x": {"path": "/srv/x"}}}]
    assert stack_bind_volumes(stacks) == [dict(name="db_data", path="/srv/db"), dict(name="web_html", path="/srv/web/html")]
    assert stack_bind_volumes(None) == []
