#!/usr/bin/env python3
"""Golden fixtures for attention: torch.nn.functional.multi_head_attention_forward (outputs and
head-averaged attention weights) and torch.nn.TransformerEncoderLayer / TransformerDecoderLayer in
evaluation mode (dropout off), with the gradients of the inputs and of every parameter.

Run from the repository root:

    /usr/bin/python3 src/test/python/make_attention_golden.py

It rewrites src/test/resources/golden/attention.json, using make_golden.py's seeded Draw, Case and
write. Parameters are inputs named as in PyTorch's state dict ("self_attn.in_proj_weight", ...), so
the Java side loads them into its modules with loadStateDict and reads the gradients back from them.
Boolean masks are stored as 0/1 floats (1 = may not attend), float masks as they are.
"""

import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.stateless import functional_call

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import Case, Draw, write  # noqa: E402

NO_GRAD = ("key_padding_mask", "attn_mask", "tgt_mask", "memory_key_padding_mask")


def padding(d, n, s):
    """0/1 flags [n, s] with at least one real (0) key per row."""
    m = d.mask([n, s])
    m[:, 0] = 0.0
    return m


def causal(l):
    return torch.triu(torch.ones(l, l), diagonal=1)


def mha_params(d, e, kdim, vdim, prefix=""):
    p = {}
    if kdim == e and vdim == e:
        p[prefix + "in_proj_weight"] = d.randn([3 * e, e], 0.4)
    else:
        p[prefix + "q_proj_weight"] = d.randn([e, e], 0.4)
        p[prefix + "k_proj_weight"] = d.randn([e, kdim], 0.4)
        p[prefix + "v_proj_weight"] = d.randn([e, vdim], 0.4)
    p[prefix + "in_proj_bias"] = d.randn([3 * e], 0.2)
    p[prefix + "out_proj.weight"] = d.randn([e, e], 0.4)
    p[prefix + "out_proj.bias"] = d.randn([e], 0.2)
    return p


# name, embed, heads, n, l, s, kdim, vdim, batch_first, self, key padding, attn mask ("causal" | "float2d" | "float3d" | None)
MHA = [
    ("self_key_padding", 8, 2, 2, 5, 5, 8, 8, False, True, True, None),
    ("self_causal_batch_first", 8, 4, 2, 4, 4, 8, 8, True, True, False, "causal"),
    ("cross_kdim_vdim", 8, 2, 2, 3, 5, 6, 4, False, False, True, None),
    ("cross_float_masks", 6, 3, 2, 3, 4, 6, 6, True, False, False, "float3d"),
    ("self_float_mask_and_padding", 4, 1, 3, 4, 4, 4, 4, False, True, True, "float2d"),
]


def mha_cases():
    out = []
    for (label, e, h, n, l, s, kdim, vdim, bf, is_self, kpm, mask) in MHA:
        for op in ("mha", "mha_weights"):
            name = f"{op}/{label}"
            d = Draw("mha/" + label)  # both ops of a configuration see the same inputs
            inputs = {}
            if is_self:
                inputs["query"] = d.randn([n, l, e] if bf else [l, n, e])
            else:
                inputs["query"] = d.randn([n, l, e] if bf else [l, n, e])
                inputs["key"] = d.randn([n, s, kdim] if bf else [s, n, kdim])
                inputs["value"] = d.randn([n, s, vdim] if bf else [s, n, vdim])
            inputs.update(mha_params(d, e, kdim, vdim))
            if kpm:
                inputs["key_padding_mask"] = padding(d, n, s)
            if mask == "causal":
                inputs["attn_mask"] = causal(l)
            elif mask == "float2d":
                inputs["attn_mask"] = d.randn([l, s])
            elif mask == "float3d":
                inputs["attn_mask"] = d.randn([n * h, l, s])
            params = {"embed_dim": e, "num_heads": h, "kdim": kdim, "vdim": vdim, "batch_first": bf, "self": is_self,
                      "mask": mask or "none"}

            def fn(weights=(op == "mha_weights"), e=e, h=h, bf=bf, is_self=is_self, mask=mask, **t):
                q = t["query"]
                k = q if is_self else t["key"]
                v = q if is_self else t["value"]
                if bf:
                    q, k, v = (x.transpose(0, 1) for x in (q, k, v))
                separate = "q_proj_weight" in t
                am = t.get("attn_mask")
                if am is not None and mask == "causal":
                    am = am.bool()
                kp = t.get("key_padding_mask")
                o, w = F.multi_head_attention_forward(
                    q, k, v, e, h, t.get("in_proj_weight"), t["in_proj_bias"], None, None, False, 0.0,
                    t["out_proj.weight"], t["out_proj.bias"], training=False,
                    key_padding_mask=None if kp is None else kp.bool(), need_weights=True, attn_mask=am,
                    use_separate_proj_weight=separate, q_proj_weight=t.get("q_proj_weight"),
                    k_proj_weight=t.get("k_proj_weight"), v_proj_weight=t.get("v_proj_weight"))
                if weights:
                    return w
                return o.transpose(0, 1) if bf else o
            unused = ("out_proj.weight", "out_proj.bias", "value", "v_proj_weight") if op == "mha_weights" else ()  # weights do not depend on them
            out.append(Case(name, op, params, inputs, fn, nograd=NO_GRAD + unused))
    return out


