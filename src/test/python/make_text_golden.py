#!/usr/bin/env python3
"""Golden fixtures for the skip-gram losses of dev.myelin.text.SkipGram: the negative-sampling loss
-log sigmoid(u_o.v_c) - sum_k log sigmoid(-u_k.v_c) and the full-softmax loss -log softmax_o(U v_c),
each averaged over the batch, with the gradients of the centre and context embedding tables.
Index batches repeat words, so the scatter-add of gathered rows is checked too.

Run from the repository root:

    /usr/bin/python3 src/test/python/make_text_golden.py

It rewrites src/test/resources/golden/skipgram.json, using make_golden.py's seeded Draw, Case and
write (float32 inputs, float64 reference, one fixed upstream gradient per case).
"""

import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import Case, Draw, write  # noqa: E402

# (vocabulary size, dimension, batch, negatives)
CONFIGS = [(7, 4, 5, 3), (12, 6, 9, 5), (5, 3, 8, 1), (30, 10, 16, 4)]


def negative_sampling(centre, context, centres, contexts):
    v = centre[centres]                          # [B, D]
    u = context[contexts]                        # [B, 1+K, D]
    scores = (u * v[:, None, :]).sum(-1)         # [B, 1+K]
    labels = torch.zeros_like(scores)
    labels[:, 0] = 1
    return F.binary_cross_entropy_with_logits(scores, labels, reduction="sum") / centres.shape[0]


def softmax(centre, context, centres, contexts):
    return F.cross_entropy(centre[centres] @ context.T, contexts)


def cases():
    out = []
    for i, (vocab, dim, batch, negatives) in enumerate(CONFIGS):
        for op, fn, columns in (("skipgram_negative_sampling", negative_sampling, [batch, 1 + negatives]),
                                ("skipgram_softmax", softmax, [batch])):
            name = f"{op}/{i}"
            d = Draw(name)
            inputs = {"centre": d.randn([vocab, dim], 0.5), "context": d.randn([vocab, dim], 0.5),
                      "centres": d.index([batch], vocab), "contexts": d.index(columns, vocab)}
            out.append(Case(name, op, {"vocabulary": vocab, "dim": dim}, inputs, fn))
    return out


def main():
    torch.use_deterministic_algorithms(True)
    write("skipgram.json", cases(), generator="src/test/python/make_text_golden.py")


if __name__ == "__main__":
    main()
