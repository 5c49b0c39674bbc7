# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""make bench: time playbooks/site.yml on fresh labs of N nodes, against a shell reference.

For each node count and each run: a fresh lab, the cold converge of site.yml, an
idempotent re-run that must change nothing, the lab removed; then a fresh lab for the
shell reference (bench/reference.sh), removed too. The time of each role comes from the
dockyard_timing callback. Results go to bench/results/<time>/: results.json, results.md
and chart.png; results.md is printed at the end.

  BENCH_NODES   node counts (default "3 6")
  BENCH_RUNS    runs per node count; the figures are their medians (default 3)
  BENCH_SUITE   Debian suite of the lab nodes (default bookworm)
  BENCH_BASELINE  results.json of an earlier bench on this machine (another revision): the re-run
                target is then also checked against its re-run time
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LAB = 'bench'
ROLES = ['engine', 'users', 'cluster', 'stack']

# The targets, on a 2-core machine, medians of the runs.
WARM_TARGET_S = 20.0
WARM_ROUNDS_TARGET = 4
WARM_BASELINE_RATIO = 0.6
WARM_GROWTH_TARGET = 1.3
COLD_RATIO_TARGET = 1.5


def say(msg):
    print('\n\033[1m==> %s\033[0m' % msg, flush=True)


def run(argv, env, log):
    """Run a command; its output goes to the log file. Return the wall time in seconds."""
    started = time.monotonic()
    with open(log, 'a') as out:
        out.write('\n$ %s\n' % ' '.join(argv))
        out.flush()
        proc = subprocess.run(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        sys.exit('ERROR: %s failed (exit %d); see %s' % (' '.join(argv), proc.returncode, log))
    return seconds


def lab_env():
    return dict(os.environ, DOCKYARD_LAB_NAME=LAB, DOCKYARD_LAB_SUITE=os.environ.get('BENCH_SUITE', 'bookworm'))


def playbook(env, timing_file, log):
    env = dict(env,
               ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, 'callback_plugins'),
               ANSIBLE_CALLBACKS_ENABLED='dockyard_timing',
               ANSIBLE_FORCE_COLOR='0',
               DOCKYARD_TIMING_FILE=timing_file)
    inventory = os.path.join('.lab', LAB, 'hosts.yml')
    seconds = run(['ansible-playbook', '-i', inventory, '-i', 'inventory/lab', 'playbooks/site.yml'], env, log)
    with open(timing_file) as f:
        timing = json.load(f)
    roles = dict((name, timing['roles'].get(name, {}).get('seconds', 0.0)) for name in ROLES)
    roles['other'] = round(sum(r['seconds'] for n, r in timing['roles'].items() if n not in ROLES), 3)
    return dict(seconds=round(seconds, 2), changed=timing['changed'], failed=timing['failed'], roles=roles,
                calls=timing.get('calls', 0), rounds=timing.get('rounds', 0))


def one_run(nodes, index, outdir):
    env = lab_env()
    log = os.path.join(outdir, 'run-%dnodes-%d.log' % (nodes, index))
    result = dict(nodes=nodes, run=index)

    say('%d nodes, run %d: a fresh lab, then site.yml cold and again' % (nodes, index))
    run(['scripts/lab.sh', 'down'], env, log)
    run(['scripts/lab.sh', 'up', str(nodes)], env, log)
    result['cold'] = playbook(env, os.path.join(outdir, 'timing-%dnodes-%d-cold.json' % (nodes, index)), log)
    print('    cold converge %6.1f s  (changed %d, %d remote calls in %d rounds)'
          % (result['cold']['seconds'], result['cold']['changed'], result['cold']['calls'], result['cold']['rounds']))
    result['warm'] = playbook(env, os.path.join(outdir, 'timing-%dnodes-%d-warm.json' % (nodes, index)), log)
    print('    re-run        %6.1f s  (changed %d, %d remote calls in %d rounds)'
          % (result['warm']['seconds'], result['warm']['changed'], result['warm']['calls'], result['warm']['rounds']))
    run(['scripts/lab.sh', 'down'], env, log)

    say('%d nodes, run %d: a fresh lab, then the shell reference' % (nodes, index))
    run(['scripts/lab.sh', 'up', str(nodes)], env, log)
    result['reference'] = dict(seconds=round(run(['bench/reference.sh'], env, log), 2))
    print('    shell reference %6.1f s' % result['reference']['seconds'])
    run(['scripts/lab.sh', 'down'], env, log)
    return result


