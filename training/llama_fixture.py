#!/usr/bin/env python3
"""Writes the tiny random Llama-family checkpoints that src/models/llamaRef.test.ts holds the
float64 twin to, with the expected outputs computed in PyTorch by llama_model.functional_forward
(fp64, so the fixture is exact to ~1e-12 and the test's tolerance is the twin's own).

Two models cover the layouts: `llama-tiny` (GQA 4 on 2, untied head, llama3 rope scaling whose
factors put frequencies in all three bands, f32 weights) and `qwen2-tiny` (q/k/v biases, MQA 3 on
1, tied head, linear rope scaling, bf16 weights). Each directory gets config.json,
model.safetensors and expected.safetensors: logits [n, V], attn [L, H, n, n], post-rotary
q [L, H, n, d], k and v [L, H_kv, n, d], tokens in the metadata.

When transformers is installed (the H200 has 5.x), each checkpoint is also loaded with
AutoModelForCausalLM (eager attention, fp32) and its logits and attention maps are compared with
the fixture: the independent check that functional_forward is Hugging Face's maths.

    python3 training/llama_fixture.py --out src/models/fixtures      # writes, and checks if it can
    python3 training/llama_fixture.py --out /tmp/fx --check-only      # needs transformers
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from llama_model import LlamaSpec, functional_forward, hf_config  # noqa: E402
from safetensors_io import read_safetensors, write_safetensors  # noqa: E402

TOKENS = [1, 17, 5, 33, 8, 8, 21, 0, 39, 12, 2, 30, 17]

SPECS = {
    'llama-tiny': (LlamaSpec(n_layer=2, n_head=4, n_kv_head=2, d_model=32, head_dim=16, d_ff=48, vocab=40, n_ctx=64,
                             rope_theta=10000.0, tied=False, bos=1, eos=2,
                             rope_scaling={'rope_type': 'llama3', 'factor': 8.0, 'low_freq_factor': 1.0,
                                           'high_freq_factor': 4.0, 'original_max_position_embeddings': 64}),
                   torch.float32),
    'qwen2-tiny': (LlamaSpec(n_layer=2, n_head=3, n_kv_head=1, d_model=24, head_dim=8, d_ff=40, vocab=40, n_ctx=64,
                             rope_theta=1e6, tied=True, qkv_bias=True, eps=1e-6, bos=None, eos=2,
                             rope_scaling={'rope_type': 'linear', 'factor': 2.0}),
                   torch.bfloat16),
}


def random_tensors(s: LlamaSpec, seed: int) -> dict:
    g = torch.Generator().manual_seed(seed)
    r = lambda *shape, scale=1.0, offset=0.0: offset + scale * (2 * torch.rand(*shape, generator=g) - 1)
    D, H, Hkv, d, Fd = s.d_model, s.n_head, s.n_kv_head, s.head_dim, s.d_ff
    t = {'model.embed_tokens.weight': r(s.vocab, D)}
    for i in range(s.n_layer):
        p = f'model.layers.{i}.'
        t[p + 'input_layernorm.weight'] = r(D, scale=0.3, offset=1)
        t[p + 'self_attn.q_proj.weight'] = r(H * d, D, scale=0.5)
        t[p + 'self_attn.k_proj.weight'] = r(Hkv * d, D, scale=0.5)
        t[p + 'self_attn.v_proj.weight'] = r(Hkv * d, D, scale=0.5)
        if s.qkv_bias:
            t[p + 'self_attn.q_proj.bias'] = r(H * d, scale=0.5)
            t[p + 'self_attn.k_proj.bias'] = r(Hkv * d, scale=0.5)
            t[p + 'self_attn.v_proj.bias'] = r(Hkv * d, scale=0.5)
        t[p + 'self_attn.o_proj.weight'] = r(D, H * d, scale=0.3)
        t[p + 'post_attention_layernorm.weight'] = r(D, scale=0.3, offset=1)
        t[p + 'mlp.gate_proj.weight'] = r(Fd, D, scale=0.4)
        t[p + 'mlp.up_proj.weight'] = r(Fd, D, scale=0.4)
        t[p + 'mlp.down_proj.weight'] = r(D, Fd, scale=0.3)
    t['model.norm.weight'] = r(D, scale=0.3, offset=1)
    if not s.tied:
        t['lm_head.weight'] = r(s.vocab, D, scale=0.5)
    return t


def check_with_transformers(path: str, s: LlamaSpec, exp: dict) -> None:
    from transformers import AutoModelForCausalLM
    try:
        m = AutoModelForCausalLM.from_pretrained(path, attn_implementation='eager', torch_dtype=torch.float32).eval()
    except TypeError:
        m = AutoModelForCausalLM.from_pretrained(path, attn_implementation='eager', dtype=torch.float32).eval()
    with torch.no_grad():
        out = m(torch.tensor([TOKENS]), output_attentions=True)
    dl = (out.logits[0].double() - exp['logits']).abs().max().item()
    da = max((a[0].double() - exp['attn'][i]).abs().max().item() for i, a in enumerate(out.attentions))
    # tools/export_attention.py's capture on the transformers model: post-rotary Q and K as the fixture has them
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tools'))
    from export_attention import capture_qkv
    q, k, v, _, _, rotated = capture_qkv(m, torch.tensor([TOKENS]))
    group = s.n_head // s.n_kv_head
    dq = (q.double() - exp['q']).abs().max().item()
    dk = (k.double() - exp['k'].repeat_interleave(group, 1)).abs().max().item()
    dv = (v.double() - exp['v'].repeat_interleave(group, 1)).abs().max().item()
    print(json.dumps({'fixture': os.path.basename(path), 'transformers_vs_fixture_max_logit_diff': dl, 'max_attn_diff': da,
                      'export_attention_q_diff': dq, 'k_diff': dk, 'v_diff': dv, 'rotary': rotated}), flush=True)
    if dl > 1e-4 or da > 1e-5 or max(dq, dk, dv) > 1e-5 or not rotated:
        raise SystemExit(f'{path}: transformers or export_attention disagrees with functional_forward')


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--check-only', action='store_true', help='only compare existing fixtures with transformers')
    args = ap.parse_args()
    try:
        import transformers  # noqa: F401
        have_tf = True
    except ImportError:
        have_tf = False
        print('transformers is not installed: fixtures written, not cross-checked', file=sys.stderr)
    for seed, (name, (s, dtype)) in enumerate(SPECS.items()):
        path = os.path.join(args.out, name)
        if not args.check_only:
            os.makedirs(path, exist_ok=True)
            stored = {k: v.to(dtype) for k, v in random_tensors(s, 100 + seed).items()}
            write_safetensors(os.path.join(path, 'model.safetensors'), stored, {'format': 'pt'})
            with open(os.path.join(path, 'config.json'), 'w') as f:
                json.dump(hf_config(s), f, indent=2)
            t64 = {k: v.double() for k, v in stored.items()}
            logits, attn, q, k, v = functional_forward(t64, torch.tensor(TOKENS), s)
            exp = {'logits': logits, 'attn': attn, 'q': q, 'k': k, 'v': v}
            write_safetensors(os.path.join(path, 'expected.safetensors'), {k: v.float() for k, v in exp.items()},
                              {'tokens': json.dumps(TOKENS), 'computed': 'llama_model.functional_forward in float64, stored as f32'})
            print(json.dumps({'fixture': name, 'params': sum(v.numel() for v in stored.values()), 'dtype': str(dtype)}))
        if have_tf:
            exp, _ = read_safetensors(os.path.join(path, 'expected.safetensors'))
            check_with_transformers(path, s, {k: v.double() for k, v in exp.items()})


if __name__ == '__main__':
    main()
