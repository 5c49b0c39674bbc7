"""node_info's readers: dpkg's status database, systemd's answer, files and the names the roles look up."""
import grp
import hashlib
import os
import pwd

from ansible_collections.dockyard.swarm.plugins.module_utils import _node_info as ni

STATUS = """Package: docker.io
Status: hold ok installed
Priority: optional
Version: 20.10.24+dfsg1-1+b3
Description: Linux container runtime
 Status: not a field of this record

Package: containerd
Status: deinstall ok config-files
Version: 1.6.20~ds1-1+b1

Package: runc
Status: install ok installed
Architecture: i386
Version: 1.1.5+ds1-1

Package: runc
Status: install ok not-installed
Architecture: amd64
Version: 1.1.4

Package: python3-docker
Status: install ok installed
Version: 5.0.3-1
"""


def test_dpkg_records_of_the_listed_packages_only():
    found = ni.parse_dpkg_status(STATUS, ['docker.io', 'containerd', 'runc', 'docker-ce'])
    assert sorted(found) == ['containerd', 'docker.io', 'runc']
    assert found['docker.io'] == dict(version='20.10.24+dfsg1-1+b3', selection='hold', status='installed',
                                      installed=True, held=True)
    assert found['containerd']['installed'] is False
    assert found['containerd']['status'] == 'config-files'


def test_the_installed_record_of_a_package_listed_twice_wins():
    assert ni.parse_dpkg_status(STATUS, ['runc'])['runc']['version'] == '1.1.5+ds1-1'


def test_a_missing_status_database_reads_as_no_package(tmp_path):
    assert ni.read_packages(['docker.io'], str(tmp_path / 'status')) == {}
    assert ni.read_packages([], str(tmp_path / 'status')) == {}


def test_unit_start_is_turned_into_wall_clock_time():
    props = ni.parse_systemctl_show('ActiveState=active\nSubState=running\nUnitFileState=enabled\n'
                                    'ExecMainStartTimestampMonotonic=5000000\n')
    state = ni.unit_state(props, now=1000.0, monotonic=105.0)
    assert state == dict(active_state='active', unit_file_state='enabled', sub_state='running', started=900.0)


def test_a_stopped_unit_has_no_start_and_no_unread_file():
    state = ni.unit_state({'ActiveState': 'inactive', 'ExecMainStartTimestampMonotonic': '5000000'})
    assert state['started'] is None
    assert ni.unread_files({'/etc/docker/daemon.json': dict(type='file', mtime=1e12)}, None) == []


def test_only_files_changed_after_the_start_are_unread():
    paths = {'/a': dict(type='file', mtime=901.0), '/b': dict(type='file', mtime=899.5),
             '/d': dict(type='directory', mtime=950.0)}
    assert ni.unread_files(paths, 900.0) == ['/a']


def test_paths_globs_and_missing_paths(tmp_path):
    conf = tmp_path / 'docker.list'
    conf.write_text('deb x\n')
    (tmp_path / 'other.list').write_text('')
    found, missing = ni.read_paths([str(tmp_path / 'docker*.list'), str(tmp_path / 'no' / 'such' / 'dir')])
    assert list(found) == [str(conf)]
    assert found[str(conf)]['type'] == 'file'
    assert found[str(conf)]['checksum'] == hashlib.sha1(b'deb x\n').hexdigest()
    expected = dict(parent=str(tmp_path), parent_state=ni.describe_path(str(tmp_path)))
    assert missing == {str(tmp_path / 'no' / 'such' / 'dir'): expected}


def test_a_link_is_reported_with_its_target(tmp_path):
    target = tmp_path / 'real'
    target.mkdir()
    link = tmp_path / 'link'
    os.symlink(str(target), str(link))
    entry = ni.describe_path(str(link))
    assert entry['type'] == 'directory' and entry['link'] and entry['target'] == str(target)


def test_unknown_group_and_users():
    assert ni.read_group('no-such-group-here') == dict(name='no-such-group-here', exists=False, gid=None, members=[])
    users = ni.read_users(['root', 'no-such-user-here'])
    assert users['root']['exists'] and users['root']['uid'] == 0
    assert users['no-such-user-here'] == dict(exists=False)


def test_socket_path_of_docker_host():
    assert ni.socket_path(None) == '/var/run/docker.sock'
    assert ni.socket_path('unix:///run/docker.sock') == '/run/docker.sock'
    assert ni.socket_path('/run/docker.sock') == '/run/docker.sock'
    assert ni.socket_path('tcp://10.0.0.1:2376') is None


def test_a_path_under_a_linked_parent_is_reported_with_its_real_path(tmp_path):
    (tmp_path / 'real' / 'data').mkdir(parents=True)
    os.symlink(str(tmp_path / 'real'), str(tmp_path / 'link'))
    entry = ni.describe_path(str(tmp_path / 'link' / 'data'))
    assert not entry['link'] and entry['real'] == str(tmp_path / 'real' / 'data')
    plain = ni.describe_path(str(tmp_path / 'real' / 'data'))
    assert 'real' not in plain
    assert plain['owner'] == pwd.getpwuid(os.getuid()).pw_name and plain['group'] == grp.getgrgid(os.getgid()).gr_name
