# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Read a node's packages, files, unit, users and engine for the node_info module, without changing anything.

Pure readers, each testable on its own. Private to this collection: the names here may change without notice.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import grp
import hashlib
import os
import pwd
import stat
import time

DPKG_STATUS = '/var/lib/dpkg/status'
# Regular files up to this size get a checksum: configuration files, not images.
CHECKSUM_LIMIT = 1024 * 1024
GLOB_CHARS = frozenset('*?[')


def parse_dpkg_status(text, names):
    """The dpkg records of `names` in the text of /var/lib/dpkg/status.

    Returns {name: {version, selection, status, installed, held}}; a package dpkg does not know is left out.
    A Multi-Arch package listed for more than one architecture keeps the record that is installed.
    """
    wanted = set(names)
    found = {}
    for block in text.split('\n\n'):
        fields = {}
        for line in block.splitlines():
            if line[:1] in (' ', '\t') or ':' not in line:
                continue
            key, value = line.split(':', 1)
            if key in ('Package', 'Status', 'Version'):
                fields[key] = value.strip()
        name = fields.get('Package')
        if name not in wanted:
            continue
        parts = (fields.get('Status') or '').split()
        selection = parts[0] if parts else ''
        status = parts[-1] if parts else ''
        record = dict(version=fields.get('Version', ''), selection=selection, status=status,
                      installed=status == 'installed', held=selection == 'hold')
        if name not in found or (record['installed'] and not found[name]['installed']):
            found[name] = record
    return found


def read_packages(names, path=DPKG_STATUS):
    if not names:
        return {}
    try:
        with open(path) as status:
            text = status.read()
    except (IOError, OSError):
        return {}
    return parse_dpkg_status(text, names)


def _checksum(path):
    digest = hashlib.sha1()
    with open(path, 'rb') as handle:
        for chunk in iter(lambda: handle.read(65536), b''):
            digest.update(chunk)
    return digest.hexdigest()


def name_or_id(lookup, number):
    """The name of a uid or gid (lookup: pwd.getpwuid or grp.getgrgid), or the number as text when it has none."""
    try:
        return lookup(number)[0]
    except KeyError:
        return str(number)


def describe_path(path):
    """What lstat and stat say of an existing path, or None when it does not exist.

    `target` is where a path that is a symbolic link leads; `real` is the path's real path when that
    differs from it (a link in the path or in one of its parents).
    """
    try:
        link = os.lstat(path)
    except OSError:
        return None
    try:
        info = os.stat(path)
    except OSError:
        info = link
    kind = ('directory' if stat.S_ISDIR(info.st_mode) else 'file' if stat.S_ISREG(info.st_mode)
            else 'link' if stat.S_ISLNK(info.st_mode) else 'other')
    entry = dict(type=kind, link=stat.S_ISLNK(link.st_mode), mode='%04o' % stat.S_IMODE(info.st_mode),
                 uid=info.st_uid, gid=info.st_gid, owner=name_or_id(pwd.getpwuid, info.st_uid),
                 group=name_or_id(grp.getgrgid, info.st_gid), mtime=info.st_mtime,
                 writable=os.access(path, os.W_OK | (os.X_OK if kind == 'directory' else 0)))
    real = os.path.realpath(path)
    if entry['link']:
        entry['target'] = real
    if real != os.path.normpath(path):
        entry['real'] = real
    if kind == 'file' and info.st_size <= CHECKSUM_LIMIT:
        try:
            entry['checksum'] = _checksum(path)
        except (IOError, OSError):
            pass
    return entry


def nearest_existing(path):
    """The path itself or its nearest existing parent directory."""
    current = os.path.normpath(path)
    while current != '/' and not os.path.lexists(current):
        current = os.path.dirname(current)
    return current


def read_paths(patterns):
    """Each existing match of the patterns (absolute paths or globs), and for each plain path that does not
    exist, its nearest existing parent (under the key `missing`)."""
    found = {}
    missing = {}
    for pattern in patterns:
        if GLOB_CHARS & set(pattern):
            matches = sorted(glob.glob(pattern))
        else:
            matches = [pattern]
        for match in matches:
            entry = describe_path(match)
            if entry is not None:
                found[match] = entry
            elif match == pattern:
                parent = nearest_existing(match)
                missing[match] = dict(parent=parent, parent_state=describe_path(parent))
    return found, missing


def parse_systemctl_show(text):
    """`systemctl show` lines as a dict."""
    props = {}
    for line in text.splitlines():
        if '=' in line:
            key, value = line.split('=', 1)
            props[key] = value
    return props


def unit_state(props, now=None, monotonic=None):
    """The unit's state and, when it runs, the wall-clock time its main process started."""
    started = None
    try:
        start_us = int(props.get('ExecMainStartTimestampMonotonic') or 0)
    except ValueError:
        start_us = 0
    if start_us > 0 and props.get('ActiveState') == 'active':
        now = time.time() if now is None else now
        monotonic = time.monotonic() if monotonic is None else monotonic
        started = round(now - (monotonic - start_us / 1e6), 3)
    return dict(active_state=props.get('ActiveState', ''), unit_file_state=props.get('UnitFileState', ''),
                sub_state=props.get('SubState', ''), started=started)


def unread_files(paths, started):
    """The regular files among `paths` (path -> describe_path entry) changed after `started`."""
    if started is None:
        return []
    return sorted(path for path, entry in paths.items() if entry['type'] == 'file' and entry['mtime'] > started)


def read_group(name):
    try:
        entry = grp.getgrnam(name)
    except KeyError:
        return dict(name=name, exists=False, gid=None, members=[])
    return dict(name=name, exists=True, gid=entry.gr_gid, members=sorted(entry.gr_mem))


def read_users(names):
    """Each listed user: whether the system knows it (through NSS, so directory users too)."""
    users = {}
    for name in names:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            users[name] = dict(exists=False)
            continue
        users[name] = dict(exists=True, uid=entry.pw_uid, gid=entry.pw_gid, home=entry.pw_dir)
    return users


def socket_path(docker_host):
    """The Unix socket path of docker_host, or None when it is not a Unix socket."""
    if not docker_host:
        return '/var/run/docker.sock'
    if docker_host.startswith('unix://'):
        return docker_host[len('unix://'):]
    if docker_host.startswith('/'):
        return docker_host
    return None
