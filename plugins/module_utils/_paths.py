# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which host directories a bind volume may bind: pure checks on a normalised absolute path.

Kept apart from the module so that a role's preflight (through a filter) can give the same
answer before anything is created. Private to this collection: the names may change without notice.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import posixpath

DEFAULT_DOCKER_ROOT = '/var/lib/docker'

# Directories of the system: binding one into containers (and setting its owner and mode) would
# expose or break the host. These, and everything below them:
SYSTEM_TREES = ('/bin', '/boot', '/dev', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/sbin', '/sys', '/usr')
# These themselves (a directory of one's own below them is fine, e.g. /srv/app or /var/lib/app):
SYSTEM_DIRECTORIES = ('/', '/etc', '/home', '/lost+found', '/media', '/mnt', '/opt', '/root', '/run', '/srv', '/tmp',
                      '/var', '/var/cache', '/var/lib', '/var/lock', '/var/log', '/var/run', '/var/spool', '/var/tmp')


def normalise(path):
    """`path` without '.', '..', doubled or trailing slashes: the directory Linux reads it as.

    posixpath.normpath keeps exactly two leading slashes (POSIX leaves their meaning open), but
    Linux reads '//etc' as '/etc': left as it is, it would slip past every check below.
    """
    path = posixpath.normpath(path)
    if path.startswith('//'):
        path = '/' + path.lstrip('/')
    return path


def _is_within(path, tree):
    return path == tree or path.startswith(tree.rstrip('/') + '/')


def path_problem(path, docker_roots=(DEFAULT_DOCKER_ROOT,)):
    """None when `path` (absolute and normalised) may be bound, else why not, in words.

    docker_roots: the engine's data directories; neither they, anything below them nor a directory
    that holds one may be bound.
    """
    if path in SYSTEM_DIRECTORIES:
        return 'it is the system directory %s' % path
    for tree in SYSTEM_TREES:
        if _is_within(path, tree):
            return 'it is %sthe system directory %s' % ('' if path == tree else 'below ', tree)
    for root in docker_roots:
        if _is_within(path, root):
            return "it is %sDocker's data directory %s" % ('' if path == root else 'below ', root)
        if _is_within(root, path):
            return "it holds Docker's data directory %s" % root
    return None