def layer_params(d, e, ff, attn_blocks, norms):
    p = {}
    for a in attn_blocks:
        p.update(mha_params(d, e, e, e, a + "."))
    p["linear1.weight"] = d.randn([ff, e], 0.4)
    p["linear1.bias"] = d.randn([ff], 0.2)
    p["linear2.weight"] = d.randn([e, ff], 0.4)
    p["linear2.bias"] = d.randn([e], 0.2)
    for i in range(1, norms + 1):
        p[f"norm{i}.weight"] = (1 + d.randn([e], 0.2).double()).float()
        p[f"norm{i}.bias"] = d.randn([e], 0.2)
    return p


# name, d_model, nhead, ff, n, l, s, activation, norm_first, batch_first
LAYERS = [
    ("post_relu", 8, 2, 12, 2, 4, 5, "relu", False, False),
    ("pre_gelu", 8, 2, 12, 2, 4, 5, "gelu", True, False),
    ("post_gelu_batch_first", 6, 3, 10, 2, 3, 4, "gelu", False, True),
    ("pre_relu_batch_first", 8, 4, 8, 3, 3, 3, "relu", True, True),
]


def split(t, names):
    return {k: t[k] for k in names if k in t}, {k: v for k, v in t.items() if k not in names}


def layer_cases():
    out = []
    for (label, e, h, ff, n, l, s, act, nf, bf) in LAYERS:
        settings = {"d_model": e, "nhead": h, "dim_feedforward": ff, "activation": act, "norm_first": nf, "batch_first": bf}
        # encoder: key padding and a float source mask
        name = f"encoder_layer/{label}"
        d = Draw(name)
        inputs = {"src": d.randn([n, s, e] if bf else [s, n, e])}
        inputs.update(layer_params(d, e, ff, ["self_attn"], 2))
        inputs["key_padding_mask"] = padding(d, n, s)
        inputs["attn_mask"] = d.randn([s, s])

        def enc(settings=settings, **t):
            data, params = split(t, ["src", "key_padding_mask", "attn_mask"])
            layer = nn.TransformerEncoderLayer(settings["d_model"], settings["nhead"], settings["dim_feedforward"], 0.1,
                                               settings["activation"], norm_first=settings["norm_first"],
                                               batch_first=settings["batch_first"]).double().eval()
            return functional_call(layer, params, (data["src"],),
                                   {"src_mask": data["attn_mask"], "src_key_padding_mask": data["key_padding_mask"].bool()})
        out.append(Case(name, "encoder_layer", settings, inputs, enc, nograd=NO_GRAD))
        # decoder: causal target mask and memory key padding
        name = f"decoder_layer/{label}"
        d = Draw(name)
        inputs = {"tgt": d.randn([n, l, e] if bf else [l, n, e]), "memory": d.randn([n, s, e] if bf else [s, n, e])}
        inputs.update(layer_params(d, e, ff, ["self_attn", "multihead_attn"], 3))
        inputs["tgt_mask"] = causal(l)
        inputs["memory_key_padding_mask"] = padding(d, n, s)

        def dec(settings=settings, **t):
            data, params = split(t, ["tgt", "memory", "tgt_mask", "memory_key_padding_mask"])
            layer = nn.TransformerDecoderLayer(settings["d_model"], settings["nhead"], settings["dim_feedforward"], 0.1,
                                               settings["activation"], norm_first=settings["norm_first"],
                                               batch_first=settings["batch_first"]).double().eval()
            return functional_call(layer, params, (data["tgt"], data["memory"]),
                                   {"tgt_mask": data["tgt_mask"].bool(),
                                    "memory_key_padding_mask": data["memory_key_padding_mask"].bool()})
        out.append(Case(name, "decoder_layer", settings, inputs, dec, nograd=NO_GRAD))
    return out


def main():
    torch.use_deterministic_algorithms(True)
    write("attention.json", mha_cases() + layer_cases(), generator="src/test/python/make_attention_golden.py")


if __name__ == "__main__":
    main()
