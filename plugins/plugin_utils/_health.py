# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the recovery filters share: the check on their input (the report of dockyard.swarm.swarm_health), and why
Docker cannot force a new cluster from the state of an autolocked swarm."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

# docker swarm init --force-new-cluster builds the new node without the unlock key, and docker swarm unlock
# waits for a raft leader, which a swarm without its old managers never has.
AUTOLOCK_CAUSE = ('Docker cannot force a new cluster from the encrypted swarm state of an autolocked manager (docker '
                  'swarm init --force-new-cluster fails with "Swarm is encrypted and needs to be unlocked", '
                  'moby/moby#36852, and docker swarm unlock waits for a quorum that a lost swarm cannot give)')


def health_report(health):
    """The report itself, or an error naming what was given instead."""
    if not isinstance(health, dict) or 'hosts' not in health:
        raise AnsibleFilterError('the input must be the report of dockyard.swarm.swarm_health, got %r'
                                 % type(health).__name__)
    return health
