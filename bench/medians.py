"""Medians over several device runs of bench/lab_summary.py's lines (same figure = same text
before 'wgsl_ms='): python3 bench/medians.py <summary.txt> <summary.txt> <summary.txt>"""
import re, statistics, sys

figs = {}
for path in sys.argv[1:]:
    for line in open(path):
        m = re.match(r'(h200 .*?) wgsl_ms=([\d.]+) torch_ms=([\d.]+) ratio=([\d.]+)(?: matmul_tflops=([\d.]+))?', line)
        if m:
            figs.setdefault(m[1], []).append(tuple(float(x) if x else None for x in m.groups()[1:]))
for name, runs in figs.items():
    med = lambda i: statistics.median(r[i] for r in runs if r[i] is not None)
    ratios = ' '.join(f'{r[2]:.3g}' for r in runs)
    tf = f' matmul_tflops={med(3):.1f}' if runs[0][3] is not None else ''
    print(f'{name} wgsl_ms={med(0):.4g} torch_ms={med(1):.4g} ratio={med(2):.3g}{tf}  (median of {len(runs)} runs; ratios {ratios})')
