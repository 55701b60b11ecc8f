#!/usr/bin/env python3
"""Golden fixtures for convolution: torch.nn.functional.conv1d/conv2d outputs and the gradients of
input, weight and bias, for every option (stride, padding incl. "same", dilation, groups, no bias).

Run from the repository root:

    /usr/bin/python3 src/test/python/make_conv_golden.py

It rewrites src/test/resources/golden/conv.json, using make_golden.py's seeded Draw, Case and write
(float32 inputs, float64 reference, one fixed upstream gradient per case).
"""

import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import Case, Draw, write  # noqa: E402

# (n, c, spatial, out, kernel, stride, padding, dilation, groups, bias); spatial/kernel are per dim
CONV2D = [
    (2, 3, (6, 5), 4, (3, 3), 1, 0, 1, 1, True),
    (1, 2, (7, 7), 3, (3, 2), 2, 1, 1, 1, True),
    (2, 2, (5, 6), 2, (3, 3), 1, "same", 1, 1, False),
    (1, 2, (6, 5), 3, (2, 4), 1, "same", 2, 1, True),
    (1, 2, (8, 7), 2, (3, 3), 1, 2, 2, 1, True),
    (2, 4, (5, 5), 6, (3, 3), 2, 1, 1, 2, True),
    (1, 3, (6, 6), 3, (3, 3), 1, 1, 1, 3, False),
    (1, 1, (9, 9), 2, (5, 5), 1, 2, 1, 1, True),
]
CONV1D = [
    (2, 3, (9,), 4, (3,), 1, 0, 1, 1, True),
    (2, 4, (10,), 2, (3,), 2, 1, 2, 2, True),
    (1, 2, (7,), 2, (4,), 1, "same", 1, 1, False),
    (3, 2, (8,), 4, (2,), 3, 2, 1, 2, True),
]


def cases(op, fn, configs):
    out = []
    for i, (n, c, spatial, o, kernel, stride, padding, dilation, groups, bias) in enumerate(configs):
        name = f"{op}/{i}"
        d = Draw(name)
        inputs = {"input": d.randn([n, c, *spatial]), "weight": d.randn([o, c // groups, *kernel], 0.5)}
        if bias:
            inputs["bias"] = d.randn([o], 0.5)
        params = {"kernel": list(kernel), "stride": stride, "padding": padding, "dilation": dilation, "groups": groups,
                  "bias": bias}
        out.append(Case(name, op, params, inputs,
                        lambda input, weight, bias=None, s=stride, p=padding, dl=dilation, g=groups:
                        fn(input, weight, bias, s, p, dl, g)))
    return out


def main():
    torch.use_deterministic_algorithms(True)
    write("conv.json", cases("conv2d", F.conv2d, CONV2D) + cases("conv1d", F.conv1d, CONV1D),
          generator="src/test/python/make_conv_golden.py")


if __name__ == "__main__":
    main()
