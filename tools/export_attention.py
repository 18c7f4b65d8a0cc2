#!/usr/bin/env python3
"""Exports Q, K, V (per layer and head) and optionally attention maps from a Hugging Face causal LM
for the lab's "bring your own tensors" import. Not run in CI (it needs transformers and a model).

    pip install torch transformers
    python3 tools/export_attention.py gpt2 "The quick brown fox" --out fox.safetensors
    python3 tools/export_attention.py distilgpt2 "..." --out fox --format npy --maps

Output, all float32, C order:
  --format safetensors (default): one file with tensors q, k, v [layers, heads, n, d] (and
      attn [layers, heads, n, n] with --maps), plus __metadata__ {model, text, tokens}.
  --format npy: a folder with q.npy, k.npy, v.npy (and attn.npy).
Q, K, V are captured with forward hooks on each attention module's input, through the model's own
projection, for GPT-2-family models (c_attn, Conv1D) and for models with q_proj/k_proj/v_proj
(LLaMA, Mistral, OPT, …). Rotary embeddings, when the model has them, are NOT applied to the
exported Q and K (the lab computes plain q·k); the maps exported with --maps are the model's own.
"""
import argparse
import json
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


def main():
    from transformers import AutoModelForCausalLM, AutoTokenizer

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('model')
    ap.add_argument('text')
    ap.add_argument('--out', required=True)
    ap.add_argument('--format', choices=['safetensors', 'npy'], default='safetensors')
    ap.add_argument('--maps', action='store_true', help='also export the attention maps')
    args = ap.parse_args()
    tok = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForCausalLM.from_pretrained(args.model, attn_implementation='eager', torch_dtype=torch.float32).eval()
    ids = tok(args.text, return_tensors='pt').input_ids
    cfg = model.config
    n_head = getattr(cfg, 'n_head', None) or cfg.num_attention_heads
    n_kv = getattr(cfg, 'num_key_value_heads', None) or n_head
    captured = []

    def hook(mod, inputs, kwargs):
        x = inputs[0] if inputs else kwargs['hidden_states']
        if hasattr(mod, 'c_attn'):  # GPT-2 family: Conv1D [D, 3D]
            q, k, v = mod.c_attn(x).split(x.shape[-1], dim=-1)
        else:
            q, k, v = mod.q_proj(x), mod.k_proj(x), mod.v_proj(x)
        n = x.shape[1]
        q = q.view(n, n_head, -1).transpose(0, 1)
        k = k.view(n, n_kv, -1).transpose(0, 1).repeat_interleave(n_head // n_kv, 0)
        v = v.view(n, n_kv, -1).transpose(0, 1).repeat_interleave(n_head // n_kv, 0)
        captured.append((q.detach(), k.detach(), v.detach()))

    attn_modules = [m for name, m in model.named_modules() if hasattr(m, 'c_attn') or (hasattr(m, 'q_proj') and hasattr(m, 'k_proj'))]
    handles = [m.register_forward_pre_hook(hook, with_kwargs=True) for m in attn_modules]
    with torch.no_grad():
        out = model(ids, output_attentions=args.maps)
    for h in handles:
        h.remove()
    tensors = {name: torch.stack([c[i] for c in captured]).numpy() for i, name in enumerate('qkv')}
    if args.maps:
        tensors['attn'] = torch.stack([a[0] for a in out.attentions]).numpy()
    meta = {'model': args.model, 'text': args.text, 'tokens': json.dumps(ids[0].tolist())}
    if args.format == 'safetensors':
        save_safetensors(args.out if args.out.endswith('.safetensors') else args.out + '.safetensors', tensors, meta)
    else:
        os.makedirs(args.out, exist_ok=True)
        for name, a in tensors.items():
            np.save(os.path.join(args.out, name + '.npy'), np.ascontiguousarray(a, dtype='<f4'))
    print({k: list(v.shape) for k, v in tensors.items()})


if __name__ == '__main__':
    main()
