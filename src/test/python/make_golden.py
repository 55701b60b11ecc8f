#!/usr/bin/env python3
"""Golden fixtures: what PyTorch computes for the ops Myelin implements.

Run from the repository root:

    /usr/bin/python3 src/test/python/make_golden.py

It rewrites src/test/resources/golden/*.json. Those files are committed, so the Java tests
(src/test/java/dev/myelin/golden) never need Python or PyTorch; rerun this only to add or
change cases, and commit the fixtures with the change.

Each case stores: the op name and its parameters, the inputs (float32 values, index tensors as
integers, masks as 0/1 floats), the output, a fixed random upstream gradient `w`, and the
gradient of every differentiable input of sum(out * w). Inputs and `w` are float32 values; the
reference is computed in float64 from them, so it is exact to far below the float32 tolerance
the Java side allows.

Deterministic: every case draws its shapes and values from generators seeded with a hash of
its name, so adding a case changes no other.
"""

import json
import math
import os
import random
import zlib

import numpy as np
import torch
import torch.nn.functional as F

OUT_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden"))
MAX_NUMEL = 240  # fixtures stay small: a few hundred elements per tensor at most
# Myelin runs element-wise activations in Java below 128-512 elements and through oneDNN above
# (nn/functional/Pointwise.java); the "/onednn" cases are this big so both paths are compared.
ONEDNN_SHAPE = [20, 26]


class Draw:
    """Seeded random shapes and float32 values for one case."""

    def __init__(self, name):
        seed = zlib.crc32(name.encode())
        self.py = random.Random(seed)
        self.gen = torch.Generator().manual_seed(seed)

    def shape(self, rank, lo=1, hi=5):
        while True:
            s = [self.py.randint(lo, hi) for _ in range(rank)]
            if math.prod(s) <= MAX_NUMEL:
                return s

    def randint(self, lo, hi):
        return self.py.randint(lo, hi)

    def choice(self, items):
        return self.py.choice(items)

    def randn(self, shape, scale=1.0):
        return (torch.randn(shape, generator=self.gen, dtype=torch.float64) * scale).float()

    def uniform(self, shape, lo, hi):
        return (torch.rand(shape, generator=self.gen, dtype=torch.float64) * (hi - lo) + lo).float()

    def away(self, shape, points, margin=0.05, scale=1.5):
        """Normal values, each at least `margin` from every kink in `points` (no ties at a kink)."""
        x = self.randn(shape, scale).double()
        for p in points:
            d = x - p
            side = torch.where(d >= 0, torch.ones_like(d), -torch.ones_like(d))
            x = torch.where(d.abs() < margin, p + side * margin * 2, x)
        return x.float()

    def at_kinks(self, shape, points):
        """Like `away`, but with each kink value itself at a few positions: PyTorch's choice of
        subgradient there (e.g. d|x|/dx = 0 at 0) is part of what Myelin must match."""
        x = self.away(shape, points).reshape(-1)
        slots = torch.randperm(x.numel(), generator=self.gen)
        for k, p in enumerate(points):
            x[slots[2 * k:2 * k + 2]] = p
        return x.reshape(shape)

    def mask(self, shape):
        return (torch.rand(shape, generator=self.gen) < 0.5).float()

    def index(self, shape, bound):
        return torch.randint(0, bound, shape, generator=self.gen, dtype=torch.int64)


def broadcast_pair(d):
    """Two shapes that broadcast: some dimensions of one are 1 or missing."""
    rank = d.randint(1, 4)
    full = d.shape(rank, 1, 4)
    other = [1 if d.randint(0, 2) == 0 else n for n in full]
    other = other[d.randint(0, rank - 1):]
    return (full, other) if d.randint(0, 1) else (other, full)


# ---- serialisation ----

def f32_values(t):
    """float32 values written shortest-exact: Java's Float.parseFloat gives back the same bits."""
    return [float(str(np.float32(v))) for v in t.detach().float().reshape(-1).numpy()]


def f64_values(t):
    vals = t.detach().double().reshape(-1).tolist()
    assert all(math.isfinite(v) for v in vals), "non-finite reference value"
    return [float("%.9g" % v) for v in vals]


