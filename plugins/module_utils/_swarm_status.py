# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Read a node's engine and swarm state, and on a manager the swarm's nodes and services.

Only what a health report needs is kept: never a join token, a key, a secret's or a
config's data, nor a service's environment. Private to this collection.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import hashlib
import os
import posixpath

from ansible_collections.dockyard.swarm.plugins.module_utils._client import APIError, DockerException
from ansible_collections.dockyard.swarm.plugins.module_utils._stack_wait import eligible_nodes

try:
    from requests.exceptions import RequestException
except ImportError:
    class RequestException(Exception):
        pass

# Task states after which a task will not run again.
FINAL_STATES = ('complete', 'shutdown', 'failed', 'rejected', 'orphaned', 'remove')


def local_state(info, version):
    swarm = info.get('Swarm') or {}
    cluster = swarm.get('Cluster') or {}
    spec = cluster.get('Spec') or {}
    return dict(
        hostname=info.get('Name') or '',
        engine_version=version.get('Version') or info.get('ServerVersion') or '',
        api_version=version.get('ApiVersion') or '',
        swarm_state=swarm.get('LocalNodeState') or 'inactive',
        node_id=swarm.get('NodeID') or '',
        node_addr=swarm.get('NodeAddr') or '',
        control_available=bool(swarm.get('ControlAvailable')),
        cluster_id=cluster.get('ID') or '',
        autolock=bool((spec.get('EncryptionConfig') or {}).get('AutoLockManagers')),
        error=swarm.get('Error') or '',
    )


def _openssl_enddate(module, path):
    """notAfter of a PEM certificate as an aware datetime, or None (openssl missing, unreadable)."""
    openssl = module.get_bin_path('openssl')
    if not openssl or not os.path.exists(path):
        return None
    rc, out, dummy = module.run_command([openssl, 'x509', '-noout', '-enddate', '-in', path])
    if rc != 0 or '=' not in out:
        return None
    try:
        when = datetime.datetime.strptime(out.strip().split('=', 1)[1], '%b %d %H:%M:%S %Y GMT')
    except ValueError:
        return None
    return when


def certificate(module, path, now=None):
    """Expiry of this node's swarm certificate, or {} when there is none to read."""
    not_after = _openssl_enddate(module, path)
    if not_after is None:
        return {}
    now = now or datetime.datetime.utcnow()
    return dict(path=path, not_after=not_after.strftime('%Y-%m-%dT%H:%M:%SZ'),
                days_left=round((not_after - now).total_seconds() / 86400.0, 1))


def raft_last_write(swarm_dir):
    """Newest modification time (epoch seconds) of the raft log and snapshots, or 0."""
    newest = 0
    raft = os.path.join(swarm_dir, 'raft')
    for root, dummy, files in os.walk(raft):
        for name in files:
            try:
                newest = max(newest, os.stat(os.path.join(root, name)).st_mtime)
            except OSError:
                pass
    return newest


def node_key_encrypted(swarm_dir):
    """Whether the node's private key on disk is encrypted with the unlock key (autolock on), from its PEM
    type and headers only; False when there is no key. The key itself is never read into the result."""
    try:
        with open(os.path.join(swarm_dir, 'certificates', 'swarm-node.key')) as pem:
            for line in pem:
                line = line.strip()
                if line.startswith('-----BEGIN '):
                    if 'ENCRYPTED' in line:
                        return True
                elif line.startswith('Proc-Type:'):
                    return 'ENCRYPTED' in line
                elif ':' not in line:
                    # The end of the headers: the key's data follows.
                    return False
    except (IOError, OSError):
        pass
    return False


def _node(node, issuer_key):
    spec = node.get('Spec') or {}
    desc = node.get('Description') or {}
    status = node.get('Status') or {}
    manager = node.get('ManagerStatus') or {}
    tls = desc.get('TLSInfo') or {}
    return dict(
        id=node.get('ID') or '',
        hostname=desc.get('Hostname') or '',
        role=spec.get('Role') or ('manager' if manager else 'worker'),
        availability=spec.get('Availability') or '',
        state=status.get('State') or 'unknown',
        addr=status.get('Addr') or '',
        engine_version=(desc.get('Engine') or {}).get('EngineVersion') or '',
        leader=bool(manager.get('Leader')),
        reachability=manager.get('Reachability') or '',
        manager_addr=manager.get('Addr') or '',
        certificate_current=bool(issuer_key) and tls.get('CertIssuerPublicKey') == issuer_key,
    )


def _service(service, tasks, nodes_up, nodes=()):
    """A service's convergence. nodes_up: the IDs of the ready, active nodes; nodes: the swarm's nodes as read."""
    spec = service.get('Spec') or {}
    mode = spec.get('Mode') or {}
    name = spec.get('Name') or service.get('ID')
    mine = [t for t in tasks if t.get('ServiceID') == service.get('ID')]
    running = [t for t in mine if t.get('DesiredState') == 'running'
               and (t.get('Status') or {}).get('State') == 'running']
    if 'Replicated' in mode:
        kind, desired = 'replicated', int((mode['Replicated'] or {}).get('Replicas') or 0)
    elif 'Global' in mode:
        kind = 'global'
        # One task on every node that is up and accepts it. Right after a restore or a recovery the
        # manager has not made all those tasks yet (nor counted them in ServiceStatus): the ready,
        # active nodes that its placement constraints admit count too, where they can be read here.
        scheduled = len([t for t in mine if t.get('DesiredState') == 'running' and t.get('NodeID') in nodes_up])
        eligible = eligible_nodes(nodes, (spec.get('TaskTemplate') or {}).get('Placement')) or 0
        desired = max(scheduled, eligible)
    else:
        # Jobs run to completion: they are not a service that should keep running.
        return None
    errors = []
    for task in sorted(mine, key=lambda t: t.get('UpdatedAt') or '', reverse=True):
        status = task.get('Status') or {}
        message = status.get('Err') or ''
        if message and status.get('State') in ('failed', 'rejected') and message not in errors:
            errors.append(message)
    return dict(name=name, mode=kind, desired=desired, running=len(running),
                converged=len(running) >= desired, errors=errors[:3])


