#!/usr/bin/env python3
"""Trains the lab's Llama-architecture model on the King James Bible, with the GPT family's corpus,
byte tokenizer (ids 0..255 = bytes, BOS = 256 at position 0 of every window), held-out split,
optimiser and schedule (train.py), and exports it the way a Hugging Face checkpoint looks.

Architecture (llama_model.py): 6 layers x 256, RMSNorm (eps 1e-5), rotary embeddings (theta 1e4,
rotate_half layout), grouped-query attention with 8 query heads on 2 K/V heads (d = 32), SwiGLU
MLP (F = 704, ~ 2/3 * 4D as Llama sizes it), tied LM head, no biases.

    python3 training/extract_kjv.py .train/kjv.txt
    python3 training/train_llama.py --corpus .train/kjv.txt --out OUTDIR

Writes to OUTDIR:
  kjv-llama.safetensors        fp16, HF names (model.embed_tokens.weight, model.layers.{i}.self_attn.
                               q_proj.weight, ...), __metadata__: format pt, tokenizer byte, bos, recipe
  kjv-llama.config.json        config.json for LlamaForCausalLM (vocab 257, bos_token_id 256)
  kjv-llama.curves.json        train/val loss and per-layer mean attention entropy every 250 steps
  kjv-llama.parity.safetensors fp32 logits [n, 257], attention [6, 8, n, n], post-rotary q [6, 8, n, 32]
                               and k [6, 2, n, 32] for two fixed prompts, by llama_model.functional_forward
                               on the fp16-rounded weights (fp32, CPU)
  kjv-llama.results.json       the run summary with Gu et al.'s alpha0 per head on held-out text
and, where transformers is installed, checks that LlamaForCausalLM loaded from the export gives
the parity fixture's logits and maps (printed as one JSON line).
"""
import argparse
import json
import math
import os
import sys
import tempfile
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from llama_model import Llama, LlamaSpec, functional_forward, hf_config  # noqa: E402
from safetensors_io import write_safetensors  # noqa: E402
from train import CORPUS, LICENCE, PROMPTS, entropy_rows, windows  # noqa: E402

BOS = 256
VOCAB = 257
NAME = 'kjv-llama'


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpus', default='.train/kjv.txt')
    ap.add_argument('--out', required=True)
    ap.add_argument('--steps', type=int, default=5000)
    ap.add_argument('--n_layer', type=int, default=6)
    ap.add_argument('--n_embd', type=int, default=256)
    ap.add_argument('--n_head', type=int, default=8)
    ap.add_argument('--n_kv_head', type=int, default=2)
    ap.add_argument('--d_ff', type=int, default=704)
    ap.add_argument('--n_ctx', type=int, default=256)
    ap.add_argument('--rope_theta', type=float, default=10000.0)
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--wd', type=float, default=0.5)
    ap.add_argument('--warmup', type=int, default=200)
    ap.add_argument('--eval_every', type=int, default=250)
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--windows', type=int, default=32, help='held-out windows for alpha0')
    ap.add_argument('--max_seconds', type=float, default=220.0, help='stops early (and says so) past this')
    ap.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    return ap.parse_args()


def main() -> None:
    args = parse_args()
    os.makedirs(args.out, exist_ok=True)
    raw = np.frombuffer(open(args.corpus, 'rb').read(), dtype=np.uint8)
    split = int(len(raw) * 0.95)
    spec = LlamaSpec(n_layer=args.n_layer, n_head=args.n_head, n_kv_head=args.n_kv_head, d_model=args.n_embd,
                     head_dim=args.n_embd // args.n_head, d_ff=args.d_ff, vocab=VOCAB, n_ctx=args.n_ctx,
                     rope_theta=args.rope_theta, tied=True, bos=BOS, eos=None)
    summary = run(args, spec, raw, split)
    summary.update({'corpus_bytes': int(len(raw)), 'train_bytes': split, 'device': str(args.device), 'torch': torch.__version__})
    if args.device == 'cuda':
        summary['gpu'] = torch.cuda.get_device_name()
    summary['transformers_check'] = check_with_transformers(args.out, spec)
    with open(os.path.join(args.out, NAME + '.results.json'), 'w') as f:
        json.dump(summary, f, indent=1)
    print(json.dumps({k: v for k, v in summary.items() if not k.startswith('alpha0')}), flush=True)