def array(t, values):
    return {"shape": list(t.shape), "values": values(t)}


class Case:
    """One op applied to named inputs; `nograd` names float inputs that get no gradient."""

    def __init__(self, name, op, params, inputs, fn, nograd=()):
        self.name, self.op, self.params = name, op, params
        self.inputs, self.fn, self.nograd = inputs, fn, set(nograd)

    def run(self):
        live = {}
        for k, t in self.inputs.items():
            if t.dtype == torch.float32:
                x = t.double()
                if k not in self.nograd:
                    x.requires_grad_(True)
                live[k] = x
            else:
                live[k] = t
        out = self.fn(**live)
        w = Draw(self.name + "/w").randn(list(out.shape))
        (out * w.double()).sum().backward()
        inputs = []
        for k, t in self.inputs.items():
            entry = {"name": k, "dtype": "int64" if t.dtype == torch.int64 else "float32", "shape": list(t.shape)}
            entry["values"] = t.reshape(-1).tolist() if t.dtype == torch.int64 else f32_values(t)
            inputs.append(entry)
        grads = {}
        for k, x in live.items():
            if x.dtype == torch.float64 and x.requires_grad:
                assert x.grad is not None, f"{self.name}: no gradient for {k}"
                grads[k] = array(x.grad, f64_values)
        return {
            "name": self.name,
            "op": self.op,
            "params": self.params,
            "inputs": inputs,
            "output": array(out, f64_values),
            "w": array(w, f32_values),
            "grads": grads,
        }


def write(file, cases, generator="src/test/python/make_golden.py"):
    """Writes the cases to OUT_DIR/file; generator names the script that made them, as the fixture records it."""
    os.makedirs(OUT_DIR, exist_ok=True)
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), f"{file}: duplicate case names"
    lines = [json.dumps(c.run(), separators=(",", ":")) for c in cases]
    path = os.path.relpath(os.path.join(OUT_DIR, file))
    with open(path, "w") as f:
        f.write('{"torch":%s,"generator":%s,"tolerance":"|myelin - torch| <= 1e-4 * max(1, |torch|)",\n'
                % (json.dumps(torch.__version__), json.dumps(generator)))
        f.write('"cases":[\n' + ",\n".join(lines) + "\n]}\n")
    print(f"{path}: {len(cases)} cases, {os.path.getsize(path)} bytes")


# ---- part 1: tensor ops ----

