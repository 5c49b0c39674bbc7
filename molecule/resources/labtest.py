"""What the scenarios' testinfra tests share: a scenario's hosts by inventory name, the managers as
the swarm lists them, and Ansible runs against the scenario's inventory, made the way a user makes them.

pytest.ini puts this directory on the tests' import path: `from labtest import node`.
"""
import collections
import json
import os
import re
import subprocess

import testinfra

# rc: the command's exit code; output: its stdout and stderr; changed: inventory host -> changed
# count of the recap; document: the JSON callback's document (None without it).
Run = collections.namedtuple("Run", "rc output changed document")


def node(name):
    """The scenario's host `name`, reached as Ansible reaches it."""
    return testinfra.get_host(f"ansible://{name}", ansible_inventory=os.environ["MOLECULE_INVENTORY_FILE"])


def managers(host):
    """Hostname -> (status, manager status) of every manager, as `docker node ls` on host shows them."""
    lines = host.check_output("docker node ls --format '{{.Hostname}} {{.Status}} {{.ManagerStatus}}'").splitlines()
    return {f[0]: (f[1], f[2]) for f in (line.split() for line in lines) if len(f) == 3}


def inventory_dir():
    """The scenario's inventory directory: its hosts file has the groups, group_vars the scenario's variables."""
    return os.path.dirname(os.environ["MOLECULE_INVENTORY_FILE"])


def ansible(command, json_callback=False, env=None, timeout=900):
    """Run an ansible or ansible-playbook command line to its end, whatever its exit code: a Run.

    With json_callback, through the JSON callback, which prints every result in full (message,
    invocation, diff); else in plain text without colours. env adds to the environment.
    """
    if json_callback:
        env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json", ANSIBLE_LOAD_CALLBACK_PLUGINS="1",
                   **(env or {}))
    else:
        env = dict(os.environ, ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1", **(env or {}))
    out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    output = out.stdout + out.stderr
    if not json_callback:
        changed = {h: int(c) for h, c in re.findall(r"(?m)^(\S+)\s+:\s+ok=\d+\s+changed=(\d+)", out.stdout)}
        return Run(out.returncode, output, changed, None)
    # Other enabled callbacks (profile_tasks) and -vvv lines may come before the JSON document.
    start = 0 if out.stdout.startswith("{") else out.stdout.find("\n{\n") + 1
    assert start > 0 or out.stdout.startswith("{"), "rc %d of %s: %s" % (out.returncode, " ".join(command), output[-3000:])
    document, _end = json.JSONDecoder().raw_decode(out.stdout, start)
    changed = {h: s["changed"] for h, s in document.get("stats", {}).items()}
    return Run(out.returncode, output, changed, document)


def playbook(path, *args, **kwargs):
    """ansible-playbook with these arguments against the scenario's inventory directory: a Run (see ansible)."""
    return ansible(["ansible-playbook", "-i", inventory_dir(), path] + list(args), **kwargs)