def med(values):
    return round(statistics.median(values), 2)


def summarize(runs, counts):
    summary = {}
    for nodes in counts:
        mine = [r for r in runs if r['nodes'] == nodes]
        entry = dict(
            runs=len(mine),
            cold_s=med([r['cold']['seconds'] for r in mine]),
            warm_s=med([r['warm']['seconds'] for r in mine]),
            reference_s=med([r['reference']['seconds'] for r in mine]),
            warm_changed=max(r['warm']['changed'] for r in mine),
            cold_calls=med([r['cold']['calls'] for r in mine]),
            cold_rounds=med([r['cold']['rounds'] for r in mine]),
            warm_calls=med([r['warm']['calls'] for r in mine]),
            warm_rounds=med([r['warm']['rounds'] for r in mine]),
            cold_roles=dict((k, med([r['cold']['roles'][k] for r in mine])) for k in ROLES + ['other']),
            warm_roles=dict((k, med([r['warm']['roles'][k] for r in mine])) for k in ROLES + ['other']),
        )
        entry['cold_ratio'] = round(entry['cold_s'] / entry['reference_s'], 2)
        summary[str(nodes)] = entry
    first, last = str(counts[0]), str(counts[-1])
    growth = None
    if first != last:
        growth = round(summary[last]['cold_s'] / summary[first]['cold_s'] - 1, 3)
    return summary, growth


def markdown(summary, growth, counts, meta):
    lines = ['# site.yml benchmark', '',
             '%s; %s; %d run(s) per node count, medians.' % (meta['date'], meta['machine'], meta['runs']), '',
             '| nodes | cold converge | shell reference | cold / reference | idempotent re-run | re-run changed |',
             '| ---: | ---: | ---: | ---: | ---: | ---: |']
    for nodes in counts:
        s = summary[str(nodes)]
        lines.append('| %d | %.1f s | %.1f s | %.2f× | %.1f s | %d |'
                     % (nodes, s['cold_s'], s['reference_s'], s['cold_ratio'], s['warm_s'], s['warm_changed']))
    lines += ['', 'Remote calls per run (module runs on the nodes, each loop item one; rounds: the calls one node waits for',
              'in turn, the critical path):', '',
              '| nodes | cold calls | cold rounds | re-run calls | re-run rounds |', '| ---: | ---: | ---: | ---: | ---: |']
    for nodes in counts:
        s = summary[str(nodes)]
        lines.append('| %d | %d | %d | %d | %d |' % (nodes, s['cold_calls'], s['cold_rounds'], s['warm_calls'], s['warm_rounds']))
    lines += ['', 'Time per role (cold / re-run, seconds):', '',
              '| nodes | ' + ' | '.join(ROLES + ['other']) + ' |',
              '| ---: |' + ' ---: |' * (len(ROLES) + 1)]
    for nodes in counts:
        s = summary[str(nodes)]
        cells = ['%.1f / %.1f' % (s['cold_roles'][k], s['warm_roles'][k]) for k in ROLES + ['other']]
        lines.append('| %d | %s |' % (nodes, ' | '.join(cells)))
    lines += ['', '"other": fact gathering, the image archives and the playbook\'s own overhead.', '', 'Targets:', '']
    first = summary[str(counts[0])]
    last = summary[str(counts[-1])]
    checks = [('re-run on %d nodes under %.0f s, changed=0' % (counts[0], WARM_TARGET_S),
               first['warm_s'] < WARM_TARGET_S and first['warm_changed'] == 0,
               '%.1f s, changed=%d' % (first['warm_s'], first['warm_changed'])),
              ('re-run on %d nodes: at most %d rounds of remote calls' % (counts[0], WARM_ROUNDS_TARGET),
               first['warm_rounds'] <= WARM_ROUNDS_TARGET, '%d' % first['warm_rounds'])]
    baseline = meta.get('baseline')
    if baseline and str(counts[0]) in baseline['summary']:
        before = baseline['summary'][str(counts[0])]['warm_s']
        checks.append(('re-run on %d nodes at most %.1f× the baseline\'s (%s: %.1f s)'
                       % (counts[0], WARM_BASELINE_RATIO, baseline['meta']['date'], before),
                       first['warm_s'] <= WARM_BASELINE_RATIO * before, '%.2f×' % (first['warm_s'] / before)))
    for nodes in counts:
        s = summary[str(nodes)]
        checks.append(('cold converge on %d nodes within %.1f× of the shell reference' % (nodes, COLD_RATIO_TARGET),
                       s['cold_ratio'] <= COLD_RATIO_TARGET, '%.2f×' % s['cold_ratio']))
    if growth is not None:
        ratio = last['warm_s'] / first['warm_s']
        checks.append(('re-run on %d nodes at most %.1f× the one on %d' % (counts[-1], WARM_GROWTH_TARGET, counts[0]),
                       ratio <= WARM_GROWTH_TARGET, '%.2f×' % ratio))
    for text, met, value in checks:
        lines.append('- %s %s: %s' % ('[x]' if met else '[ ]', text, value))
    return '\n'.join(lines) + '\n', all(check[1] for check in checks)