def arithmetic():
    cases = []
    binary = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div}
    for op, fn in binary.items():
        for i in range(3):
            name = f"{op}/{i}"
            d = Draw(name)
            sa, sb = broadcast_pair(d)
            b = d.away(sb, [0.0], 0.3) if op == "div" else d.randn(sb)
            cases.append(Case(name, op, {}, {"a": d.randn(sa), "b": b}, lambda a, b, fn=fn: fn(a, b)))
    scalar_ops = {"add_scalar": lambda x, s: x + s, "sub_scalar": lambda x, s: x - s,
                  "mul_scalar": lambda x, s: x * s, "div_scalar": lambda x, s: x / s}
    for (op, fn), s in zip(scalar_ops.items(), [-2.5, 0.75, 3.0, -0.375]):
        name = f"{op}/0"
        d = Draw(name)
        cases.append(Case(name, op, {"scalar": s}, {"x": d.randn(d.shape(d.randint(1, 3)))},
                          lambda x, fn=fn, s=s: fn(x, s)))
    unary = {
        "neg": (lambda d, s: d.randn(s), torch.neg),
        "exp": (lambda d, s: d.randn(s), torch.exp),
        "log": (lambda d, s: d.uniform(s, 0.1, 5.0), torch.log),
        "sqrt": (lambda d, s: d.uniform(s, 0.1, 5.0), torch.sqrt),
        "abs": (lambda d, s: d.away(s, [0.0]), torch.abs),
    }
    for op, (make, fn) in unary.items():
        for i in range(3):
            name = f"{op}/{i}"
            d = Draw(name)
            cases.append(Case(name, op, {}, {"x": make(d, d.shape(d.randint(0, 4)))}, lambda x, fn=fn: fn(x)))
    name = "abs/at_zero"
    d = Draw(name)
    cases.append(Case(name, "abs", {}, {"x": d.at_kinks([3, 4], [0.0])}, torch.abs))
    for i, p in enumerate([3.0, 2.5, -1.5, 0.5]):
        name = f"pow_scalar/{i}"
        d = Draw(name)
        # integer exponents accept any base; fractional ones need a positive base
        x = d.randn(d.shape(3)) if p == int(p) else d.uniform(d.shape(3), 0.2, 3.0)
        cases.append(Case(name, "pow_scalar", {"exponent": p}, {"x": x}, lambda x, p=p: torch.pow(x, p)))
    for i in range(3):
        name = f"pow/{i}"
        d = Draw(name)
        sa, sb = broadcast_pair(d)
        cases.append(Case(name, "pow", {}, {"a": d.uniform(sa, 0.2, 3.0), "b": d.randn(sb)},
                          lambda a, b: torch.pow(a, b)))
    for i, (lo, hi) in enumerate([(-0.5, 0.5), (-1.0, 2.0), (0.0, 0.3)]):
        name = f"clamp/{i}"
        d = Draw(name)
        x = d.away(d.shape(d.randint(1, 3)), [lo, hi])
        cases.append(Case(name, "clamp", {"min": lo, "max": hi}, {"x": x}, lambda x, lo=lo, hi=hi: torch.clamp(x, lo, hi)))
    name = "clamp/at_bounds"
    d = Draw(name)
    cases.append(Case(name, "clamp", {"min": -0.5, "max": 0.75}, {"x": d.at_kinks([3, 4], [-0.5, 0.75])},
                      lambda x: torch.clamp(x, -0.5, 0.75)))
    return cases


def selection():
    cases = []
    for i in range(3):
        name = f"where/{i}"
        d = Draw(name)
        sa, sb = broadcast_pair(d)
        out = list(torch.broadcast_shapes(sa, sb))
        cond = d.mask([n if d.randint(0, 2) else 1 for n in out][d.randint(0, 1):])
        cases.append(Case(name, "where", {}, {"cond": cond, "a": d.randn(sa), "b": d.randn(sb)},
                          lambda cond, a, b: torch.where(cond > 0, a, b), nograd=["cond"]))
    for i in range(3):
        name = f"masked_fill/{i}"
        d = Draw(name)
        s = d.shape(d.randint(1, 3))
        ms = list(s)
        ms[d.randint(0, len(s) - 1)] = 1  # the mask broadcasts along one dimension
        ms = ms[d.randint(0, 1):]
        value = d.choice([-3.0, 0.0, 1e4, -1e4])
        cases.append(Case(name, "masked_fill", {"value": value}, {"x": d.randn(s), "mask": d.mask(ms)},
                          lambda x, mask, value=value: x.masked_fill(mask > 0, value), nograd=["mask"]))
    return cases


def matmul():
    cases = []
    shapes = []
    for i in range(3):  # 2-D
        d = Draw(f"matmul/2d/{i}")
        m, k, n = d.randint(1, 7), d.randint(1, 9), d.randint(1, 7)
        shapes.append((f"matmul/2d/{i}", [m, k], [k, n]))
    for i in range(3):  # batched, with broadcast batch dimensions
        d = Draw(f"matmul/batched/{i}")
        m, k, n = d.randint(1, 5), d.randint(1, 6), d.randint(1, 5)
        batch_a = d.choice([[2], [3, 1], [1, 2], [2, 2]])
        batch_b = d.choice([[], [1], [batch_a[-1]], [2, batch_a[-1]]])
        shapes.append((f"matmul/batched/{i}", batch_a + [m, k], batch_b + [k, n]))
    for i in range(2):
        d = Draw(f"matmul/matvec/{i}")
        k = d.randint(1, 8)
        shapes.append((f"matmul/matvec/{i}", [[3], [2, 3]][i] + [k], [k]))
    for i in range(2):
        d = Draw(f"matmul/vecmat/{i}")
        k = d.randint(2, 8)
        shapes.append((f"matmul/vecmat/{i}", [k], [[], [2]][i] + [k, d.randint(1, 5)]))
    d = Draw("matmul/dot/0")
    k = d.randint(2, 9)
    shapes.append(("matmul/dot/0", [k], [k]))
    for name, sa, sb in shapes:
        d = Draw(name)
        cases.append(Case(name, "matmul", {}, {"a": d.randn(sa), "b": d.randn(sb)}, lambda a, b: a @ b))
    return cases


