"""PyTorch peer for bench/models.bench.ts: a GPT-2 forward in eager fp32 (TF32 off) on
the shapes the lab's WGSL forward pass is timed on, CUDA-event timed, in the same device command.

  python3 bench/peer_models.py [out.json]

Shapes: GPT-2 small (12 layers, n_embd 768, 12 heads, vocab 50257, n_ctx 1024) at N = 128, 512,
1024, and the shipped KJV model's shape (6 layers, 256, 16 heads, vocab 257) at N = 256. Random
weights (values do not matter for time). Per shape, three variants of one forward:
  eager      per-head attention written out (QK^T, causal mask, softmax, PV): the lab's structure
  sdpa       the same with torch.nn.functional.scaled_dot_product_attention (fused kernels)
  +readback  eager, then per-token loss and top-5 copied to the host (what forward() returns)
All to logits + per-token cross-entropy. Median of 20 timed runs after 5 warm-ups.
"""
import json
import math
import sys
import time

import torch
import torch.nn.functional as F

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.set_float32_matmul_precision("highest")
dev = torch.device("cuda")


def make_model(n_layer, d, n_head, vocab, n_ctx, seed=0):
    g = torch.Generator(device="cpu").manual_seed(seed)

    def r(*shape, scale=0.02, offset=0.0):
        return (offset + scale * torch.randn(*shape, generator=g)).to(dev)

    layers = []
    for _ in range(n_layer):
        layers.append(dict(
            ln1g=r(d, scale=0.1, offset=1.0), ln1b=r(d), attnW=r(d, 3 * d), attnB=r(3 * d),
            projW=r(d, d), projB=r(d), ln2g=r(d, scale=0.1, offset=1.0), ln2b=r(d),
            fcW=r(d, 4 * d), fcB=r(4 * d), mlpW=r(4 * d, d), mlpB=r(d)))
    return dict(wte=r(vocab, d), wpe=r(n_ctx, d, scale=0.01), layers=layers,
                lnfg=r(d, scale=0.1, offset=1.0), lnfb=r(d), n_head=n_head, d=d)


def forward(m, ids, sdpa):
    n = ids.shape[0]
    d, h = m["d"], m["n_head"]
    hd = d // h
    x = m["wte"][ids] + m["wpe"][:n]
    mask = torch.ones(n, n, device=dev, dtype=torch.bool).tril() if not sdpa else None
    for L in m["layers"]:
        a = F.layer_norm(x, (d,), L["ln1g"], L["ln1b"], 1e-5)
        qkv = torch.addmm(L["attnB"], a, L["attnW"])  # GPT-2 Conv1D: x @ W + b
        q, k, v = qkv.split(d, dim=1)
        q = q.view(n, h, hd).transpose(0, 1)
        k = k.view(n, h, hd).transpose(0, 1)
        v = v.view(n, h, hd).transpose(0, 1)
        if sdpa:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            s = (q @ k.transpose(1, 2)) * (1.0 / math.sqrt(hd))
            s = s.masked_fill(~mask, float("-inf"))
            y = torch.softmax(s, dim=-1) @ v
        y = y.transpose(0, 1).reshape(n, d)
        x = x + torch.addmm(L["projB"], y, L["projW"])
        a = F.layer_norm(x, (d,), L["ln2g"], L["ln2b"], 1e-5)
        x = x + torch.addmm(L["mlpB"], F.gelu(torch.addmm(L["fcB"], a, L["fcW"]), approximate="tanh"), L["mlpW"])
    x = F.layer_norm(x, (d,), m["lnfg"], m["lnfb"], 1e-5)
    logits = x @ m["wte"].t()  # tied LM head
    loss = F.cross_entropy(logits[:-1], ids[1:], reduction="none")
    return logits, loss


def time_ms(fn, warm=5, reps=20):
    for _ in range(warm):
        fn()
    torch.cuda.synchronize()
    ev, wall = [], []
    for _ in range(reps):
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        t0 = time.perf_counter()
        a.record()
        fn()
        b.record()
        b.synchronize()
        wall.append((time.perf_counter() - t0) * 1e3)
        ev.append(a.elapsed_time(b))
    med = lambda x: sorted(x)[len(x) // 2]
    return med(ev), med(wall)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else None
    print(f"torch {torch.__version__}, {torch.cuda.get_device_name(0)}, TF32 matmul {torch.backends.cuda.matmul.allow_tf32}")
    rows = []
    shapes = [("kjv-baseline", (6, 256, 16, 257, 256), [256]),
              ("gpt2-small", (12, 768, 12, 50257, 1024), [128, 512, 1024])]
    with torch.inference_mode():
        for name, shape, sizes in shapes:
            m = make_model(*shape)
            for n in sizes:
                ids = torch.randint(0, shape[3], (n,), device=dev)
                eager = lambda: forward(m, ids, False)
                fused = lambda: forward(m, ids, True)

                def readback():
                    logits, loss = forward(m, ids, False)
                    top = torch.topk(torch.softmax(logits, -1), 5, dim=-1)
                    return loss.cpu(), top.values.cpu(), top.indices.cpu()

                e_ms, e_wall = time_ms(eager)
                s_ms, s_wall = time_ms(fused)
                r_ms, r_wall = time_ms(readback)
                ref, _ = forward(m, ids, False)
                alt, _ = forward(m, ids, True)
                err = (ref - alt).abs().max().item()
                row = dict(model=name, n=n, eager_ms=e_ms, eager_wall_ms=e_wall, sdpa_ms=s_ms, sdpa_wall_ms=s_wall,
                           readback_ms=r_ms, readback_wall_ms=r_wall, eager_vs_sdpa_max_abs_logit_diff=err)
                rows.append(row)
                print(f"torch {name:12s} N={n:<5d} eager {e_ms:8.3f} ms (wall {e_wall:.3f})  sdpa {s_ms:8.3f} ms  "
                      f"eager+loss/top5 readback {r_ms:8.3f} ms (wall {r_wall:.3f})  |Δlogits| eager vs sdpa {err:.1e}")
            del m
            torch.cuda.empty_cache()
    if out:
        with open(out, "w") as f:
            json.dump(dict(torch=torch.__version__, device=torch.cuda.get_device_name(0), rows=rows), f, indent=1)


if __name__ == "__main__":
    main()
