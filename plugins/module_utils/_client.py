# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Connect to the Docker engine with the Docker SDK and turn its errors into clear failures.

Private to this collection: the names here may change without notice.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import socket
import traceback

from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.text.converters import to_native

DOCKER_IMPORT_ERROR = None
try:
    import docker
    # NotFound is imported from here by the modules, so that they need no try/except of their own.
    from docker.errors import APIError, DockerException, NotFound  # pylint: disable=unused-import
except ImportError:
    docker = None
    DOCKER_IMPORT_ERROR = traceback.format_exc()

    # Stand-ins so that `except` clauses stay valid; fail_on_missing_sdk() stops first.
    class DockerException(Exception):
        pass

    class APIError(DockerException):
        pass

    class NotFound(APIError):
        pass

try:
    # ReadTimeout is imported from here by the modules, like the SDK's errors above.
    from requests.exceptions import ReadTimeout, RequestException  # pylint: disable=unused-import
except ImportError:
    class RequestException(Exception):
        pass

    class ReadTimeout(RequestException):
        pass


DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock'

DOCKER_ARGUMENT_SPEC = dict(
    docker_host=dict(type='str'),
    timeout=dict(type='int', default=60),
)

SDK_INSTALL_HINT = (
    'Install the Docker SDK for Python on the managed node, for example with the Debian/Ubuntu package '
    'python3-docker (apt-get install python3-docker), or with "pip install docker" into the interpreter '
    'that Ansible uses there (see ansible_python_interpreter).'
)


def docker_argument_spec(**extra):
    """The module's own options plus the shared connection options."""
    spec = dict(DOCKER_ARGUMENT_SPEC)
    spec.update(extra)
    return spec


def node_name():
    return socket.gethostname()


def describe_host(docker_host):
    return docker_host or 'DOCKER_HOST or %s' % DEFAULT_DOCKER_HOST


def normalize_docker_host(docker_host):
    """A bare socket path becomes a unix:// URL; everything else is left to the SDK."""
    if docker_host and docker_host.startswith('/'):
        return 'unix://' + docker_host
    return docker_host


def unreachable_message(docker_host, error):
    text = to_native(error)
    where = describe_host(docker_host)
    if 'Permission denied' in text:
        return ('Permission denied on the Docker engine socket (%s) on %s: run the task with become: true, '
                'or add the remote user to the docker group. Engine said: %s' % (where, node_name(), text))
    if 'timed out' in text.lower():
        return ('The Docker engine at %s on %s did not answer in time: %s. Check that the engine is healthy '
                '(docker info), or raise the timeout option.' % (where, node_name(), text))
    return ('Cannot reach the Docker engine at %s on %s: %s. Check that the engine runs there '
            '(systemctl status docker) and that docker_host names its socket or URL.' % (where, node_name(), text))


def fail_on_missing_sdk(module):
    if docker is None:
        module.fail_json(
            msg='%s. %s' % (missing_required_lib('docker (Docker SDK for Python)'), SDK_INSTALL_HINT),
            exception=DOCKER_IMPORT_ERROR,
        )


def connect(module):
    """A docker.DockerClient for the module's docker_host/timeout options, or fail_json."""
    fail_on_missing_sdk(module)
    docker_host = normalize_docker_host(module.params.get('docker_host'))
    timeout = module.params.get('timeout')
    try:
        if docker_host:
            client = docker.DockerClient(base_url=docker_host, version='auto', timeout=timeout)
        else:
            client = docker.from_env(version='auto', timeout=timeout)
        client.ping()
    except (DockerException, RequestException) as exc:
        module.fail_json(msg=unreachable_message(docker_host, exc))
    return client


@contextlib.contextmanager
def engine_errors(module, doing):
    """Turn an engine error raised while `doing` (e.g. "removing secret 'db_v1'") into fail_json."""
    try:
        yield
    except APIError as exc:
        explanation = getattr(exc, 'explanation', None) or to_native(exc)
        module.fail_json(msg='Docker engine refused %s: %s' % (doing, to_native(explanation)))
    except (DockerException, RequestException) as exc:
        module.fail_json(msg='While %s: %s' % (doing, unreachable_message(module.params.get('docker_host'), exc)))


def swarm_manager_problem(info, what):
    """None on a reachable swarm manager, else a message saying why `what` cannot be managed here."""
    swarm = (info or {}).get('Swarm') or {}
    state = swarm.get('LocalNodeState') or 'inactive'
    node = (info or {}).get('Name') or node_name()
    where = 'Swarm %s live in the swarm and can only be managed on a swarm manager' % what
    if swarm.get('ControlAvailable'):
        return None
    if state == 'inactive':
        return ('%s; this node (%s) is not part of a swarm. Run the task on a manager node '
                '(for example with delegate_to or run_once on the managers group), or form the swarm first.'
                % (where, node))
    if state == 'locked':
        return ('%s; the swarm on this node (%s) is locked. Unlock it with "docker swarm unlock" first.' % (where, node))
    if state == 'active':
        return ('%s; this node (%s) is a worker. Run the task on a manager node '
                '(for example with delegate_to or run_once on the managers group).' % (where, node))
    return ('%s; this node (%s) is in swarm state "%s", not an active manager. '
            'Check "docker info" on it, then run the task on a manager node.' % (where, node, state))


def require_swarm_manager(module, client, what):
    with engine_errors(module, 'reading the engine information (docker info)'):
        info = client.info()
    problem = swarm_manager_problem(info, what)
    if problem:
        module.fail_json(msg=problem)
    return info