def reductions():
    cases = []
    for op, fn in {"sum": torch.sum, "mean": torch.mean}.items():
        for i in range(4):
            name = f"{op}/{i}"
            d = Draw(name)
            rank = d.randint(1, 4)
            s = d.shape(rank)
            dims = sorted(d.py.sample(range(rank), d.randint(1, rank)))
            dims = [k - rank if d.randint(0, 1) else k for k in dims]  # some negative
            keep = bool(i % 2)
            cases.append(Case(name, op, {"dims": dims, "keepdim": keep}, {"x": d.randn(s)},
                              lambda x, fn=fn, dims=dims, keep=keep: fn(x, dim=dims, keepdim=keep)))
        name = f"{op}/all"
        d = Draw(name)
        cases.append(Case(name, op, {"dims": [], "keepdim": False}, {"x": d.randn(d.shape(3))}, lambda x, fn=fn: fn(x)))
    for op in ["max", "min"]:
        for i in range(4):
            name = f"{op}/{i}"
            d = Draw(name)
            rank = [2, 1, 3, 2][i]
            dim = d.randint(-rank, rank - 1)
            keep = bool(i % 2)
            s = d.shape(rank, 2, 6)
            # distinct values: PyTorch and Myelin both send the gradient to one position, ties would make it ambiguous
            n = math.prod(s)
            x = (torch.randperm(n, generator=d.gen).double() / n * 4 - 2 + d.uniform([n], 0, 0.5 / n).double())
            x = x.float().reshape(s)
            fn = (lambda x, dim=dim, keep=keep, op=op: getattr(torch, op)(x, dim=dim, keepdim=keep).values)
            cases.append(Case(name, op, {"dim": dim, "keepdim": keep}, {"x": x}, fn))
    return cases


