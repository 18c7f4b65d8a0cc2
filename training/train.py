#!/usr/bin/env python3
"""Trains the lab's byte-level model family on the King James Bible and exports each run.

Reproducible: one seed drives the initialisation and the batch sampler; the corpus comes from
Debian's bible-kjv-text (training/extract_kjv.py). Each window is BOS (token 256) followed by
n_ctx − 1 bytes; the targets are the next bytes, so position 0 (BOS) predicts the first byte.
The last 5 % of the corpus (the end of the New Testament) is held out.

    python3 training/extract_kjv.py .train/kjv.txt
    python3 training/train.py --corpus .train/kjv.txt --out OUTDIR [--variants baseline,sigma,seltemp]

Per variant it writes OUTDIR/kjv-byte-<variant>.safetensors (fp16, GPT-2 names, metadata),
OUTDIR/kjv-byte-<variant>.curves.json (loss and per-layer mean attention entropy over steps),
OUTDIR/kjv-byte-<variant>.parity.safetensors (logits and per-head attention, fp32, for two fixed
prompts, computed by model.functional_forward on the fp16-rounded weights) and a summary with
Gu et al.'s α₀ per head on held-out text.
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch

from model import BOS, GPT, VOCAB, functional_forward
from safetensors_io import write_safetensors

PROMPTS = [
    'In the beginning God created the heaven',
    'And the LORD spake unto Moses, saying',
]
CORPUS = 'King James Bible (1611), Debian package bible-kjv-text, extracted by training/extract_kjv.py'
LICENCE = 'weights: MIT (this project); corpus: public domain'


def entropy_rows(a: torch.Tensor) -> torch.Tensor:
    """Row entropy in nats of attention maps [..., n, n] (0 · ln 0 = 0)."""
    return -torch.xlogy(a, a).sum(-1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpus', default='.train/kjv.txt')
    ap.add_argument('--out', required=True)
    ap.add_argument('--variants', default='baseline,sigma,seltemp')
    ap.add_argument('--steps', type=int, default=5000)
    ap.add_argument('--n_layer', type=int, default=6)
    ap.add_argument('--n_head', type=int, default=16)
    ap.add_argument('--n_embd', type=int, default=256)
    ap.add_argument('--n_ctx', type=int, default=256)
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--wd', type=float, default=0.5)
    ap.add_argument('--warmup', type=int, default=200)
    ap.add_argument('--eval_every', type=int, default=250)
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--max_seconds', type=float, default=150.0, help='per run; stops early and says so')
    ap.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    raw = np.frombuffer(open(args.corpus, 'rb').read(), dtype=np.uint8)
    split = int(len(raw) * 0.95)
    summary = {'corpus_bytes': int(len(raw)), 'train_bytes': split, 'device': str(args.device),
               'torch': torch.__version__, 'runs': {}}
    if args.device == 'cuda':
        summary['gpu'] = torch.cuda.get_device_name()
    for variant in args.variants.split(','):
        summary['runs'][variant] = run(args, variant, raw, split)
        print(json.dumps({variant: {k: v for k, v in summary['runs'][variant].items() if k != 'alpha0'}}), flush=True)
    with open(os.path.join(args.out, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=1)


def windows(src: torch.Tensor, starts: torch.Tensor, n_ctx: int):
    idx = starts[:, None] + torch.arange(n_ctx, device=src.device)[None, :]
    y = src[idx].long()
    x = torch.cat([torch.full_like(y[:, :1], BOS), y[:, :-1]], dim=1)
    return x, y


def run(args, variant: str, raw: np.ndarray, split: int) -> dict:
    dev = torch.device(args.device)
    torch.manual_seed(args.seed)
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    model = GPT(args.n_layer, args.n_head, args.n_embd, args.n_ctx, variant).to(dev)
    train = torch.from_numpy(raw[:split].copy()).to(dev)
    val = torch.from_numpy(raw[split:].copy()).to(dev)
    gen = torch.Generator(device=dev)
    gen.manual_seed(args.seed)
    vgen = torch.Generator(device=dev)
    vgen.manual_seed(args.seed + 1)
    val_starts = torch.randint(0, len(val) - args.n_ctx, (16,), device=dev, generator=vgen)
    vx, vy = windows(val, val_starts, args.n_ctx)

    decay, no_decay = [], []
    for name, p in model.named_parameters():
        is_matrix = p.dim() == 2 and not name.startswith(('wte', 'wpe'))
        (decay if is_matrix else no_decay).append(p)
    groups = [{'params': decay, 'weight_decay': args.wd}, {'params': no_decay, 'weight_decay': 0.0}]
    try:
        opt = torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.95), fused=(dev.type == 'cuda'))
    except TypeError:
        opt = torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.95))

    def lr_at(step: int) -> float:
        if step < args.warmup:
            return args.lr * (step + 1) / args.warmup
        t = (step - args.warmup) / max(1, args.steps - args.warmup)
        return args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * t)))

    curves = {'step': [], 'train_loss': [], 'val_loss': [], 'entropy': [], 'lr': []}

    @torch.no_grad()
    def evaluate(step: int, train_loss) -> None:
        model.eval()
        logits, maps = model(vx, want_attn=True)
        vl = torch.nn.functional.cross_entropy(logits.reshape(-1, VOCAB), vy.reshape(-1)).item()
        ent = [entropy_rows(a).mean().item() for a in maps]  # mean over windows, heads, rows
        model.train()
        curves['step'].append(step)
        curves['train_loss'].append(train_loss)
        curves['val_loss'].append(vl)
        curves['entropy'].append(ent)
        curves['lr'].append(lr_at(step))

    t0 = time.time()
    running, count, steps_done, stopped_early = 0.0, 0, 0, False
    evaluate(0, None)  # no training loss before the first step (JSON null)
    for step in range(args.steps):
        for g in opt.param_groups:
            g['lr'] = lr_at(step)
        starts = torch.randint(0, len(train) - args.n_ctx, (args.batch,), device=dev, generator=gen)
        x, y = windows(train, starts, args.n_ctx)
        logits, _ = model(x)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, VOCAB), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        running += loss.detach()
        count += 1
        steps_done = step + 1
        if steps_done % args.eval_every == 0 or steps_done == args.steps:
            evaluate(steps_done, (running / count).item())
            running, count = 0.0, 0
            if time.time() - t0 > args.max_seconds and steps_done < args.steps:
                stopped_early = True
                break
    train_seconds = time.time() - t0
    model.eval()
    name = f'kjv-byte-{variant}'
    exported = model.export_tensors()
    fp16 = {k: v.half() for k, v in exported.items()}
    as_fp32 = {k: v.float() for k, v in fp16.items()}
    recipe = {
        'variant': variant, 'seed': args.seed, 'steps': steps_done, 'planned_steps': args.steps,
        'stopped_early': stopped_early, 'batch': args.batch, 'n_ctx': args.n_ctx, 'optimizer': 'AdamW(0.9, 0.95)',
        'lr': args.lr, 'schedule': f'linear warmup {args.warmup}, cosine to 0.1', 'weight_decay': args.wd,
        'no_decay': 'LayerNorm, biases, embeddings, σReparam γ, temperature β', 'grad_clip': 1.0,
        'bos_at_position_0': True, 'held_out': 'last 5 % of the corpus', 'tf32': True,
    }
    meta = {
        'architecture': 'gpt2', 'n_layer': str(args.n_layer), 'n_head': str(args.n_head),
        'n_embd': str(args.n_embd), 'n_ctx': str(args.n_ctx), 'vocab': str(VOCAB), 'tokenizer': 'byte',
        'bos': str(BOS), 'layer_norm_epsilon': '1e-05', 'variant': variant,
        'position_temperature': 'log' if variant == 'seltemp' else 'none',
        'training_recipe': json.dumps(recipe), 'corpus': CORPUS, 'licence': LICENCE,
        'val_loss': f'{curves["val_loss"][-1]:.4f}',
    }
    write_safetensors(os.path.join(args.out, name + '.safetensors'), fp16, meta)
    with open(os.path.join(args.out, name + '.curves.json'), 'w') as f:
        json.dump({'model': name, 'recipe': recipe, 'entropy_unit': 'nats, mean over heads and rows of 16 held-out windows',
                   **curves}, f, allow_nan=False)

    # Parity fixtures on the fp16-rounded weights, fp32 CPU (no TF32), explicit attention.
    fix, prompts_meta, fp16_gap = {}, [], 0.0
    for j, text in enumerate(PROMPTS):
        toks = torch.tensor([BOS] + list(text.encode('ascii')))
        logits, maps = functional_forward(as_fp32, toks, args.n_head)
        ref32, _ = functional_forward(exported, toks, args.n_head)
        fp16_gap = max(fp16_gap, (ref32 - logits).abs().max().item())
        fix[f'prompt{j}.logits'] = logits.contiguous()
        fix[f'prompt{j}.attn'] = maps.contiguous()
        prompts_meta.append({'text': text, 'tokens': toks.tolist()})
    write_safetensors(os.path.join(args.out, name + '.parity.safetensors'), fix, {
        'model': name, 'prompts': json.dumps(prompts_meta),
        'fp16_vs_fp32_weights_max_logit_diff': f'{fp16_gap:.6g}',
    })

    # Gu et al.'s α₀ on held-out text: 64-token windows (BOS + 63 bytes), α₀ = mean_i A[i, 0].
    g = torch.Generator().manual_seed(args.seed + 2)
    val_cpu = raw[split:]
    n_long = args.n_ctx
    starts = torch.randint(0, len(val_cpu) - n_long, (32,), generator=g).tolist()
    a64, late = [], []
    for s in starts:
        toks = torch.tensor([BOS] + val_cpu[s:s + n_long - 1].tolist())
        _, maps = functional_forward(as_fp32, toks[:64], args.n_head)
        a64.append(maps[:, :, :, 0].mean(-1))
        _, maps = functional_forward(as_fp32, toks, args.n_head)
        late.append(maps[:, :, n_long // 2:, 0].mean(-1))
    alpha0 = torch.stack(a64).mean(0)
    alpha_late = torch.stack(late).mean(0)
    return {
        'steps': steps_done, 'stopped_early': stopped_early, 'train_seconds': round(train_seconds, 1),
        'final_train_loss': curves['train_loss'][-1], 'final_val_loss': curves['val_loss'][-1],
        'final_entropy': curves['entropy'][-1], 'bytes_fp16': os.path.getsize(os.path.join(args.out, name + '.safetensors')),
        'fp16_vs_fp32_weights_max_logit_diff': fp16_gap,
        'heads_alpha0_gt_0.3': int((alpha0 > 0.3).sum()), 'max_alpha0': alpha0.max().item(),
        'max_alpha0_second_half': alpha_late.max().item(),
        'alpha0': alpha0.tolist(), 'alpha0_second_half': alpha_late.tolist(), 'heldout_starts': starts[:4],
        'pos_temp_c': [b.pos_c().item() for b in model.h] if variant == 'seltemp' else None,
    }


if __name__ == '__main__':
    main()