def chart(summary, counts, path):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=100)
    series = [('cold_s', 'site.yml, cold converge', 'o-'), ('reference_s', 'shell reference', 's--'),
              ('warm_s', 'site.yml, idempotent re-run', '^-')]
    for key, label, style in series:
        ax.plot(counts, [summary[str(n)][key] for n in counts], style, label=label)
    ax.set_xlabel('nodes')
    ax.set_ylabel('seconds (median)')
    ax.set_xticks(counts)
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend()
    ax.set_title('dockyard.swarm: site.yml time against node count')
    fig.tight_layout()
    fig.savefig(path)


def main():
    counts = [int(n) for n in os.environ.get('BENCH_NODES', '3 6').split()]
    runs_per = int(os.environ.get('BENCH_RUNS', '3'))
    stamp = datetime.datetime.now().strftime('%Y%m%d-%H%M%S')
    outdir = os.path.join(HERE, 'results', stamp)
    os.makedirs(outdir)
    meta = dict(date=stamp, runs=runs_per, nodes=counts,
                machine='%d CPUs, %s' % (os.cpu_count(), ' '.join(os.uname()[2:3])),
                suite=os.environ.get('BENCH_SUITE', 'bookworm'))
    if os.environ.get('BENCH_BASELINE'):
        with open(os.environ['BENCH_BASELINE']) as f:
            baseline = json.load(f)
        meta['baseline'] = dict(meta=baseline['meta'], summary=baseline['summary'])
    say('Benchmark of playbooks/site.yml: %s nodes, %d run(s) each; logs in %s'
        % (' and '.join(map(str, counts)), runs_per, os.path.relpath(outdir, ROOT)))
    runs = []
    for index in range(1, runs_per + 1):
        for nodes in counts:
            runs.append(one_run(nodes, index, outdir))
            with open(os.path.join(outdir, 'results.json'), 'w') as f:
                json.dump(dict(meta=meta, runs=runs), f, indent=2)

    summary, growth = summarize(runs, counts)
    table, met = markdown(summary, growth, counts, meta)
    with open(os.path.join(outdir, 'results.json'), 'w') as f:
        json.dump(dict(meta=meta, summary=summary, growth_cold=growth, targets_met=met, runs=runs), f, indent=2)
    with open(os.path.join(outdir, 'results.md'), 'w') as f:
        f.write(table)
    chart(summary, counts, os.path.join(outdir, 'chart.png'))
    say('Results: %s/{results.json,results.md,chart.png}' % os.path.relpath(outdir, ROOT))
    print(table)
    failed = [r for r in runs if r['warm']['changed'] or r['cold']['failed'] or r['warm']['failed']]
    if failed:
        sys.exit('ERROR: a re-run changed something or a run failed: %s'
                 % ', '.join('%d nodes run %d' % (r['nodes'], r['run']) for r in failed))


if __name__ == '__main__':
    main()