def views():
    cases = []
    for i in range(3):
        name = f"reshape/{i}"
        d = Draw(name)
        s = d.shape(3)
        n = math.prod(s)
        target = d.choice([[n], [-1, s[-1]], [s[0], -1], [1, n, 1]])
        cases.append(Case(name, "reshape", {"shape": target}, {"x": d.randn(s)}, lambda x, t=target: x.reshape(t)))
    name = "reshape/transposed"  # not viewable: Myelin copies
    d = Draw(name)
    s = d.shape(3, 2, 4)
    cases.append(Case(name, "permute_reshape", {"order": [2, 0, 1], "shape": [-1]}, {"x": d.randn(s)},
                      lambda x: x.permute(2, 0, 1).reshape(-1)))
    for i in range(3):
        name = f"transpose/{i}"
        d = Draw(name)
        rank = d.randint(2, 4)
        a, b = d.py.sample(range(-rank, rank), 2)
        if (a - b) % rank == 0:
            b = (a + 1) % rank
        cases.append(Case(name, "transpose", {"dim0": a, "dim1": b}, {"x": d.randn(d.shape(rank))},
                          lambda x, a=a, b=b: x.transpose(a, b)))
    for i in range(3):
        name = f"permute/{i}"
        d = Draw(name)
        rank = d.randint(2, 4)
        order = list(range(rank))
        d.py.shuffle(order)
        cases.append(Case(name, "permute", {"order": order}, {"x": d.randn(d.shape(rank))},
                          lambda x, o=order: x.permute(*o)))
    for i in range(5):
        name = f"slice/{i}"
        d = Draw(name)
        rank = d.randint(1, 3)
        s = d.shape(rank, 2, 7)
        dim = d.randint(-rank, rank - 1)
        n = s[dim]
        start = d.randint(-n, n - 1)
        end = d.randint(start + 1 if start >= 0 else start + n + 1, n + 2)  # may run past the end (clamped)
        step = [1, 2, 3, 2, 1][i]
        idx = [slice(None)] * rank
        idx[dim] = slice(start, end, step)
        cases.append(Case(name, "slice", {"dim": dim, "start": start, "end": end, "step": step}, {"x": d.randn(s)},
                          lambda x, idx=tuple(idx): x[idx]))
    for i in range(3):
        name = f"select/{i}"
        d = Draw(name)
        rank = d.randint(1, 3)
        s = d.shape(rank, 2, 5)
        dim = d.randint(-rank, rank - 1)
        index = d.randint(-s[dim], s[dim] - 1)
        cases.append(Case(name, "select", {"dim": dim, "index": index}, {"x": d.randn(s)},
                          lambda x, dim=dim, index=index: x.select(dim, index)))
    for i in range(2):
        name = f"unsqueeze/{i}"
        d = Draw(name)
        rank = d.randint(1, 3)
        dim = d.randint(-rank - 1, rank)
        cases.append(Case(name, "unsqueeze", {"dim": dim}, {"x": d.randn(d.shape(rank))},
                          lambda x, dim=dim: x.unsqueeze(dim)))
    name = "squeeze/0"
    d = Draw(name)
    cases.append(Case(name, "squeeze", {"dim": -2}, {"x": d.randn([3, 1, 4])}, lambda x: x.squeeze(-2)))
    for i in range(3):
        name = f"expand/{i}"
        d = Draw(name)
        rank = d.randint(2, 3)
        s = d.shape(rank, 2, 4)
        s[d.randint(0, rank - 1)] = 1
        target = [n if n != 1 else d.randint(2, 4) for n in s]
        if i > 0:  # -1 keeps a size
            target[[k for k, n in enumerate(s) if n != 1][0]] = -1
        target = [d.randint(2, 3)] * (i % 2) + target
        cases.append(Case(name, "expand", {"shape": target}, {"x": d.randn(s)}, lambda x, t=target: x.expand(*t)))
    return cases


def joining():
    cases = []
    for i in range(3):
        name = f"concat/{i}"
        d = Draw(name)
        rank = d.randint(1, 3)
        base = d.shape(rank)
        dim = d.randint(-rank, rank - 1)
        parts = {}
        for p in range(d.randint(2, 3)):
            s = list(base)
            s[dim] = d.randint(1, 4)
            parts[f"x{p}"] = d.randn(s)
        cases.append(Case(name, "concat", {"dim": dim}, parts, lambda dim=dim, **xs: torch.cat(list(xs.values()), dim)))
    for i in range(3):
        name = f"stack/{i}"
        d = Draw(name)
        rank = d.randint(1, 3)
        s = d.shape(rank)
        dim = d.randint(-rank - 1, rank)
        parts = {f"x{p}": d.randn(s) for p in range(d.randint(2, 3))}
        cases.append(Case(name, "stack", {"dim": dim}, parts, lambda dim=dim, **xs: torch.stack(list(xs.values()), dim)))
    return cases


def indexing():
    cases = []
    for i in range(3):
        name = f"index_select/{i}"
        d = Draw(name)
        rank = d.randint(1, 3)
        s = d.shape(rank, 2, 5)
        dim = d.randint(-rank, rank - 1)
        n = d.randint(2, 6)
        idx = d.index([n], s[dim])
        idx[0] = idx[-1]  # at least one repeat: the gradient must scatter-add
        cases.append(Case(name, "index_select", {"dim": dim}, {"x": d.randn(s), "index": idx},
                          lambda x, index, dim=dim: torch.index_select(x, dim, index)))
    for i in range(3):
        name = f"gather/{i}"
        d = Draw(name)
        rank = d.randint(1, 3)
        s = d.shape(rank, 2, 5)
        dim = d.randint(-rank, rank - 1)
        ishape = [d.randint(1, n) for n in s]
        ishape[dim] = d.randint(1, 6)
        idx = d.index(ishape, s[dim])
        cases.append(Case(name, "gather", {"dim": dim}, {"x": d.randn(s), "index": idx},
                          lambda x, index, dim=dim: torch.gather(x, dim, index)))
    return cases


