#!/usr/bin/env python3
"""PyTorch eager peer of bench/llama.bench.ts: transformers' LlamaForCausalLM with the SmolLM2-135M
config (src/models/fixtures/configs/smollm2-135m.json), random weights, fp32 compute (TF32 off),
attn_implementation='eager', one forward with labels (logits and loss) at N = 512 and 1024.
CUDA events, median of 7 after 3 warm-ups; peak memory from torch.cuda.max_memory_allocated.
Run from the project root (or set BENCH_ROOT).

    python3 bench/peer_llama.py [out.json]
"""
import json
import os
import sys

import torch
from transformers import LlamaConfig, LlamaForCausalLM




def main() -> None:
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    cfg = json.load(open(os.path.join(os.environ.get('BENCH_ROOT', '.'), 'src', 'models', 'fixtures', 'configs', 'smollm2-135m.json')))
    cfg.pop('torch_dtype', None)
    config = LlamaConfig(**cfg)
    config._attn_implementation = 'eager'
    torch.manual_seed(0)
    model = LlamaForCausalLM(config).to('cuda', torch.float32).eval()
    rows = []
    for n in (512, 1024):
        ids = (torch.arange(n, device='cuda') * 7919 + 13) % config.vocab_size
        ids = ids[None]
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        with torch.no_grad():
            for _ in range(3):
                model(ids, labels=ids)
            times = []
            for _ in range(7):
                a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                a.record()
                out = model(ids, labels=ids)
                out.loss.item()
                b.record()
                torch.cuda.synchronize()
                times.append(a.elapsed_time(b))
        times.sort()
        row = {'n': n, 'torch_ms': times[len(times) // 2], 'samples': times, 'peak_bytes': torch.cuda.max_memory_allocated()}
        print(f"torch smollm2-135m-shape N={n} forward {row['torch_ms']:.2f} ms (samples {' '.join(f'{t:.1f}' for t in times)}), peak {row['peak_bytes'] / 2**20:.1f} MiB", flush=True)
        rows.append(row)
    if len(sys.argv) > 1:
        json.dump({'torch': torch.__version__, 'gpu': torch.cuda.get_device_name(), 'rows': rows}, open(sys.argv[1], 'w'), indent=1)


if __name__ == '__main__':
    main()
