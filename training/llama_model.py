"""A Llama-architecture decoder (training side) with Hugging Face's parameter names and maths, and
a functional forward pass on exported tensors: the PyTorch peer of src/models/llamaRef.ts.

The maths follows transformers' modeling_llama / modeling_qwen2 (docs/methods.md, "Llama-family
models"): pre-norm blocks, RMSNorm (x / sqrt(mean x^2 + eps) * g, in fp32), rotary embeddings
in the rotate_half layout (pair c with c + d/2) on positions 0..n-1, grouped-query attention
(query head h reads K/V head h // (H / H_kv)), scale d^-1/2, SwiGLU MLP down(silu(gate(x)) * up(x)),
optional q/k/v biases (Qwen2), tied or untied LM head. Runs on torch 1.13 (Debian) and 2.x.
"""
import math
from dataclasses import dataclass, field
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class LlamaSpec:
    n_layer: int = 6
    n_head: int = 8
    n_kv_head: int = 2
    d_model: int = 256
    head_dim: int = 32
    d_ff: int = 704
    vocab: int = 257
    n_ctx: int = 256
    rope_theta: float = 10000.0
    rope_scaling: Optional[dict] = None
    eps: float = 1e-5
    tied: bool = True
    qkv_bias: bool = False
    bos: Optional[int] = 256
    eos: Optional[int] = None
    extra: dict = field(default_factory=dict)


def hf_config(s: LlamaSpec) -> dict:
    """config.json as transformers 4.x writes it for LlamaForCausalLM / Qwen2ForCausalLM."""
    qwen = s.qkv_bias
    cfg = {
        'architectures': ['Qwen2ForCausalLM' if qwen else 'LlamaForCausalLM'],
        'model_type': 'qwen2' if qwen else 'llama',
        'hidden_size': s.d_model, 'num_attention_heads': s.n_head, 'num_key_value_heads': s.n_kv_head,
        'head_dim': s.head_dim, 'intermediate_size': s.d_ff, 'num_hidden_layers': s.n_layer,
        'vocab_size': s.vocab, 'max_position_embeddings': s.n_ctx, 'rms_norm_eps': s.eps,
        'rope_theta': s.rope_theta, 'rope_scaling': s.rope_scaling, 'hidden_act': 'silu',
        'tie_word_embeddings': s.tied, 'bos_token_id': s.bos, 'eos_token_id': s.eos,
        'attention_dropout': 0.0, 'initializer_range': 0.02, 'torch_dtype': 'float32',
    }
    if qwen:
        cfg.update({'use_sliding_window': False, 'sliding_window': None, 'max_window_layers': s.n_layer})
    else:
        cfg.update({'attention_bias': False, 'mlp_bias': False, 'pretraining_tp': 1})
    cfg.update(s.extra)
    return cfg


def rope_inv_freq(s: LlamaSpec) -> torch.Tensor:
    """Inverse frequencies [d/2] in fp32, as transformers' rope init functions compute them."""
    d = s.head_dim
    inv = 1.0 / (s.rope_theta ** (torch.arange(0, d, 2, dtype=torch.int64).float() / d))
    sc = s.rope_scaling or {}
    kind = sc.get('rope_type', sc.get('type', 'default'))
    if kind == 'linear':
        inv = inv / sc['factor']
    elif kind == 'llama3':
        factor, lo, hi, old = sc['factor'], sc['low_freq_factor'], sc['high_freq_factor'], sc['original_max_position_embeddings']
        low_wavelen, high_wavelen = old / lo, old / hi
        wavelen = 2 * math.pi / inv
        inv_l = torch.where(wavelen > low_wavelen, inv / factor, inv)
        smooth = (old / wavelen - lo) / (hi - lo)
        smoothed = (1 - smooth) * inv_l / factor + smooth * inv_l
        medium = ~(wavelen < high_wavelen) & ~(wavelen > low_wavelen)
        inv = torch.where(medium, smoothed, inv_l)
    elif kind != 'default':
        raise ValueError(f'rope_type {kind!r} is not supported')
    return inv