# ---- part 2: nn.functional, losses, Linear ----

def activations():
    cases = []
    simple = {
        "sigmoid": (torch.sigmoid, [], 2.0),
        "tanh": (torch.tanh, [], 2.0),
        "relu": (F.relu, [0.0], 1.5),
        "gelu": (F.gelu, [], 2.0),
        "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), [], 2.0),
        "silu": (F.silu, [], 2.0),
    }
    for op, (fn, kinks, scale) in simple.items():
        for i in range(3):
            name = f"{op}/{i}"
            d = Draw(name)
            x = d.away(d.shape(d.randint(1, 4)), kinks, scale=scale)
            cases.append(Case(name, op, {}, {"x": x}, lambda x, fn=fn: fn(x)))
    at_kinks = {
        "relu": ({}, [0.0], F.relu),
        "leaky_relu": ({"slope": 0.2}, [0.0], lambda x: F.leaky_relu(x, 0.2)),
        "elu": ({"alpha": 0.5}, [0.0], lambda x: F.elu(x, 0.5)),
        "hardtanh": ({"min": -0.5, "max": 1.0}, [-0.5, 1.0], lambda x: F.hardtanh(x, -0.5, 1.0)),
    }
    for op, (params, kinks, fn) in at_kinks.items():
        name = f"{op}/at_kinks"
        d = Draw(name)
        cases.append(Case(name, op, params, {"x": d.at_kinks([3, 5], kinks)}, lambda x, fn=fn: fn(x)))
    name = "prelu/at_zero"
    d = Draw(name)
    cases.append(Case(name, "prelu", {}, {"x": d.at_kinks([4, 3], [0.0]), "weight": d.uniform([3], -0.5, 0.5)},
                      lambda x, weight: F.prelu(x, weight)))
    for i, slope in enumerate([0.01, 0.2, 1.5]):
        name = f"leaky_relu/{i}"
        d = Draw(name)
        cases.append(Case(name, "leaky_relu", {"slope": slope}, {"x": d.away(d.shape(d.randint(1, 3)), [0.0])},
                          lambda x, s=slope: F.leaky_relu(x, s)))
    for i in range(4):
        name = f"prelu/{i}"
        d = Draw(name)
        s = d.shape(d.randint(1, 4) if i < 2 else d.randint(2, 4))
        channels = 1 if i < 2 else s[1]  # PyTorch: the weight runs along dimension 1
        cases.append(Case(name, "prelu", {}, {"x": d.away(s, [0.0]), "weight": d.uniform([channels], -0.5, 0.5)},
                          lambda x, weight: F.prelu(x, weight)))
    for i, alpha in enumerate([1.0, 0.5, 2.0]):
        name = f"elu/{i}"
        d = Draw(name)
        cases.append(Case(name, "elu", {"alpha": alpha}, {"x": d.away(d.shape(d.randint(1, 3)), [0.0], scale=2.0)},
                          lambda x, a=alpha: F.elu(x, a)))
    for i, (beta, threshold) in enumerate([(1.0, 20.0), (2.0, 3.0), (0.5, 1.0)]):
        name = f"softplus/{i}"
        d = Draw(name)
        # values on both sides of the linear regime beta*x > threshold, none at its edge
        x = d.away(d.shape(d.randint(1, 3)), [threshold / beta], scale=2.5 * threshold / beta)
        cases.append(Case(name, "softplus", {"beta": beta, "threshold": threshold}, {"x": x},
                          lambda x, b=beta, t=threshold: F.softplus(x, b, t)))
    for i, (lo, hi) in enumerate([(-1.0, 1.0), (-0.5, 2.0), (0.0, 0.5)]):
        name = f"hardtanh/{i}"
        d = Draw(name)
        cases.append(Case(name, "hardtanh", {"min": lo, "max": hi}, {"x": d.away(d.shape(d.randint(1, 3)), [lo, hi])},
                          lambda x, lo=lo, hi=hi: F.hardtanh(x, lo, hi)))
    for op, fn in {"softmax": F.softmax, "log_softmax": F.log_softmax}.items():
        for i in range(4):
            name = f"{op}/{i}"
            d = Draw(name)
            rank = d.randint(1, 4)
            dim = d.randint(-rank, rank - 1)
            cases.append(Case(name, op, {"dim": dim}, {"x": d.randn(d.shape(rank), 3.0)},
                              lambda x, fn=fn, dim=dim: fn(x, dim)))
    # large inputs: exp would overflow float32 without the max-subtraction (softmax) or the stable forms
    large = {"softmax": (lambda x: F.softmax(x, -1), {"dim": -1}, 40.0),
             "log_softmax": (lambda x: F.log_softmax(x, 0), {"dim": 0}, 40.0),
             "sigmoid": (torch.sigmoid, {}, 30.0), "tanh": (torch.tanh, {}, 20.0), "silu": (F.silu, {}, 30.0),
             "softplus": (lambda x: F.softplus(x, 1.0, 20.0), {"beta": 1.0, "threshold": 20.0}, 40.0)}
    onednn = {
        "sigmoid": ({}, [], torch.sigmoid), "tanh": ({}, [], torch.tanh), "relu": ({}, [0.0], F.relu),
        "leaky_relu": ({"slope": 0.1}, [0.0], lambda x: F.leaky_relu(x, 0.1)),
        "elu": ({"alpha": 0.7}, [0.0], lambda x: F.elu(x, 0.7)),
        "gelu": ({}, [], F.gelu), "gelu_tanh": ({}, [], lambda x: F.gelu(x, approximate="tanh")),
        "softplus": ({"beta": 1.0, "threshold": 20.0}, [], lambda x: F.softplus(x, 1.0, 20.0)),
        "hardtanh": ({"min": -1.0, "max": 1.0}, [-1.0, 1.0], F.hardtanh),
        "silu": ({}, [], F.silu),
    }
    for op, (params, kinks, fn) in onednn.items():
        name = f"{op}/onednn"
        d = Draw(name)
        cases.append(Case(name, op, params, {"x": d.at_kinks(ONEDNN_SHAPE, kinks)}, lambda x, fn=fn: fn(x)))
    for op, (fn, params, scale) in large.items():
        name = f"{op}/large"
        d = Draw(name)
        x = d.away([4, 6], [20.0] if op == "softplus" else [], scale=scale)
        cases.append(Case(name, op, params, {"x": x}, lambda x, fn=fn: fn(x)))
    return cases


