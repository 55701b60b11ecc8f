#!/usr/bin/env python3
"""Golden fixtures for the recurrent modules: torch.nn.RNN (tanh, relu), nn.LSTM and nn.GRU with
several layers, both directions, batch-first input, given or zero initial states, with and without
bias. Each case's output is every step's output, h_n (and c_n) flattened into one vector; the
gradients are those of the input, h0, c0 and every parameter (named as in the state dict).

Run from the repository root:

    /usr/bin/python3 src/test/python/make_rnn_golden.py

It rewrites src/test/resources/golden/rnn.json, using make_golden.py's seeded Draw, Case and write
(float32 inputs, float64 reference, one fixed upstream gradient per case).
"""

import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import OUT_DIR, Case, Draw, write  # noqa: E402

T, N, I, H = 4, 3, 5, 4

# (op, layers, bidirectional, batch_first, bias, initial states given, nonlinearity)
CONFIGS = [
    ("rnn", 1, False, False, True, False, "tanh"),
    ("rnn", 2, True, False, True, True, "tanh"),
    ("rnn", 1, False, True, False, True, "tanh"),
    ("rnn", 1, False, False, True, True, "relu"),
    ("rnn", 2, True, True, True, False, "relu"),
    ("lstm", 1, False, False, True, False, None),
    ("lstm", 1, False, False, True, True, None),
    ("lstm", 2, False, False, True, True, None),
    ("lstm", 1, True, False, True, False, None),
    ("lstm", 2, True, True, True, True, None),
    ("lstm", 1, False, True, False, True, None),
    ("gru", 1, False, False, True, False, None),
    ("gru", 1, False, False, True, True, None),
    ("gru", 2, False, False, True, True, None),
    ("gru", 1, True, False, True, False, None),
    ("gru", 2, True, True, True, True, None),
    ("gru", 1, False, True, False, True, None),
]


def module(op, layers, bidirectional, batch_first, bias, nonlinearity):
    kw = dict(num_layers=layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional)
    if op == "rnn":
        return torch.nn.RNN(I, H, nonlinearity=nonlinearity, **kw)
    return {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[op](I, H, **kw)


def case(i, config):
    op, layers, bidirectional, batch_first, bias, states, nonlinearity = config
    name = f"{op}/{i}"
    d = Draw(name)
    m = module(op, layers, bidirectional, batch_first, bias, nonlinearity).double()
    dirs = 2 if bidirectional else 1
    inputs = {"input": d.randn([N, T, I] if batch_first else [T, N, I])}
    if states:
        inputs["h0"] = d.randn([layers * dirs, N, H], 0.5)
        if op == "lstm":
            inputs["c0"] = d.randn([layers * dirs, N, H], 0.5)
    names = [k for k, _ in m.named_parameters()]
    for k, p in m.named_parameters():
        inputs[k] = d.randn(list(p.shape), 0.4)

    def fn(input, h0=None, c0=None, **params):
        state = None if h0 is None else ((h0, c0) if op == "lstm" else h0)
        for k, v in params.items():  # plain tensors in place of the parameters (RNNBase.__setattr__ updates _flat_weights)
            m._parameters.pop(k, None)
            setattr(m, k, v)
        out, final = m(input, state)
        parts = [out.reshape(-1)] + ([f.reshape(-1) for f in final] if op == "lstm" else [final.reshape(-1)])
        return torch.cat(parts)

    params = {"layers": layers, "bidirectional": bidirectional, "batch_first": batch_first, "bias": bias,
              "hidden": H, "nonlinearity": nonlinearity or "", "parameters": names}
    return Case(name, op, params, inputs, fn)


def main():
    torch.use_deterministic_algorithms(True)
    write("rnn.json", [case(i, c) for i, c in enumerate(CONFIGS)])
    path = os.path.join(OUT_DIR, "rnn.json")  # write() names make_golden.py as the generator: name this one
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace('"generator":"src/test/python/make_golden.py"', '"generator":"src/test/python/make_rnn_golden.py"', 1))


if __name__ == "__main__":
    main()