def read_tasks(client, filters=None):
    """The swarm's tasks (those that match filters), or None where this manager cannot read them (no leader)."""
    try:
        return client.api.tasks(filters=filters)
    except (APIError, DockerException, RequestException):
        return None


def cluster_view(client, info, tasks=None):
    """The swarm seen from this manager; error says why it could not be read (no leader).

    tasks is the swarm's task list where the caller has read it already.
    """
    cluster = (info.get('Swarm') or {}).get('Cluster') or {}
    issuer_key = (cluster.get('TLSInfo') or {}).get('CertIssuerPublicKey') or ''
    view = dict(id=cluster.get('ID') or '', error='', nodes=[], services=[],
                ca_fingerprint=hashlib.sha256(issuer_key.encode('ascii')).hexdigest()[:16] if issuer_key else '',
                autolock=bool(((cluster.get('Spec') or {}).get('EncryptionConfig') or {}).get('AutoLockManagers')),
                ca_force_rotate=int(((cluster.get('Spec') or {}).get('CAConfig') or {}).get('ForceRotate') or 0))
    try:
        nodes = client.api.nodes()
        services = client.api.services()
        if tasks is None:
            tasks = client.api.tasks()
    except (APIError, DockerException, RequestException) as exc:
        view['error'] = str(getattr(exc, 'explanation', None) or exc)
        return view
    view['nodes'] = [_node(n, issuer_key) for n in nodes]
    up = set(n['id'] for n in view['nodes'] if n['state'] == 'ready' and n['availability'] == 'active')
    view['services'] = sorted((s for s in (_service(s, tasks, up, nodes) for s in services) if s),
                              key=lambda s: s['name'])
    return view


def _unescape_mount_point(field):
    """A mount point as /proc/<pid>/mountinfo writes it: space, tab, newline and backslash in octal."""
    for code, char in (('\\040', ' '), ('\\011', '\t'), ('\\012', '\n'), ('\\134', '\\')):
        field = field.replace(code, char)
    return field


def mount_points(mountinfo):
    """The mount points listed in the text of a /proc/<pid>/mountinfo."""
    points = set()
    for line in mountinfo.splitlines():
        fields = line.split(' ')
        if len(fields) > 4:
            points.add(_unescape_mount_point(fields[4]))
    return points


def file_targets(container_spec):
    """Where a task's container should find its secrets and configs: the paths Docker mounts them at."""
    targets = []
    for secret in container_spec.get('Secrets') or []:
        name = (secret.get('File') or {}).get('Name')
        if name:
            targets.append(posixpath.normpath(posixpath.join('/run/secrets', name)))
    for config in container_spec.get('Configs') or []:
        # A config used as a credential spec (Runtime) is not a file in the container.
        name = (config.get('File') or {}).get('Name')
        if name:
            targets.append(posixpath.normpath(posixpath.join('/', name)))
    return targets


def local_tasks(client, control_available, node_id='', tasks=None, proc='/proc'):
    """This node's task containers that should run, and the secret and config files each one lacks.

    An engine stopped between creating a task's container and starting it keeps the container
    without its secret and config references (it writes them to disk only at the start), and
    the swarm agent starts that container once the engine is back: the task runs without them
    while the swarm reports it running. missing lists the files the task's spec wants and the
    running container does not have mounted; None where that cannot be read (not a manager, so
    no task spec; a container that does not run; no access to its mount table).

    On a manager the task specs come from one read of the swarm's tasks: tasks where the caller
    has it already, else this node's tasks that should run (node_id).
    """
    wanted = None
    if control_available:
        if tasks is None:
            # None: no leader to answer, so no spec to judge a container by.
            filters = dict({'desired-state': 'running'}, **({'node': node_id} if node_id else {}))
            tasks = read_tasks(client, filters) or []
        wanted = dict((t.get('ID'), t) for t in tasks if t.get('DesiredState') == 'running')
    found = []
    containers = client.api.containers(all=True, filters={'label': 'com.docker.swarm.task.id'})
    for summary in containers:
        labels = summary.get('Labels') or {}
        entry = dict(service=labels.get('com.docker.swarm.service.name') or '',
                     task_id=labels.get('com.docker.swarm.task.id') or '',
                     container_id=summary.get('Id') or '', state=summary.get('State') or '', missing=None)
        task = None
        if wanted is not None:
            # A container of a task gone from the swarm, or of one it stops, is not wanted running.
            task = wanted.get(entry['task_id'])
            if not task:
                continue
        elif entry['state'] not in ('created', 'running'):
            continue
        if task and entry['state'] == 'running':
            points = None
            try:
                state = (client.api.inspect_container(entry['container_id']) or {}).get('State') or {}
                pid = int(state.get('Pid') or 0)
                if pid:
                    with open(os.path.join(proc, str(pid), 'mountinfo')) as handle:
                        points = mount_points(handle.read())
            except (APIError, DockerException, RequestException, IOError, OSError, ValueError):
                points = None
            if points is not None:
                spec = (task.get('Spec') or {}).get('ContainerSpec') or {}
                entry['missing'] = [path for path in file_targets(spec) if path not in points]
        found.append(entry)
    return sorted(found, key=lambda e: (e['service'], e['task_id']))
