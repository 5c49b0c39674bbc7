import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.dockyard.swarm.plugins.filter.recovery_backup_plan import recovery_backup_plan
from ansible_collections.dockyard.swarm.plugins.filter.recovery_recover_plan import recovery_recover_plan
from ansible_collections.dockyard.swarm.plugins.filter.recovery_restore_plan import recovery_restore_plan


@pytest.mark.parametrize("plan", [
    lambda bad: recovery_backup_plan(bad, ["m1"]),
    lambda bad: recovery_recover_plan(bad, ["m1"]),
    lambda bad: recovery_restore_plan(bad, {}, ["m1"], {}),
])
@pytest.mark.parametrize("bad", [None, [], {"cluster": {}}])
def test_each_plan_refuses_what_is_not_a_health_report(plan, bad):
    with pytest.raises(AnsibleFilterError, match="report of dockyard.swarm.swarm_health, got"):
        plan(bad)
