# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The check the recovery filters share on their input, the report of dockyard.swarm.swarm_health."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError


def health_report(health):
    """The report itself, or an error naming what was given instead."""
    if not isinstance(health, dict) or 'hosts' not in health:
        raise AnsibleFilterError('the input must be the report of dockyard.swarm.swarm_health, got %r'
                                 % type(health).__name__)
    return health
