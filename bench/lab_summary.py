"""Prints one line per engine figure from one device run's folder (bench/lab.job.sh writes it):
  h200 lab-run kjv N=256 wgsl_ms=… torch_ms=… ratio=…   (warm median of runExperiment vs lab_run_peer.py)
  h200 forward <model> N=… wgsl_ms=… torch_ms=… ratio=… matmul_tflops=…   (forward() wall vs torch eager)
  h200 materialise|stats-only S=… …   (copied from peer_torch.py's lines)
    python3 bench/lab_summary.py <run folder>"""
import json, os, re, statistics, sys

d = sys.argv[1]
def read(name):
    p = os.path.join(d, name)
    return open(p).read() if os.path.exists(p) else ''

peer = [json.loads(l) for l in read('lab_peer.log').splitlines() if l.startswith('{')]
wgsl = json.loads(read('wgsl_models.json') or '{}')
torch = json.loads(read('torch_models.json') or '{}')
warm = [r for r in wgsl.get('run', []) if r['run'] != 'cold']
if peer and warm:
    w = statistics.median(r['wall_ms'] for r in warm)
    t = peer[0]['median_ms']
    r0 = warm[0]
    print(f"h200 lab-run kjv N={r0['n']} wgsl_ms={w:.1f} torch_ms={t:.2f} ratio={w / t:.2f}  ({r0.get('passes')} passes, {r0.get('readbacks')} readbacks per run)")
for f in wgsl.get('forward', []):
    rows = [r for r in torch.get('rows', []) if r['model'] == f['model'] and r['n'] == f['n']]
    if not rows:
        continue
    t = rows[0]['eager_ms']
    print(f"h200 forward {f['model']} N={f['n']} wgsl_ms={f['wall_ms']:.2f} torch_ms={t:.2f} ratio={f['wall_ms'] / t:.2f} matmul_tflops={f['matmul_tflops']:.1f}  "
          f"({f['passes']} passes, {f['readbacks']} readbacks; GPU {f['gpu_ms_total']:.2f} ms; torch +readback wall {rows[0]['readback_wall_ms']:.2f} ms)")
for l in read('torch_fused.log').splitlines():
    if re.match(r'h200 (materialise|stats-only) S=', l):
        print(l)
