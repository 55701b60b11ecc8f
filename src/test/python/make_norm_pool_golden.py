#!/usr/bin/env python3
"""Golden fixtures for pooling and normalisation: PyTorch's outputs and the gradients of every
differentiable input (input, weight, bias), using make_golden.py's seeded Draw, Case and write.

Run from the repository root:

    /usr/bin/python3 src/test/python/make_norm_pool_golden.py

It rewrites src/test/resources/golden/pool.json and norm.json.

pool.json: max/avg pooling 1-D and 2-D with stride, padding, dilation (max), ceil mode and
count_include_pad; adaptive average pooling to sizes that divide the input and to sizes that do not (overlapping windows); global average pooling.
norm.json: batch norm in training mode (batch statistics) and evaluation mode (running statistics),
with and without affine, and layer norm over one or two trailing dims. Batch-norm training cases
also store, as parameters, the running mean and variance PyTorch holds after that one step
(momentum 0.1, unbiased variance), computed in float64 from the same float32 inputs.
"""

import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import Case, Draw, f64_values, write  # noqa: E402

# (op, n, c, spatial, kernel, stride, padding, dilation, ceil_mode, count_include_pad)
POOLS = [
    ("max_pool1d", 2, 3, (9,), (3,), (2,), (1,), (1,), False, None),
    ("max_pool1d", 2, 2, (10,), (3,), (3,), (1,), (2,), True, None),
    ("max_pool2d", 2, 3, (6, 4), (2, 2), (2, 2), (0, 0), (1, 1), False, None),
    ("max_pool2d", 1, 2, (6, 7), (3, 3), (2, 2), (1, 1), (1, 1), True, None),
    ("max_pool2d", 1, 2, (7, 7), (2, 3), (1, 2), (0, 1), (2, 1), False, None),
    ("max_pool2d", 2, 1, (5, 8), (3, 2), (2, 3), (1, 1), (2, 1), True, None),
    ("avg_pool1d", 2, 2, (8,), (3,), (2,), (1,), (1,), False, True),
    ("avg_pool1d", 2, 2, (8,), (3,), (2,), (1,), (1,), True, False),
    ("avg_pool1d", 1, 3, (9,), (4,), (3,), (2,), (1,), True, True),
    ("avg_pool2d", 2, 2, (5, 6), (3, 3), (2, 2), (1, 1), (1, 1), False, True),
    ("avg_pool2d", 1, 2, (6, 7), (3, 2), (2, 2), (1, 1), (1, 1), True, True),
    ("avg_pool2d", 2, 1, (5, 5), (3, 3), (2, 2), (1, 1), (1, 1), False, False),
    ("avg_pool2d", 1, 2, (7, 6), (2, 4), (3, 2), (1, 2), (1, 1), True, False),
]
ADAPTIVE = [((2, 3, 6, 4), (3, 2)), ((1, 2, 8, 8), (1, 1)), ((2, 2, 6, 9), (2, 3)),
            ((2, 3, 7, 7), (3, 3)), ((1, 2, 5, 9), (4, 2)), ((1, 1, 3, 4), (5, 6))]  # the last three: uneven windows
GLOBAL = [(2, 3, 4, 5), (2, 2, 7)]


def pool_fn(op, k, s, p, dil, ceil, include):
    if op.startswith("max"):
        f = F.max_pool1d if op == "max_pool1d" else F.max_pool2d
        return lambda input: f(input, k, s, p, dil, ceil_mode=ceil)
    f = F.avg_pool1d if op == "avg_pool1d" else F.avg_pool2d
    return lambda input: f(input, k, s, p, ceil_mode=ceil, count_include_pad=include)


def pooling():
    cases = []
    for i, (op, n, c, spatial, k, s, p, dil, ceil, include) in enumerate(POOLS):
        name = f"{op}/{i}"
        params = {"kernel": list(k), "stride": list(s), "padding": list(p), "dilation": list(dil), "ceil_mode": ceil}
        if include is not None:
            params["count_include_pad"] = include
        cases.append(Case(name, op, params, {"input": Draw(name).randn([n, c, *spatial])},
                          pool_fn(op, list(k), list(s), list(p), list(dil), ceil, include)))
    for i, (shape, out) in enumerate(ADAPTIVE):
        name = f"adaptive_avg_pool2d/{i}"
        cases.append(Case(name, "adaptive_avg_pool2d", {"output_size": list(out)}, {"input": Draw(name).randn(list(shape))},
                          lambda input, out=out: F.adaptive_avg_pool2d(input, out)))
    for i, shape in enumerate(GLOBAL):
        name = f"global_avg_pool/{i}"
        dims = tuple(range(2, len(shape)))
        cases.append(Case(name, "global_avg_pool", {}, {"input": Draw(name).randn(list(shape))},
                          lambda input, dims=dims: input.mean(dims)))
    return cases


# (input shape, training, affine)
BATCH_NORMS = [
    ((4, 3), True, True), ((3, 2, 5), True, True), ((2, 3, 4, 3), True, True), ((3, 2, 3, 3), True, False),
    ((5, 3), False, True), ((2, 2, 4), False, True), ((2, 3, 3, 4), False, True), ((2, 2, 3, 2), False, False),
]
# (input shape, normalized_shape, affine)
LAYER_NORMS = [((4, 6), (6,), True), ((2, 3, 5), (5,), True), ((2, 3, 4), (3, 4), True), ((3, 2, 4), (4,), False)]


def batch_norm_case(i, shape, training, affine):
    name = f"batch_norm/{i}"
    d = Draw(name)
    c = shape[1]
    inputs = {"input": d.randn(list(shape), 2.0) + 0.5}
    if affine:
        inputs["weight"] = d.uniform([c], 0.5, 1.5)
        inputs["bias"] = d.randn([c], 0.5)
    mean0, var0 = d.randn([c], 0.5), d.uniform([c], 0.5, 2.0)
    inputs["running_mean"], inputs["running_var"] = mean0, var0
    params = {"training": training, "affine": affine, "momentum": 0.1, "eps": 1e-5}
    if training:  # the running statistics after this step
        rm, rv = mean0.double().clone(), var0.double().clone()
        F.batch_norm(inputs["input"].double(), rm, rv, training=True, momentum=0.1, eps=1e-5)
        params["running_mean_after"], params["running_var_after"] = f64_values(rm), f64_values(rv)

    def fn(input, running_mean, running_var, weight=None, bias=None):
        return F.batch_norm(input, running_mean.clone(), running_var.clone(), weight, bias, training=training,
                            momentum=0.1, eps=1e-5)
    return Case(name, "batch_norm", params, inputs, fn, nograd=("running_mean", "running_var"))


def normalization():
    cases = [batch_norm_case(i, *spec) for i, spec in enumerate(BATCH_NORMS)]
    for i, (shape, norm, affine) in enumerate(LAYER_NORMS):
        name = f"layer_norm/{i}"
        d = Draw(name)
        inputs = {"input": d.randn(list(shape), 1.5) - 0.3}
        if affine:
            inputs["weight"] = d.uniform(list(norm), 0.5, 1.5)
            inputs["bias"] = d.randn(list(norm), 0.5)
        cases.append(Case(name, "layer_norm", {"normalized_shape": list(norm), "affine": affine, "eps": 1e-5}, inputs,
                          lambda input, weight=None, bias=None, norm=norm: F.layer_norm(input, norm, weight, bias, 1e-5)))
    return cases


def main():
    torch.use_deterministic_algorithms(True)
    write("pool.json", pooling())
    write("norm.json", normalization())


if __name__ == "__main__":
    main()
