#!/usr/bin/env python3
"""Exports Q, K, V (per layer and head) and optionally attention maps from a Hugging Face causal LM
for the lab's "bring your own tensors" import. Not run in CI (it needs transformers and a model).

    pip install torch transformers
    python3 tools/export_attention.py gpt2 "The quick brown fox" --out fox.safetensors
    python3 tools/export_attention.py HuggingFaceTB/SmolLM2-135M "In the beginning" --out smol --maps
    python3 tools/export_attention.py ./my-llama --tokens 1,17,5,33 --out t.safetensors   # no tokenizer needed

Output, all float32, C order:
  --format safetensors (default): one file with tensors q, k, v [layers, heads, n, d] (and
      attn [layers, heads, n, n] with --maps), plus __metadata__ {model, text, tokens, rotary,
      kv_heads, kv_group, reproduces_maps_max_diff}.
  --format npy: a folder with q.npy, k.npy, v.npy (and attn.npy).

Q, K, V are captured with forward pre-hooks on each attention module, through the model's own
projections: GPT-2-family models (c_attn, Conv1D) and models with q_proj/k_proj/v_proj (Llama,
Qwen2, Mistral, OPT, ...). For models with rotary position embeddings (Llama family), Q and K are
exported as the model attends with them: after the rotation (HF's rotate_half, with the cos/sin
the model passes its attention layer), and after q_norm/k_norm where a model has them. With
grouped-query attention the K/V heads are expanded to the query heads (query head h gets K/V head
h // (H / H_kv), as repeat_kv does), so every tensor has one entry per query head; kv_group in the
metadata says how many consecutive heads share one K/V head.

Self-check: softmax(Q K^T / sqrt(d)) over the causal rows is compared with the model's own maps
(eager attention) and the largest difference is printed and stored. A model whose attention is not
plain scaled-dot-product on these tensors (a sliding window, logit soft-capping, ALiBi, a
different scale) shows a large difference, and the script says so rather than exporting quietly.
"""
import argparse
import json
import math
import os
import struct

import numpy as np
import torch


