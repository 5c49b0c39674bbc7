# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the swarm's managers count, shared by the filters that decide on a quorum."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def is_manager(node):
    """A raft member. A node whose manager join failed keeps an entry with the manager role but no manager
    status: it is no member, and does not count."""
    return bool(node.get('ManagerStatus'))


def reachable(node):
    return (node.get('ManagerStatus') or {}).get('Reachability') == 'reachable'


def ready(node):
    return (node.get('Status') or {}).get('State') == 'ready'


def node_name(node):
    return (node.get('Description') or {}).get('Hostname') or node.get('ID') or '?'


def managers_after(nodes, leaving=(), joining=0):
    """The managers after a change that takes the managers leaving out and adds joining managers: how many, how many
    reachable, how many a quorum needs, whether the number is even, and whether the change keeps a quorum."""
    leaving = set(leaving or ())
    staying = [n for n in nodes if is_manager(n) and n.get('ID') not in leaving]
    joining = int(joining or 0)
    after = len(staying) + joining
    live = len([n for n in staying if reachable(n)]) + joining
    needed = after // 2 + 1
    return dict(managers=after, reachable=live, needed=needed, even=after > 0 and after % 2 == 0,
                ok=not leaving or (after > 0 and live >= needed))
