#!/usr/bin/env python3
"""Golden fixtures for the recurrent cells: torch.nn.RNNCell (tanh, relu), LSTMCell and GRUCell run
for a few steps, with the gradients of the inputs, the initial states and every parameter.

Run from the repository root:

    /usr/bin/python3 src/test/python/make_cell_golden.py

It rewrites src/test/resources/golden/cells.json, using make_golden.py's seeded Draw, Case and write.
Each case's output stacks every step's new state: [T, N, H] for RNN and GRU cells, [T, 2, N, H]
(h then c) for LSTM cells. The cells are PyTorch's own modules, run with the fixture's parameters
through torch.nn.utils.stateless.functional_call.
"""

import os
import sys

import torch
from torch.nn.utils.stateless import functional_call

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import Case, Draw, write  # noqa: E402

GATES = {"rnn_tanh": 1, "rnn_relu": 1, "lstm": 4, "gru": 3}
# (cell, steps, batch, input size, hidden size, bias)
CONFIGS = [
    ("rnn_tanh", 3, 2, 4, 5, True),
    ("rnn_relu", 3, 3, 3, 4, True),
    ("rnn_tanh", 2, 2, 3, 3, False),
    ("lstm", 3, 2, 4, 5, True),
    ("lstm", 4, 3, 2, 3, False),
    ("gru", 3, 2, 4, 5, True),
    ("gru", 4, 3, 2, 3, False),
]


def module(cell, i, h, bias):
    if cell == "lstm":
        return torch.nn.LSTMCell(i, h, bias=bias).double()
    if cell == "gru":
        return torch.nn.GRUCell(i, h, bias=bias).double()
    return torch.nn.RNNCell(i, h, bias=bias, nonlinearity=cell[4:]).double()


def run(m, cell, x, h0, c0, params):
    outs = []
    state = (h0, c0) if cell == "lstm" else h0
    for t in range(x.shape[0]):
        state = functional_call(m, params, (x[t], state))
        outs.append(torch.stack(state) if cell == "lstm" else state)
    return torch.stack(outs)


def cases():
    out = []
    for k, (cell, steps, n, i, h, bias) in enumerate(CONFIGS):
        name = f"{cell}/{k}"
        d = Draw(name)
        g = GATES[cell]
        bound = h ** -0.5
        inputs = {"input": d.randn([steps, n, i]), "h0": d.randn([n, h], 0.5)}
        if cell == "lstm":
            inputs["c0"] = d.randn([n, h], 0.5)
        inputs["weight_ih"] = d.uniform([g * h, i], -bound, bound)
        inputs["weight_hh"] = d.uniform([g * h, h], -bound, bound)
        if bias:
            inputs["bias_ih"] = d.uniform([g * h], -bound, bound)
            inputs["bias_hh"] = d.uniform([g * h], -bound, bound)
        m = module(cell, i, h, bias)

        def fn(input, h0, weight_ih, weight_hh, c0=None, bias_ih=None, bias_hh=None, m=m, cell=cell):
            params = {"weight_ih": weight_ih, "weight_hh": weight_hh}
            if bias_ih is not None:
                params.update(bias_ih=bias_ih, bias_hh=bias_hh)
            return run(m, cell, input, h0, c0, params)

        params = {"cell": cell, "hidden": h, "bias": bias}
        out.append(Case(name, cell.split("_")[0], params, inputs, fn))
    return out


def main():
    torch.use_deterministic_algorithms(True)
    write("cells.json", cases(), generator="src/test/python/make_cell_golden.py")


if __name__ == "__main__":
    main()
