"""PyTorch eager peer of bench/fused.bench.ts: the same job in fp32 on the same GPU.

Job per size: causal softmax of QKᵀ/√d for H = 12 heads, d = 64, then the row entropy
H_i = −Σ_j P_ij ln P_ij (nats) and the column means α_j = (1/(S−j)) Σ_{i≥j} P_ij. TF32 is off
(true fp32, as WGSL computes). The causal mask is built once outside the timing, as a
researcher would. Timing: CUDA events around `iters` back-to-back runs after 3 warm-ups,
median of 5 such samples, in ms per run.

With --wgsl FILE (the JSON that `node .device/bench.mjs h200 FILE` wrote in the same command),
prints one line per figure: h200 <materialise|stats-only> S=<n> wgsl_ms=<x> torch_ms=<y> ratio=<x/y>
"""
import argparse
import json
import math

import torch


def job(q, k, mask, inv_count):
    s = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(q.shape[-1]))
    s = s.masked_fill(mask, float("-inf"))
    p = torch.softmax(s, dim=-1)
    h = -torch.special.xlogy(p, p).sum(-1)
    alpha = p.sum(-2) * inv_count
    return p, h, alpha


def time_ms(fn, iters):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    samples = []
    for _ in range(5):
        a = torch.cuda.Event(enable_timing=True)
        b = torch.cuda.Event(enable_timing=True)
        a.record()
        for _ in range(iters):
            fn()
        b.record()
        torch.cuda.synchronize()
        samples.append(a.elapsed_time(b) / iters)
    samples.sort()
    return samples[len(samples) // 2], samples


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wgsl", help="JSON from bench.mjs h200 (the committed kernels)")
    ap.add_argument("--variant", nargs="*", default=[], help="more JSON files (tiling variants), printed as 'variant FILE: ...'")
    ap.add_argument("--out")
    args = ap.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    dev = torch.device("cuda")
    print(f"torch {torch.__version__} on {torch.cuda.get_device_name(0)}", flush=True)
    H, d = 12, 64
    torch_ms = {}
    for S in (1024, 4096, 8192):
        g = torch.Generator(device=dev).manual_seed(S)
        q = torch.randn(H, S, d, device=dev, generator=g)
        k = torch.randn(H, S, d, device=dev, generator=g)
        mask = torch.ones(S, S, dtype=torch.bool, device=dev).triu(1)
        inv_count = 1.0 / torch.arange(S, 0, -1, device=dev, dtype=torch.float32)
        # Check against float64 on head 0.
        p, h, alpha = job(q[:1], k[:1], mask, inv_count)
        p64, h64, a64 = job(q[:1].double(), k[:1].double(), mask, inv_count.double())
        print(f"torch S={S} parity vs fp64: max|dH| {(h - h64).abs().max().item():.2e} max|dalpha| {(alpha - a64).abs().max().item():.2e}", flush=True)
        del p, h, alpha, p64, h64, a64
        iters = 5 if S >= 8192 else 10 if S >= 4096 else 40
        ms, samples = time_ms(lambda: job(q, k, mask, inv_count), iters)
        torch_ms[S] = ms
        print(f"torch eager S={S:<5} {ms:8.4f} ms  (samples {' '.join(f'{x:.3f}' for x in samples)})", flush=True)
        del q, k, mask
        torch.cuda.empty_cache()
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"torch_ms": torch_ms}, f)
    for path, tag in [(args.wgsl, "")] + [(v, f"variant {v}: ") for v in args.variant]:
        if not path:
            continue
        with open(path) as f:
            w = json.load(f)
        print(f"{tag}adapter: {w['adapter']}")
        for r in w["results"]:
            t = torch_ms[r["S"]]
            print(f"{tag}h200 {r['mode']} S={r['S']} wgsl_ms={r['wgsl_ms']:.4f} torch_ms={t:.4f} ratio={r['wgsl_ms'] / t:.3f}"
                  f"  (lower bound {r['bound_ms']:.4f} ms: wgsl at {100 * r['bound_ms'] / r['wgsl_ms']:.1f}%, torch at {100 * r['bound_ms'] / t:.1f}%)")


if __name__ == "__main__":
    main()
