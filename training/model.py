"""The lab's byte-level GPT-2-style model (training side) and the functional forward pass that
mirrors the WGSL one (src/models/forward.ts) on exported weights.

Three variants share one parameter layout and one initialisation (same seed, same init):
  baseline  — plain pre-LN GPT-2 block (GELU tanh, tied LM head, learned positions);
  sigma     — σReparam (Zhai et al. 2023; apple/ml-sigma-reparam `SpectralNormedWeight`): every
              block linear uses Ŵ = γ/σ(W) · W, with one warm-started power step per training
              forward, γ initialised to the initial spectral norm s₀ (so Ŵ = W at init), and
              W_Q, W_K, W_V normalised separately (the JAX code's disjoint_type 2);
  seltemp   — selective position temperature (Zhang et al. 2024, umich-sota/selective_attention
              gpt_2_PTS.py): logits of query row i scaled by m_i = 1 + c·ln(i+1), c = exp(−exp(β))
              with one learnable β per layer, β₀ = 1.5 (c₀ ≈ 0.0113), applied before the mask.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

BOS = 256
VOCAB = 257
LN_EPS = 1e-5


class SigmaReparam(nn.Module):
    """Ŵ = γ_p/σ(W_p) · W_p for `parts` equal row blocks W_p of an nn.Linear weight [out, in]."""

    def __init__(self, weight: torch.Tensor, parts: int):
        super().__init__()
        rows = weight.shape[0] // parts
        w = weight.detach().float().view(parts, rows, weight.shape[1])
        us, s0 = [], []
        for p in range(parts):
            _, s, vh = torch.linalg.svd(w[p], full_matrices=False)
            us.append(vh[0])
            s0.append(s[0])
        self.parts = parts
        self.register_buffer('u', torch.stack(us))
        self.gamma = nn.Parameter(torch.stack(s0).clone())

    def forward(self, weight: torch.Tensor) -> torch.Tensor:
        w = weight.view(self.parts, -1, weight.shape[1])
        with torch.no_grad():
            v = F.normalize(torch.bmm(w, self.u.unsqueeze(-1)).squeeze(-1), dim=-1)
            u = F.normalize(torch.bmm(w.transpose(1, 2), v.unsqueeze(-1)).squeeze(-1), dim=-1)
            if self.training:
                self.u.copy_(u)
        sigma = torch.einsum('pr,pri,pi->p', v, w, u)
        return (w * (self.gamma / sigma)[:, None, None]).view_as(weight)


class Block(nn.Module):
    def __init__(self, d: int, n_head: int, n_layer: int, variant: str):
        super().__init__()
        self.n_head = n_head
        self.ln_1 = nn.LayerNorm(d, eps=LN_EPS)
        self.c_attn = nn.Linear(d, 3 * d)
        self.c_proj = nn.Linear(d, d)
        self.ln_2 = nn.LayerNorm(d, eps=LN_EPS)
        self.c_fc = nn.Linear(d, 4 * d)
        self.mlp_proj = nn.Linear(4 * d, d)
        for lin in (self.c_attn, self.c_proj, self.c_fc, self.mlp_proj):
            nn.init.normal_(lin.weight, std=0.02)
            nn.init.zeros_(lin.bias)
        for lin in (self.c_proj, self.mlp_proj):
            nn.init.normal_(lin.weight, std=0.02 / math.sqrt(2 * n_layer))
        self.sn = None
        if variant == 'sigma':
            self.sn = nn.ModuleDict({
                'c_attn': SigmaReparam(self.c_attn.weight, 3),
                'c_proj': SigmaReparam(self.c_proj.weight, 1),
                'c_fc': SigmaReparam(self.c_fc.weight, 1),
                'mlp_proj': SigmaReparam(self.mlp_proj.weight, 1),
            })
        self.beta = nn.Parameter(torch.tensor(1.5)) if variant == 'seltemp' else None

    def weight(self, name: str) -> torch.Tensor:
        w = getattr(self, name).weight
        return self.sn[name](w) if self.sn is not None else w

    def pos_c(self):
        return None if self.beta is None else torch.exp(-torch.exp(self.beta))

    def forward(self, x: torch.Tensor, want_attn: bool = False):
        b, t, d = x.shape
        hd = d // self.n_head
        qkv = F.linear(self.ln_1(x), self.weight('c_attn'), self.c_attn.bias)
        q, k, v = qkv.view(b, t, 3, self.n_head, hd).permute(2, 0, 3, 1, 4)
        c = self.pos_c()
        if c is not None:
            pos = torch.arange(t, device=x.device, dtype=x.dtype)
            q = q * (1 + c * torch.log1p(pos))[:, None]
        attn = None
        if want_attn or not hasattr(F, 'scaled_dot_product_attention'):
            s = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
            mask = torch.ones(t, t, dtype=torch.bool, device=x.device).tril()
            attn = torch.softmax(s.masked_fill(~mask, float('-inf')), dim=-1)
            y = attn @ v
        else:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        y = y.transpose(1, 2).reshape(b, t, d)
        x = x + F.linear(y, self.weight('c_proj'), self.c_proj.bias)
        h = F.gelu(F.linear(self.ln_2(x), self.weight('c_fc'), self.c_fc.bias), approximate='tanh')
        x = x + F.linear(h, self.weight('mlp_proj'), self.mlp_proj.bias)
        return x, attn


class GPT(nn.Module):
    def __init__(self, n_layer: int, n_head: int, d: int, n_ctx: int, variant: str):
        super().__init__()
        self.wte = nn.Embedding(VOCAB, d)
        self.wpe = nn.Embedding(n_ctx, d)
        nn.init.normal_(self.wte.weight, std=0.02)
        nn.init.normal_(self.wpe.weight, std=0.01)
        self.h = nn.ModuleList([Block(d, n_head, n_layer, variant) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(d, eps=LN_EPS)

    def forward(self, idx: torch.Tensor, want_attn: bool = False):
        t = idx.shape[1]
        x = self.wte(idx) + self.wpe(torch.arange(t, device=idx.device))
        maps = []
        for blk in self.h:
            x, a = blk(x, want_attn)
            maps.append(a)
        logits = self.ln_f(x) @ self.wte.weight.T
        return logits, maps

    @torch.no_grad()
    def export_tensors(self) -> dict:
        """GPT-2 names and layouts (Conv1D weights are [in, out]); σReparam folded into the weights."""
        out = {'wte.weight': self.wte.weight, 'wpe.weight': self.wpe.weight}
        for i, blk in enumerate(self.h):
            p = f'h.{i}.'
            out[p + 'ln_1.weight'], out[p + 'ln_1.bias'] = blk.ln_1.weight, blk.ln_1.bias
            out[p + 'attn.c_attn.weight'] = blk.weight('c_attn').T
            out[p + 'attn.c_attn.bias'] = blk.c_attn.bias
            out[p + 'attn.c_proj.weight'] = blk.weight('c_proj').T
            out[p + 'attn.c_proj.bias'] = blk.c_proj.bias
            out[p + 'ln_2.weight'], out[p + 'ln_2.bias'] = blk.ln_2.weight, blk.ln_2.bias
            out[p + 'mlp.c_fc.weight'] = blk.weight('c_fc').T
            out[p + 'mlp.c_fc.bias'] = blk.c_fc.bias
            out[p + 'mlp.c_proj.weight'] = blk.weight('mlp_proj').T
            out[p + 'mlp.c_proj.bias'] = blk.mlp_proj.bias
            if blk.beta is not None:
                out[p + 'attn.pos_temp'] = blk.pos_c().reshape(1)
        out['ln_f.weight'], out['ln_f.bias'] = self.ln_f.weight, self.ln_f.bias
        return {k: v.detach().float().contiguous().cpu() for k, v in out.items()}


def functional_forward(t: dict, tokens: torch.Tensor, n_head: int):
    """Forward pass on exported tensors (one sequence, fp32, explicit attention): the PyTorch peer
    of src/models/forward.ts. Returns logits [n, V] and attention [L, H, n, n]."""
    n = tokens.shape[0]
    x = t['wte.weight'][tokens] + t['wpe.weight'][:n]
    d = x.shape[1]
    hd = d // n_head
    n_layer = sum(1 for k in t if k.endswith('.ln_1.weight'))
    mask = torch.ones(n, n, dtype=torch.bool).tril()
    maps = []
    for i in range(n_layer):
        p = f'h.{i}.'
        h = F.layer_norm(x, (d,), t[p + 'ln_1.weight'], t[p + 'ln_1.bias'], LN_EPS)
        qkv = h @ t[p + 'attn.c_attn.weight'] + t[p + 'attn.c_attn.bias']
        q, k, v = qkv.view(n, 3, n_head, hd).permute(1, 2, 0, 3)
        s = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        if p + 'attn.pos_temp' in t:
            s = s * (1 + t[p + 'attn.pos_temp'][0] * torch.log(torch.arange(1, n + 1, dtype=x.dtype)))[:, None]
        a = torch.softmax(s.masked_fill(~mask, float('-inf')), dim=-1)
        maps.append(a)
        y = (a @ v).transpose(0, 1).reshape(n, d)
        x = x + y @ t[p + 'attn.c_proj.weight'] + t[p + 'attn.c_proj.bias']
        h = F.layer_norm(x, (d,), t[p + 'ln_2.weight'], t[p + 'ln_2.bias'], LN_EPS)
        h = F.gelu(h @ t[p + 'mlp.c_fc.weight'] + t[p + 'mlp.c_fc.bias'], approximate='tanh')
        x = x + h @ t[p + 'mlp.c_proj.weight'] + t[p + 'mlp.c_proj.bias']
    x = F.layer_norm(x, (d,), t['ln_f.weight'], t['ln_f.bias'], LN_EPS)
    return x @ t['wte.weight'].T, torch.stack(maps)
