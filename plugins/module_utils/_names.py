# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Docker's naming rules, checked before the engine is asked, and label filters that match one value.

Private to this collection: the names here may change without notice.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

# swarmkit (manager/controlapi): a secret or config name starts and ends with a letter or a digit,
# has only [a-zA-Z0-9-_.] between, and is at most 64 characters long.
SWARM_OBJECT_NAME = re.compile(r'^[a-zA-Z0-9]+(?:[a-zA-Z0-9_.-]*[a-zA-Z0-9])?$')
SWARM_OBJECT_NAME_MAX = 64

# The local volume driver: [a-zA-Z0-9][a-zA-Z0-9_.-]+ (so at least two characters). The engine keeps
# each volume in a directory of that name, and a directory name has at most 255 bytes.
VOLUME_NAME = re.compile(r'^[a-zA-Z0-9][a-zA-Z0-9_.-]+$')
VOLUME_NAME_MAX = 255

# swarmkit: service (and network) names are DNS labels of at most 63 characters, and a stack names
# its services <stack>_<service>.
SERVICE_NAME = re.compile(r'^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$')
SERVICE_NAME_MAX = 63


def swarm_object_name_problem(name, suffix=''):
    """None when `name` + `suffix` is a valid secret or config name, else what is wrong, in words.

    `suffix` is what the module appends (`_v<N>`), so that its length counts too.
    """
    if not name:
        return 'it is empty'
    if not SWARM_OBJECT_NAME.match(name + suffix):
        return ('only letters, digits and the characters "_", "." and "-" are allowed, and it must start '
                'and end with a letter or a digit')
    if len(name) + len(suffix) > SWARM_OBJECT_NAME_MAX:
        if suffix:
            values = (suffix, len(name) + len(suffix), SWARM_OBJECT_NAME_MAX, SWARM_OBJECT_NAME_MAX - len(suffix))
            return ('with the version suffix "%s" it is %d characters long, and Docker allows at most %d; '
                    'use a name of at most %d characters' % values)
        return 'it is %d characters long, and Docker allows at most %d' % (len(name), SWARM_OBJECT_NAME_MAX)
    return None


def volume_name_problem(name):
    """None when `name` is a valid local volume name, else what is wrong, in words."""
    if not name:
        return 'it is empty'
    if len(name) < 2:
        return 'it must be at least two characters long'
    if not VOLUME_NAME.match(name):
        return ('only letters, digits and the characters "_", "." and "-" are allowed, and it must start '
                'with a letter or a digit')
    if len(name) > VOLUME_NAME_MAX:
        return 'it is %d characters long, and a volume name has at most %d' % (len(name), VOLUME_NAME_MAX)
    return None


def stack_name_problem(name):
    """None when `name` is a valid stack name, else what is wrong, in words."""
    if not name:
        return 'it is empty'
    if not SERVICE_NAME.match(name):
        return ('only letters and digits are allowed, with "-" and "_" only between them (its services and '
                'networks are named <stack>_<key>)')
    if len(name) > SERVICE_NAME_MAX - 2:
        return ('it is %d characters long, and its services are named <stack>_<service>, which Docker allows '
                'at most %d characters' % (len(name), SERVICE_NAME_MAX))
    return None


def label_filter(key, value):
    """The engine filter `key=value` for one exact label value.

    The engine reads `key=` (an empty value) as "any value", so an empty value would match every
    object with that label: refuse to build it.
    """
    if not key or not value:
        raise ValueError('a label filter needs a key and a non-empty value, got %r=%r' % (key, value))
    return '%s=%s' % (key, value)