def save_safetensors(path, tensors, meta):
    header, blobs, off = {'__metadata__': meta}, [], 0
    for name, a in tensors.items():
        b = np.ascontiguousarray(a, dtype='<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header).encode()
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat([-x[..., h:], x[..., :h]], dim=-1)


def rotary(mod, kwargs, v, n):
    """(cos, sin) [n, d] the model hands this attention layer, or None when it has no rotary."""
    pe = kwargs.get('position_embeddings')
    if pe is None and hasattr(mod, 'rotary_emb'):  # transformers < 4.45 computed it inside the layer
        pos = kwargs.get('position_ids')
        pos = torch.arange(n)[None] if pos is None else pos
        pe = mod.rotary_emb(v, pos)
    if pe is None:
        return None
    cos, sin = pe
    return cos.reshape(-1, cos.shape[-1])[-n:], sin.reshape(-1, sin.shape[-1])[-n:]


def capture_qkv(model, ids):
    """Q, K, V [layers, H, n, d] as each attention layer attends with them (post-rotary, K/V
    expanded to the query heads), the number of K/V heads, and whether rotary was applied."""
    cfg = model.config
    n_head = getattr(cfg, 'n_head', None) or cfg.num_attention_heads
    n_kv = getattr(cfg, 'num_key_value_heads', None) or n_head
    captured, rotated = [], []

    def hook(mod, inputs, kwargs):
        x = inputs[0] if inputs else kwargs['hidden_states']
        n = x.shape[1]
        if hasattr(mod, 'c_attn'):  # GPT-2 family: Conv1D [D, 3D]
            q, k, v = mod.c_attn(x).split(x.shape[-1], dim=-1)
        else:
            q, k, v = mod.q_proj(x), mod.k_proj(x), mod.v_proj(x)
        q = q.view(n, n_head, -1).transpose(0, 1)
        k = k.view(n, n_kv, -1).transpose(0, 1)
        v = v.view(n, n_kv, -1).transpose(0, 1)
        if hasattr(mod, 'q_norm'):  # Qwen3, OLMo2: a norm on each head before the rotation
            q, k = mod.q_norm(q), mod.k_norm(k)
        cs = rotary(mod, kwargs, v, n)
        if cs is not None:
            cos, sin = cs
            if cos.shape[-1] != q.shape[-1]:
                raise SystemExit(f'partial rotary ({cos.shape[-1]} of {q.shape[-1]} dims) is not supported by this export')
            q = q * cos + rotate_half(q) * sin
            k = k * cos + rotate_half(k) * sin
        rotated.append(cs is not None)
        group = n_head // n_kv
        captured.append((q.detach(), k.repeat_interleave(group, 0).detach(), v.repeat_interleave(group, 0).detach()))

    mods = [m for _, m in model.named_modules() if hasattr(m, 'c_attn') or (hasattr(m, 'q_proj') and hasattr(m, 'k_proj'))]
    handles = [m.register_forward_pre_hook(hook, with_kwargs=True) for m in mods]
    try:
        with torch.no_grad():
            out = model(ids, output_attentions=True)
    finally:
        for h in handles:
            h.remove()
    q, k, v = (torch.stack([c[i] for c in captured]) for i in range(3))
    return q, k, v, torch.stack([a[0] for a in out.attentions]), n_kv, all(rotated)


def maps_from(q, k):
    n, d = q.shape[-2], q.shape[-1]
    s = (q @ k.transpose(-1, -2)) / math.sqrt(d)
    mask = torch.ones(n, n, dtype=torch.bool).tril()
    return torch.softmax(s.masked_fill(~mask, float('-inf')), dim=-1)


def main():
    from transformers import AutoModelForCausalLM, AutoTokenizer

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('model')
    ap.add_argument('text', nargs='?', default=None)
    ap.add_argument('--tokens', help='comma-separated token ids instead of text (no tokenizer needed)')
    ap.add_argument('--out', required=True)
    ap.add_argument('--format', choices=['safetensors', 'npy'], default='safetensors')
    ap.add_argument('--maps', action='store_true', help='also export the attention maps')
    args = ap.parse_args()
    if args.tokens:
        ids = torch.tensor([[int(t) for t in args.tokens.split(',')]])
    else:
        if args.text is None:
            raise SystemExit('give a text or --tokens')
        ids = AutoTokenizer.from_pretrained(args.model)(args.text, return_tensors='pt').input_ids
    try:
        model = AutoModelForCausalLM.from_pretrained(args.model, attn_implementation='eager', dtype=torch.float32).eval()
    except TypeError:  # transformers < 4.56 names it torch_dtype
        model = AutoModelForCausalLM.from_pretrained(args.model, attn_implementation='eager', torch_dtype=torch.float32).eval()
    q, k, v, attn, n_kv, rotated = capture_qkv(model, ids)
    diff = (maps_from(q, k) - attn).abs().max().item()
    print(f'softmax(QK^T/sqrt(d)) from the exported Q, K vs the model\'s own maps: max |diff| = {diff:.3g}')
    if diff > 1e-4:
        print('WARNING: the exported Q and K do not reproduce this model\'s attention (a window, soft-capping, ALiBi or '
              'another scale?); the lab\'s maps from them will differ from the model\'s. Export --maps and study those.')
    tensors = {'q': q.numpy(), 'k': k.numpy(), 'v': v.numpy()}
    if args.maps:
        tensors['attn'] = attn.numpy()
    meta = {'model': args.model, 'text': args.text or '', 'tokens': json.dumps(ids[0].tolist()),
            'rotary': 'applied' if rotated else 'none', 'kv_heads': str(n_kv), 'kv_group': str(q.shape[1] // n_kv),
            'reproduces_maps_max_diff': f'{diff:.3g}'}
    if args.format == 'safetensors':
        save_safetensors(args.out if args.out.endswith('.safetensors') else args.out + '.safetensors', tensors, meta)
    else:
        os.makedirs(args.out, exist_ok=True)
        for name, a in tensors.items():
            np.save(os.path.join(args.out, name + '.npy'), np.ascontiguousarray(a, dtype='<f4'))
    print({name: list(a.shape) for name, a in tensors.items()})


if __name__ == '__main__':
    main()