def run(args, spec: LlamaSpec, raw: np.ndarray, split: int) -> dict:
    dev = torch.device(args.device)
    torch.manual_seed(args.seed)
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    model = Llama(spec).to(dev)
    train = torch.from_numpy(raw[:split].copy()).to(dev)
    val = torch.from_numpy(raw[split:].copy()).to(dev)
    gen = torch.Generator(device=dev)
    gen.manual_seed(args.seed)
    vgen = torch.Generator(device=dev)
    vgen.manual_seed(args.seed + 1)
    vx, vy = windows(val, torch.randint(0, len(val) - args.n_ctx, (16,), device=dev, generator=vgen), args.n_ctx)

    decay, no_decay = [], []
    for name, p in model.named_parameters():
        is_matrix = p.dim() == 2 and 'embed_tokens' not in name
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
        model.train()
        curves['step'].append(step)
        curves['train_loss'].append(train_loss)
        curves['val_loss'].append(vl)
        curves['entropy'].append([entropy_rows(a).mean().item() for a in maps])
        curves['lr'].append(lr_at(step))
        print(json.dumps({'step': step, 'train_loss': train_loss, 'val_loss': round(vl, 4), 's': round(time.time() - t0, 1)}), flush=True)

    t0 = time.time()
    running, count, steps_done, stopped_early = 0.0, 0, 0, False
    evaluate(0, None)
    for step in range(args.steps):
        for g in opt.param_groups:
            g['lr'] = lr_at(step)
        x, y = windows(train, torch.randint(0, len(train) - args.n_ctx, (args.batch,), device=dev, generator=gen), args.n_ctx)
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
    exported = model.export_tensors()
    fp16 = {k: v.half() for k, v in exported.items()}
    as_fp32 = {k: v.float() for k, v in fp16.items()}
    recipe = {
        'architecture': 'llama', 'seed': args.seed, 'steps': steps_done, 'planned_steps': args.steps,
        'stopped_early': stopped_early, 'batch': args.batch, 'n_ctx': args.n_ctx, 'optimizer': 'AdamW(0.9, 0.95)',
        'lr': args.lr, 'schedule': f'linear warmup {args.warmup}, cosine to 0.1', 'weight_decay': args.wd,
        'no_decay': 'RMSNorm gains, embeddings', 'grad_clip': 1.0, 'bos_at_position_0': True,
        'held_out': 'last 5 % of the corpus', 'tf32': True,
    }
    meta = {
        'format': 'pt', 'architecture': 'llama', 'tokenizer': 'byte', 'bos': str(BOS), 'variant': 'llama',
        'training_recipe': json.dumps(recipe), 'corpus': CORPUS, 'licence': LICENCE,
        'val_loss': f'{curves["val_loss"][-1]:.4f}',
    }
    st_path = os.path.join(args.out, NAME + '.safetensors')
    write_safetensors(st_path, fp16, meta)
    with open(os.path.join(args.out, NAME + '.config.json'), 'w') as f:
        json.dump(hf_config(spec), f, indent=2)
    with open(os.path.join(args.out, NAME + '.curves.json'), 'w') as f:
        json.dump({'model': NAME, 'recipe': recipe, 'entropy_unit': 'nats, mean over heads and rows of 16 held-out windows',
                   **curves}, f, allow_nan=False)

    fix, prompts_meta, fp16_gap = {}, [], 0.0
    for j, text in enumerate(PROMPTS):
        toks = torch.tensor([BOS] + list(text.encode('ascii')))
        logits, maps, q, k, _ = functional_forward(as_fp32, toks, spec)
        ref32 = functional_forward(exported, toks, spec)[0]
        fp16_gap = max(fp16_gap, (ref32 - logits).abs().max().item())
        fix[f'prompt{j}.logits'] = logits.contiguous()
        fix[f'prompt{j}.attn'] = maps.contiguous()
        fix[f'prompt{j}.q'] = q.contiguous()
        fix[f'prompt{j}.k'] = k.contiguous()
        prompts_meta.append({'text': text, 'tokens': toks.tolist()})
    write_safetensors(os.path.join(args.out, NAME + '.parity.safetensors'), fix, {
        'model': NAME, 'prompts': json.dumps(prompts_meta), 'fp16_vs_fp32_weights_max_logit_diff': f'{fp16_gap:.6g}',
    })

    # Gu et al.'s alpha0 on held-out text: 64-token windows (BOS + 63 bytes), alpha0 = mean_i A[i, 0],
    # and over the second half of full windows (a sink that lasts).
    g = torch.Generator().manual_seed(args.seed + 2)
    val_cpu = raw[split:]
    starts = torch.randint(0, len(val_cpu) - args.n_ctx, (args.windows,), generator=g).tolist()
    a64, late = [], []
    with torch.no_grad():
        for s in starts:
            toks = torch.tensor([BOS] + val_cpu[s:s + args.n_ctx - 1].tolist())
            a64.append(functional_forward(as_fp32, toks[:64], spec)[1][:, :, :, 0].mean(-1))
            late.append(functional_forward(as_fp32, toks, spec)[1][:, :, args.n_ctx // 2:, 0].mean(-1))
    alpha0 = torch.stack(a64).mean(0)
    alpha_late = torch.stack(late).mean(0)
    return {
        'model': NAME, 'steps': steps_done, 'stopped_early': stopped_early, 'train_seconds': round(train_seconds, 1),
        'params': sum(v.numel() for v in exported.values()),
        'final_train_loss': curves['train_loss'][-1], 'final_val_loss': curves['val_loss'][-1],
        'final_entropy': curves['entropy'][-1], 'bytes_fp16': os.path.getsize(st_path),
        'fp16_vs_fp32_weights_max_logit_diff': fp16_gap,
        'heads_alpha0_gt_0.3': int((alpha0 > 0.3).sum()), 'max_alpha0': alpha0.max().item(),
        'argmax_alpha0': [int(i) for i in divmod(int(alpha0.argmax()), spec.n_head)],
        'max_alpha0_second_half': alpha_late.max().item(),
        'alpha0': alpha0.tolist(), 'alpha0_second_half': alpha_late.tolist(), 'heldout_starts': starts[:4],
    }


def check_with_transformers(out: str, spec: LlamaSpec):
    """LlamaForCausalLM from the export (fp16 -> fp32, eager) against the parity fixture."""
    try:
        from transformers import AutoModelForCausalLM
    except ImportError:
        return 'skipped: transformers is not installed'
    from safetensors_io import read_safetensors
    with tempfile.TemporaryDirectory() as tmp:
        os.symlink(os.path.abspath(os.path.join(out, NAME + '.safetensors')), os.path.join(tmp, 'model.safetensors'))
        with open(os.path.join(tmp, 'config.json'), 'w') as f:
            json.dump(hf_config(spec), f)
        try:
            m = AutoModelForCausalLM.from_pretrained(tmp, attn_implementation='eager', dtype=torch.float32).eval()
        except TypeError:
            m = AutoModelForCausalLM.from_pretrained(tmp, attn_implementation='eager', torch_dtype=torch.float32).eval()
    fix, meta = read_safetensors(os.path.join(out, NAME + '.parity.safetensors'))
    worst = {'max_logit_diff': 0.0, 'max_attn_diff': 0.0}
    with torch.no_grad():
        for j, p in enumerate(json.loads(meta['prompts'])):
            o = m(torch.tensor([p['tokens']]), output_attentions=True)
            worst['max_logit_diff'] = max(worst['max_logit_diff'], (o.logits[0] - fix[f'prompt{j}.logits']).abs().max().item())
            worst['max_attn_diff'] = max(worst['max_attn_diff'], (torch.stack([a[0] for a in o.attentions]) - fix[f'prompt{j}.attn']).abs().max().item())
    return worst


if __name__ == '__main__':
    main()