REDUCTIONS = ["mean", "sum", "none"]


def losses():
    cases = []

    # every float target is differentiated too, as PyTorch (and Myelin) do
    def per_reduction(op, params, make, fn, label=None):
        for r in REDUCTIONS:
            for i in range(2):
                name = f"{label or op}/{r}/{i}"
                d = Draw(name)
                p = dict(params, reduction=r)
                cases.append(Case(name, op, p, make(d), lambda r=r, **xs: fn(reduction=r, **xs)))

    def regression(d, kinks=(0.0,), margin=0.05):
        s = d.shape(d.randint(1, 3))
        target = d.randn(s)
        diff = d.away(s, list(kinks), margin)
        return {"input": (target.double() + diff.double()).float(), "target": target}

    per_reduction("mse", {}, regression, lambda input, target, reduction: F.mse_loss(input, target, reduction=reduction))
    per_reduction("l1", {}, regression, lambda input, target, reduction: F.l1_loss(input, target, reduction=reduction))
    name = "l1/at_zero"  # input == target in places: PyTorch's gradient there is sign(0) = 0
    d = Draw(name)
    target = d.randn([3, 4])
    x = (target.double() + d.at_kinks([3, 4], [0.0]).double()).float()
    x.view(-1)[:3] = target.view(-1)[:3]
    cases.append(Case(name, "l1", {"reduction": "sum"}, {"input": x, "target": target},
                      lambda input, target: F.l1_loss(input, target, reduction="sum")))
    for delta in [1.0, 0.5]:
        per_reduction("huber", {"delta": delta}, lambda d, delta=delta: regression(d, (0.0, delta, -delta), 0.1),
                      lambda input, target, reduction, delta=delta: F.huber_loss(input, target, reduction=reduction, delta=delta),
                      label=f"huber_{delta}")

    def probabilities(d):
        s = d.shape(d.randint(1, 3))
        return {"input": d.uniform(s, 0.05, 0.95), "target": d.uniform(s, 0.0, 1.0)}

    per_reduction("binary_cross_entropy", {}, probabilities,
                  lambda input, target, reduction: F.binary_cross_entropy(input, target, reduction=reduction))

    def logits_and_targets(d):
        s = d.shape(d.randint(1, 3))
        return {"input": d.randn(s, 3.0), "target": d.uniform(s, 0.0, 1.0)}

    per_reduction("binary_cross_entropy_with_logits", {}, logits_and_targets,
                  lambda input, target, reduction: F.binary_cross_entropy_with_logits(input, target, reduction=reduction))
    name = "binary_cross_entropy_with_logits/large"  # |x| up to ~100: only the stable form stays finite
    d = Draw(name)
    cases.append(Case(name, "binary_cross_entropy_with_logits", {"reduction": "sum"},
                      {"input": d.randn([4, 5], 40.0), "target": d.uniform([4, 5], 0.0, 1.0)},
                      lambda input, target: F.binary_cross_entropy_with_logits(input, target, reduction="sum")))

    def classes(d, log=False):
        n, c = d.randint(2, 8), d.randint(2, 7)
        x = d.randn([n, c], 2.0)
        if log:
            x = F.log_softmax(x.double(), 1).float()
        return {"input": x, "target": d.index([n], c)}

    per_reduction("nll_loss", {}, lambda d: classes(d, log=True),
                  lambda input, target, reduction: F.nll_loss(input, target, reduction=reduction))
    per_reduction("cross_entropy", {}, classes,
                  lambda input, target, reduction: F.cross_entropy(input, target, reduction=reduction))
    name = "cross_entropy/large"
    d = Draw(name)
    cases.append(Case(name, "cross_entropy", {"reduction": "none"},
                      {"input": d.randn([6, 5], 40.0), "target": d.index([6], 5)},
                      lambda input, target: F.cross_entropy(input, target, reduction="none")))
    per_reduction("cross_entropy_smooth", {"label_smoothing": 0.1}, classes,
                  lambda input, target, reduction: F.cross_entropy(input, target, reduction=reduction, label_smoothing=0.1))

    def soft_targets(d):
        n, c = d.randint(1, 8), d.randint(2, 7)
        return {"input": d.randn([n, c], 2.0), "target": F.softmax(d.randn([n, c], 2.0).double(), 1).float()}

    per_reduction("cross_entropy_soft", {}, soft_targets,
                  lambda input, target, reduction: F.cross_entropy(input, target, reduction=reduction))
    return cases


def linear():
    cases = []
    for i, (batch, bias) in enumerate([([4], True), ([1], True), ([2, 3], True), ([5], False), ([2, 2], False)]):
        name = f"linear/{i}"
        d = Draw(name)
        n_in, n_out = d.randint(1, 8), d.randint(1, 8)
        inputs = {"input": d.randn(batch + [n_in]), "weight": d.uniform([n_out, n_in], -0.5, 0.5)}
        if bias:
            inputs["bias"] = d.uniform([n_out], -0.5, 0.5)
        cases.append(Case(name, "linear", {"in": n_in, "out": n_out, "bias": bias}, inputs,
                          lambda input, weight, bias=None: F.linear(input, weight, bias)))
    return cases


def main():
    torch.use_deterministic_algorithms(True)
    write("tensor_ops.json", arithmetic() + selection() + matmul() + reductions())
    write("views_and_indexing.json", views() + joining() + indexing())
    write("activations.json", activations())
    write("losses.json", losses())
    write("linear.json", linear())


if __name__ == "__main__":
    main()
