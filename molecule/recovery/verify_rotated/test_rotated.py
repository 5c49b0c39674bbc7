"""After rotate.yml: every node holds a certificate from the new CA, and the worker joined again."""
from labtest import node
from swarmcheck import MANAGERS, assert_whole_swarm


def test_every_node_holds_a_certificate_from_the_new_ca():
    manager = node(MANAGERS[0])
    before = manager.file("/root/ca-before-rotation").content_string.strip()
    # json: the key is bytes, which a plain template prints as a list of numbers.
    now = manager.check_output("docker info --format '{{json .Swarm.Cluster.TLSInfo.CertIssuerPublicKey}}'").strip('"')
    assert now and now != before, "the swarm's CA did not change"
    issuers = manager.check_output(
        "docker node inspect --format '{{.Description.Hostname}} {{json .Description.TLSInfo.CertIssuerPublicKey}}' "
        "$(docker node ls -q)").splitlines()
    assert len(issuers) == 4, issuers
    stale = [line.split()[0] for line in issuers if line.split()[1].strip('"') != now]
    assert not stale, f"nodes whose certificate is not from the new CA: {stale}"


def test_the_swarm_is_whole():
    assert_whole_swarm(node(MANAGERS[0]))