def rope_cos_sin(s: LlamaSpec, n: int, device=None, dtype=torch.float32):
    """cos, sin [n, d]: angles i * f_c formed in fp32 (as transformers does), duplicated over the
    two halves; cos and sin taken in `dtype` (float64 for the exact fixtures)."""
    inv = rope_inv_freq(s).to(device)
    freqs = torch.arange(n, device=device).float()[:, None] * inv[None, :]
    emb = torch.cat([freqs, freqs], dim=-1).to(dtype)
    return emb.cos(), emb.sin()


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    h = x.shape[-1] // 2
    return torch.cat([-x[..., h:], x[..., :h]], dim=-1)


def rms_norm(x: torch.Tensor, g: torch.Tensor, eps: float) -> torch.Tensor:
    """HF's RMSNorm: at least fp32 inside (fp16/bf16 widened; fp64 kept for the exact fixtures)."""
    x32 = x if x.dtype == torch.float64 else x.float()
    return g * (x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + eps)).to(x.dtype)


class RMSNorm(nn.Module):
    def __init__(self, d: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        return rms_norm(x, self.weight, self.eps)


class Attention(nn.Module):
    def __init__(self, s: LlamaSpec):
        super().__init__()
        self.s = s
        self.q_proj = nn.Linear(s.d_model, s.n_head * s.head_dim, bias=s.qkv_bias)
        self.k_proj = nn.Linear(s.d_model, s.n_kv_head * s.head_dim, bias=s.qkv_bias)
        self.v_proj = nn.Linear(s.d_model, s.n_kv_head * s.head_dim, bias=s.qkv_bias)
        self.o_proj = nn.Linear(s.n_head * s.head_dim, s.d_model, bias=False)

    def forward(self, x, cos, sin, want_attn=False):
        b, t, _ = x.shape
        s = self.s
        q = self.q_proj(x).view(b, t, s.n_head, s.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, t, s.n_kv_head, s.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, t, s.n_kv_head, s.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        group = s.n_head // s.n_kv_head
        k = k.repeat_interleave(group, dim=1)
        v = v.repeat_interleave(group, dim=1)
        attn = None
        if want_attn or not hasattr(F, 'scaled_dot_product_attention'):
            sc = (q @ k.transpose(-1, -2)) / math.sqrt(s.head_dim)
            mask = torch.ones(t, t, dtype=torch.bool, device=x.device).tril()
            attn = torch.softmax(sc.masked_fill(~mask, float('-inf')), dim=-1)
            y = attn @ v
        else:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.o_proj(y.transpose(1, 2).reshape(b, t, -1)), attn


class MLP(nn.Module):
    def __init__(self, s: LlamaSpec):
        super().__init__()
        self.gate_proj = nn.Linear(s.d_model, s.d_ff, bias=False)
        self.up_proj = nn.Linear(s.d_model, s.d_ff, bias=False)
        self.down_proj = nn.Linear(s.d_ff, s.d_model, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Block(nn.Module):
    def __init__(self, s: LlamaSpec):
        super().__init__()
        self.input_layernorm = RMSNorm(s.d_model, s.eps)
        self.self_attn = Attention(s)
        self.post_attention_layernorm = RMSNorm(s.d_model, s.eps)
        self.mlp = MLP(s)

    def forward(self, x, cos, sin, want_attn=False):
        a, attn = self.self_attn(self.input_layernorm(x), cos, sin, want_attn)
        x = x + a
        return x + self.mlp(self.post_attention_layernorm(x)), attn


class Backbone(nn.Module):
    def __init__(self, s: LlamaSpec):
        super().__init__()
        self.embed_tokens = nn.Embedding(s.vocab, s.d_model)
        self.layers = nn.ModuleList([Block(s) for _ in range(s.n_layer)])
        self.norm = RMSNorm(s.d_model, s.eps)


class Llama(nn.Module):
    """state_dict() keys are Hugging Face's: model.embed_tokens.weight, model.layers.{i}.…, lm_head.weight."""

    def __init__(self, s: LlamaSpec, init_std: float = 0.02):
        super().__init__()
        self.s = s
        self.model = Backbone(s)
        self.lm_head = None if s.tied else nn.Linear(s.d_model, s.vocab, bias=False)
        for name, p in self.named_parameters():
            if name.endswith('norm.weight') or name.endswith('layernorm.weight'):
                continue
            if name.endswith('.bias'):
                nn.init.zeros_(p)
            elif name.endswith(('o_proj.weight', 'down_proj.weight')):
                nn.init.normal_(p, std=init_std / math.sqrt(2 * s.n_layer))
            else:
                nn.init.normal_(p, std=init_std)
        self._rope = None

    def rope(self, t: int, device):
        if self._rope is None or self._rope[0].shape[0] < t or self._rope[0].device != device:
            self._rope = rope_cos_sin(self.s, max(t, self.s.n_ctx), device)
        return self._rope[0][:t], self._rope[1][:t]

    def forward(self, idx, want_attn=False):
        cos, sin = self.rope(idx.shape[1], idx.device)
        x = self.model.embed_tokens(idx)
        maps = []
        for blk in self.model.layers:
            x, a = blk(x, cos, sin, want_attn)
            maps.append(a)
        x = self.model.norm(x)
        w = self.model.embed_tokens.weight if self.lm_head is None else self.lm_head.weight
        return x @ w.T, maps

    @torch.no_grad()
    def export_tensors(self) -> dict:
        """HF names, fp32, contiguous, CPU; the tied head is omitted as save_pretrained does."""
        return {k: v.detach().float().contiguous().cpu() for k, v in self.state_dict().items()}


def functional_forward(t: dict, tokens: torch.Tensor, s: LlamaSpec):
    """One sequence, fp32, explicit attention, on exported tensors. Returns logits [n, V],
    attention [L, H, n, n], post-rotary q [L, H, n, d], k [L, H_kv, n, d] and v [L, H_kv, n, d]."""
    n = tokens.shape[0]
    d, H, Hkv = s.head_dim, s.n_head, s.n_kv_head
    x = t['model.embed_tokens.weight'][tokens]
    cos, sin = rope_cos_sin(s, n, dtype=x.dtype)
    mask = torch.ones(n, n, dtype=torch.bool).tril()
    maps, qs, ks, vs = [], [], [], []
    for i in range(s.n_layer):
        p = f'model.layers.{i}.'
        h = rms_norm(x, t[p + 'input_layernorm.weight'], s.eps)
        lin = lambda name: F.linear(h, t[p + f'self_attn.{name}.weight'], t.get(p + f'self_attn.{name}.bias'))
        q = lin('q_proj').view(n, H, d).transpose(0, 1)
        k = lin('k_proj').view(n, Hkv, d).transpose(0, 1)
        v = lin('v_proj').view(n, Hkv, d).transpose(0, 1)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        qs.append(q)
        ks.append(k)
        vs.append(v)
        kk = k.repeat_interleave(H // Hkv, 0)
        vv = v.repeat_interleave(H // Hkv, 0)
        a = torch.softmax(((q @ kk.transpose(-1, -2)) / math.sqrt(d)).masked_fill(~mask, float('-inf')), dim=-1)
        maps.append(a)
        x = x + F.linear((a @ vv).transpose(0, 1).reshape(n, H * d), t[p + 'self_attn.o_proj.weight'])
        h = rms_norm(x, t[p + 'post_attention_layernorm.weight'], s.eps)
        g = F.linear(h, t[p + 'mlp.gate_proj.weight'])
        u = F.linear(h, t[p + 'mlp.up_proj.weight'])
        x = x + F.linear(F.silu(g) * u, t[p + 'mlp.down_proj.weight'])
    x = rms_norm(x, t['model.norm.weight'], s.eps)
    head = t.get('lm_head.weight', t['model.embed_tokens.weight'])
    return x @ head.T, torch.stack(maps), torch.stack(qs), torch.stack(ks), torch.stack(vs)
