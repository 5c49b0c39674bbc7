"""After the backup, every manager's engine state wiped, and the restore."""
import glob
import json
import os

from labtest import node
from swarmcheck import MANAGERS, WORKER, assert_app_everywhere, assert_whole_swarm

BACKUPS = os.path.join(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"], "backups")


def test_the_swarm_is_whole_again():
    assert_whole_swarm(node(MANAGERS[0]))


def test_it_is_the_backed_up_swarm():
    metadata = [json.load(open(p)) for p in glob.glob(os.path.join(BACKUPS, "swarm-*.json"))]
    assert len(metadata) == 1, metadata
    # Taken with autolock on, paused for the backup: the archived state has it off.
    assert metadata[0]["autolock"] is False and metadata[0]["autolock_paused"] is True, metadata
    swarm_id = node(MANAGERS[0]).check_output("docker info --format '{{.Swarm.Cluster.ID}}'")
    assert swarm_id == metadata[0]["swarm_id"]


def test_the_app_runs_again_with_the_same_secret_data():
    assert_app_everywhere()


def test_the_worker_came_back_without_being_rebuilt():
    worker = node(WORKER)
    before = worker.file("/root/node-id-before-restore").content_string.strip()
    assert worker.check_output("docker info --format '{{.Swarm.NodeID}}'") == before


def test_no_archive_is_left_on_the_nodes():
    for name in MANAGERS:
        found = node(name).check_output("find / /tmp -xdev \\( -name 'dockyard-backup.*' -o -name 'dockyard-restore.*' "
                                        "-o -name 'swarm.tar.gz' \\) -print")
        assert found == "", f"{name}: {found}"


def test_autolock_is_on_again_after_the_restore():
    for name in MANAGERS:
        spec = node(name).check_output("docker info --format '{{.Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers}}'")
        assert spec == "true", f"{name}: autolock is {spec}"


def test_turning_autolock_on_kept_the_swarms_other_settings():
    # Docker's defaults, which the lab's swarm was started with: the role changed autolock only.
    spec = json.loads(node(MANAGERS[0]).check_output("docker info --format '{{json .Swarm.Cluster.Spec}}'"))
    assert spec["EncryptionConfig"]["AutoLockManagers"] is True, spec
    assert spec["Orchestration"].get("TaskHistoryRetentionLimit") == 5, spec
    assert spec["CAConfig"].get("NodeCertExpiry") == 90 * 24 * 3600 * 10**9, spec
    assert spec["Dispatcher"].get("HeartbeatPeriod") == 5 * 10**9, spec
    assert (spec["Raft"].get("ElectionTick"), spec["Raft"].get("HeartbeatTick")) == (10, 1), spec
