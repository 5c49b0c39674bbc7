"""What side_effect.yml recorded, as the nodes themselves said it: systemd's monotonic times at
which each node's docker.service left and re-entered the active state (the containers share the
host kernel's clock, so the times of different nodes compare), and `docker node ls` with the
service's running tasks, sampled from outside the swarm all through each run."""
import json
import os

import pytest
from labtest import node

RECORDS = os.path.join(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"], "engine_roll")
MANAGERS = ["engine_roll-node1", "engine_roll-node2", "engine_roll-node3"]
WORKERS = ["engine_roll-node4"]


def record(case):
    with open(os.path.join(RECORDS, case + ".json")) as f:
        return json.load(f)


def samples(case):
    with open(os.path.join(RECORDS, case + ".samples")) as f:
        return [json.loads(line) for line in f if line.strip()]


def windows(rec):
    """Node -> (left active, active again) in µs, for the nodes whose dockerd restarted in the run."""
    out = {}
    for name, after in rec["after"]["nodes"].items():
        before = rec["before"]["nodes"][name]
        if int(after["ActiveEnterTimestampMonotonic"]) > int(before["ActiveEnterTimestampMonotonic"]):
            out[name] = (int(after["ActiveExitTimestampMonotonic"]), int(after["ActiveEnterTimestampMonotonic"]))
    return out


def report(case, wins):
    lines = ["%s %s down %.1f s" % (case, name, (end - start) / 1e6) for name, (start, end) in sorted(wins.items())]
    with open(os.path.join(RECORDS, "windows.txt"), "a") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def check_one_at_a_time(case):
    rec = record(case)
    assert rec["rc"] == 0, rec["stdout"][-3000:] + rec["stderr"][-2000:]
    wins = windows(rec)
    report(case, wins)
    assert sorted(wins) == sorted(MANAGERS + WORKERS), "every node restarts once: %s" % wins
    ordered = sorted(wins.items(), key=lambda item: item[1][0])
    for first, second in zip(ordered, ordered[1:]):
        assert first[1][1] < second[1][0], "%s was still down when %s went down" % (first[0], second[0])
    assert ordered[-1][0] in WORKERS, "the managers go first: %s" % ordered
    assert rec["after"]["availability"] == rec["before"]["availability"]
    assert set(rec["before"]["availability"].values()) == {"Active"}


def check_sampled_throughout(case):
    """The samples cover the run, whatever its length: sampler.py started right after the read of the
    nodes before it, went on without a pause, and stopped only when the run had ended."""
    rec, taken = record(case), samples(case)
    assert len(taken) >= 2, taken
    # state.py's "now" is read when it starts: the read before takes a few seconds, the next task
    # starts the sampler, and the one after it runs the playbook.
    assert taken[0]["t"] - rec["before"]["now"] < 30e6, "the sampler started late"
    for earlier, later in zip(taken, taken[1:]):
        # Between two samples the sampler only sleeps 0.3 s.
        assert later["t"] - earlier["t_end"] < 5e6, "no sample between %d and %d" % (earlier["t_end"], later["t"])
    # The sampler stops at the stop file, written when the run has ended; the read after comes next.
    assert rec["after"]["now"] - taken[-1]["t_end"] < 15e6, "the sampler stopped before the run ended"
    return taken


def check_swarm_kept_serving(case):
    """Every sample was answered by a manager (a manager answers only while the managers have a
    quorum), counted at least two managers up, and found a running task of the service."""
    taken = check_sampled_throughout(case)
    for sample in taken:
        assert sample["asked"] is not None, "no manager answered at %s" % sample["t"]
        up = [n for n in sample["nodes"] if n[3] in ("Leader", "Reachable")]
        assert len(up) >= 2, sample
        running = [t for t in sample["tasks"] if t[1].startswith("Running")]
        assert running, "no running task of roll-web at %s: %s" % (sample["t"], sample)


def test_check_mode_predicts_the_restarts_and_changes_nothing():
    rec = record("check")
    assert rec["rc"] == 0, rec["stdout"][-3000:]
    recap = [line for line in rec["stdout"].splitlines() if " : ok=" in line]
    assert len(recap) == 4 and all(" changed=0 " not in line for line in recap), recap
    assert windows(rec) == {}
    assert rec["after"]["availability"] == rec["before"]["availability"]
    for sample in check_sampled_throughout("check"):
        assert all(node[2] == "Active" for node in sample["nodes"]), sample


def test_a_daemon_options_change_restarts_one_node_at_a_time():
    check_one_at_a_time("roll")


def test_the_swarm_kept_its_quorum_and_the_service_during_the_roll():
    check_swarm_kept_serving("roll")


def test_a_manager_restart_is_refused_while_another_manager_is_down():
    rec = record("refused")
    out = rec["stdout"] + rec["stderr"]
    assert rec["rc"] != 0
    assert "Refusing to stop dockerd on manager engine_roll-node1" in out
    assert "Not up now: engine-roll-node3 (down, unreachable)" in out or "engine-roll-node3" in out
    assert windows(rec) == {}, "nothing restarts"
    check_swarm_kept_serving("refused")


def test_the_next_run_restarts_the_refused_manager():
    rec = record("pending")
    assert rec["rc"] == 0, rec["stdout"][-3000:]
    wins = windows(rec)
    report("pending", wins)
    assert sorted(wins) == ["engine_roll-node1"]
    check_swarm_kept_serving("pending")


def test_the_upgrade_moves_one_node_at_a_time_to_the_new_version():
    rec = record("upgrade")
    before = {n["version"] for n in rec["before"]["nodes"].values()}
    after = {n["version"] for n in rec["after"]["nodes"].values()}
    assert len(before) == 1 and after == {before.pop() + "+lab1"}
    check_one_at_a_time("upgrade")


def test_the_swarm_kept_its_quorum_and_the_service_during_the_upgrade():
    check_swarm_kept_serving("upgrade")


@pytest.mark.parametrize("name", MANAGERS + WORKERS)
def test_every_node_is_back_ready_and_active(name):
    manager = node("engine_roll-node1")
    nodes = manager.check_output("docker node ls --format '{{.Hostname}} {{.Status}} {{.Availability}}'")
    assert "%s Ready Active" % name.replace("_", "-") in nodes.splitlines()


def test_the_service_runs_its_two_replicas():
    manager = node("engine_roll-node1")
    states = manager.check_output("docker service ps roll-web --filter desired-state=running --format '{{.CurrentState}}'")
    assert len([s for s in states.splitlines() if s.startswith("Running")]) == 2
