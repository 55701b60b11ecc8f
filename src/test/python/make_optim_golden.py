#!/usr/bin/env python3
"""Golden fixtures for Myelin's optimizers and learning-rate schedules, from PyTorch.

Run from the repository root:

    /usr/bin/python3 src/test/python/make_optim_golden.py

It rewrites src/test/resources/golden/optim.json and optim_lr.json. Those files are committed, so
the Java tests (src/test/java/dev/myelin/optim) never need Python or PyTorch.

optim.json: each case gives an optimizer's hyper-parameters (PyTorch's names; `betas` split into
beta1/beta2), optional parameter groups, initial float32 parameters, and for every step a fixed
random float32 gradient per parameter (null: that parameter has no gradient this step, so PyTorch
skips it) and the parameters PyTorch holds after the step (float32).

NAdam: Debian's PyTorch 1.13 has the bug pytorch/pytorch#92699 in NAdam's running product of
momentum factors (it uses mu_product * mu * mu_next where the paper and PyTorch 2.0 use
mu_product * mu_next). Myelin follows the corrected rule, so the NAdam cases here are computed by
`nadam_step` below, a transcription of PyTorch 2.0's _single_tensor_nadam with the same float32
tensor ops. The script checks that this transcription, with the 1.13 line put back, reproduces
torch.optim.NAdam of 1.13 to float32 rounding, so the only difference is the fix.

optim_lr.json: learning rates PyTorch's schedulers set, epoch by epoch, on an SGD optimizer with
two parameter groups; for ReduceLROnPlateau also the metric fed at each epoch.

Deterministic: every case draws its values from a generator seeded with a hash of its name.
"""

import json
import math
import os
import zlib

import numpy as np
import torch
from torch.optim import lr_scheduler

OUT_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden"))
STEPS = 7
SHAPES = [[3, 4], [5], [2, 1, 2]]


def f32(t):
    """float32 values written shortest-exact: Java's Float.parseFloat gives back the same bits."""
    return [float(str(np.float32(v))) for v in t.detach().float().reshape(-1).numpy()]


def torch_kwargs(settings):
    kw = {k: v for k, v in settings.items() if k not in ("beta1", "beta2")}
    if "beta1" in settings:
        kw["betas"] = (settings["beta1"], settings["beta2"])
    return kw


def nadam_step(params, grads, state, lr, beta1, beta2, eps, weight_decay, momentum_decay, bug_1_13=False):
    """PyTorch 2.0's _single_tensor_nadam (the corrected rule); bug_1_13 puts 1.13's line back."""
    for i, param in enumerate(params):
        if grads[i] is None:
            continue
        grad = grads[i]
        s = state.setdefault(i, {"step": torch.tensor(0.), "mu_product": torch.tensor(1.),
                                 "exp_avg": torch.zeros_like(param), "exp_avg_sq": torch.zeros_like(param)})
        s["step"] += 1
        step = s["step"].item()
        bias_correction2 = 1 - beta2 ** step
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        mu = beta1 * (1. - 0.5 * (0.96 ** (step * momentum_decay)))
        mu_next = beta1 * (1. - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
        s["mu_product"] *= mu
        if bug_1_13:
            mu_product_next = (s["mu_product"] * mu * mu_next).item()
        else:
            mu_product_next = s["mu_product"].item() * mu_next
        s["exp_avg"].mul_(beta1).add_(grad, alpha=1 - beta1)
        s["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        denom = s["exp_avg_sq"].div(bias_correction2).sqrt().add_(eps)
        param.addcdiv_(grad, denom, value=-lr * (1. - mu) / (1. - s["mu_product"].item()))
        param.addcdiv_(s["exp_avg"], denom, value=-lr * mu_next / (1. - mu_product_next))


NADAM_DEFAULTS = dict(lr=2e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0, momentum_decay=4e-3)


class HandNAdam:
    """The corrected NAdam with torch.optim's interface (one group)."""

    def __init__(self, params, settings, bug_1_13=False):
        self.params = params
        self.h = dict(NADAM_DEFAULTS, **settings)
        self.state = {}
        self.bug = bug_1_13

    def step(self):
        nadam_step(self.params, [p.grad for p in self.params], self.state, bug_1_13=self.bug, **self.h)


OPTIMIZERS = {
    "Sgd": torch.optim.SGD, "Adagrad": torch.optim.Adagrad, "Adadelta": torch.optim.Adadelta,
    "RmsProp": torch.optim.RMSprop, "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW,
    "AdaMax": torch.optim.Adamax,
}


def make(optimizer, params, settings, groups):
    if optimizer == "NAdam":
        assert groups is None
        return HandNAdam(params, settings)
    if groups is None:
        return OPTIMIZERS[optimizer](params, **torch_kwargs(settings))
    torch_groups = [dict(params=[params[i] for i in g["params"]], **torch_kwargs(g["settings"])) for g in groups]
    return OPTIMIZERS[optimizer](torch_groups, **torch_kwargs(settings))


def run_case(name, optimizer, settings, groups=None, missing=(), make_optimizer=make):
    """`missing`: (step, param) pairs that get no gradient."""
    gen = torch.Generator().manual_seed(zlib.crc32(name.encode()))
    params = [torch.randn(s, generator=gen).float().requires_grad_(True) for s in SHAPES]
    init = [f32(p) for p in params]
    opt = make_optimizer(optimizer, params, settings, groups)
    steps = []
    for t in range(STEPS):
        scale = [1.0, 3.0, 0.2, 1.0, 0.05, 2.0, 1.0][t]  # varying magnitudes exercise amsgrad's max and AdaMax's u
        grads = []
        for i, p in enumerate(params):
            g = (torch.randn(p.shape, generator=gen) * scale).float()
            g = torch.tensor(f32(g), dtype=torch.float32).reshape(p.shape)
            if (t, i) in missing:
                p.grad = None
                grads.append(None)
            else:
                p.grad = g
                grads.append(f32(g))
        with torch.no_grad():
            opt.step()
        steps.append({"grads": grads, "after": [f32(p) for p in params]})
    case = {"name": name, "optimizer": optimizer, "settings": settings,
            "params": [{"shape": s, "init": v} for s, v in zip(SHAPES, init)], "steps": steps}
    if groups is not None:
        case["groups"] = groups
    return case


def check_nadam_transcription():
    """The hand-written NAdam with 1.13's line restored must match torch.optim.NAdam of 1.13."""
    for settings in ({"lr": 0.02}, {"lr": 0.05, "weight_decay": 0.1, "momentum_decay": 0.01}):
        a = run_case("nadam-check", "NAdam", settings,
                     make_optimizer=lambda o, p, s, g: HandNAdam(p, s, bug_1_13=True))
        b = run_case("nadam-check", "NAdam", settings,
                     make_optimizer=lambda o, p, s, g: torch.optim.NAdam(p, **torch_kwargs(s)))
        for sa, sb in zip(a["steps"], b["steps"]):
            for x, y in zip(sa["after"], sb["after"]):
                assert np.allclose(x, y, rtol=1e-6, atol=1e-7), "NAdam transcription differs from torch 1.13"


def optimizer_cases():
    two_groups = [{"settings": {"lr": 0.05, "weight_decay": 0.1}, "params": [0, 2]}, {"settings": {}, "params": [1]}]
    return [
        run_case("sgd", "Sgd", {"lr": 0.1}),
        run_case("sgd_momentum_dampening", "Sgd", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}),
        run_case("sgd_nesterov_weight_decay", "Sgd", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.01}),
        run_case("sgd_groups", "Sgd", {"lr": 0.01, "momentum": 0.5}, groups=two_groups),
        run_case("adagrad", "Adagrad", {"lr": 0.1}),
        run_case("adagrad_decay_init", "Adagrad", {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.01,
                                                   "initial_accumulator_value": 0.1, "eps": 1e-6}),
        run_case("adadelta", "Adadelta", {"lr": 1.0}),
        run_case("adadelta_rho_weight_decay", "Adadelta", {"lr": 0.5, "rho": 0.7, "eps": 1e-4, "weight_decay": 0.02}),
        run_case("rmsprop", "RmsProp", {"lr": 0.01}),
        run_case("rmsprop_centered_momentum", "RmsProp", {"lr": 0.01, "alpha": 0.9, "momentum": 0.9, "centered": True,
                                                          "weight_decay": 0.01}),
        run_case("rmsprop_momentum", "RmsProp", {"lr": 0.005, "momentum": 0.5, "eps": 1e-3}),
        run_case("adam", "Adam", {"lr": 0.01}),
        run_case("adam_amsgrad_weight_decay", "Adam", {"lr": 0.01, "beta1": 0.8, "beta2": 0.95, "amsgrad": True,
                                                       "weight_decay": 0.05}),
        run_case("adam_groups_missing_grads", "Adam", {"lr": 0.02}, groups=two_groups,
                 missing=((1, 1), (2, 1), (4, 0))),
        run_case("adamw", "AdamW", {"lr": 0.01}),
        run_case("adamw_amsgrad", "AdamW", {"lr": 0.02, "weight_decay": 0.1, "amsgrad": True, "eps": 1e-6}),
        run_case("adamax", "AdaMax", {"lr": 0.02}),
        run_case("adamax_weight_decay", "AdaMax", {"lr": 0.01, "beta1": 0.7, "beta2": 0.9, "weight_decay": 0.1}),
        run_case("nadam", "NAdam", {"lr": 0.1}),
        run_case("nadam_weight_decay_momentum_decay", "NAdam", {"lr": 0.2, "weight_decay": 0.1,
                                                                "momentum_decay": 0.01},
                 missing=((3, 2),)),
    ]


# ---- learning-rate schedules ----

BASE_LRS = [0.1, 0.02]


def sgd_two_groups():
    a = torch.zeros(1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    return torch.optim.SGD([{"params": [a], "lr": BASE_LRS[0]}, {"params": [b], "lr": BASE_LRS[1]}], lr=BASE_LRS[0])


def lrs(opt):
    return [g["lr"] for g in opt.param_groups]


def schedule_case(name, schedule, args, build, epochs):
    opt = sgd_two_groups()
    sched = build(opt)
    out = [lrs(opt)]
    for _ in range(epochs):
        opt.step()
        sched.step()
        out.append(lrs(opt))
    return {"name": name, "schedule": schedule, "args": args, "base_lrs": BASE_LRS, "lrs": out}


def plateau_case(name, args, metrics):
    opt = sgd_two_groups()
    kw = {k: v for k, v in args.items()}
    sched = lr_scheduler.ReduceLROnPlateau(opt, **kw)
    out = []
    for m in metrics:
        opt.step()
        sched.step(m)
        out.append(lrs(opt))
    return {"name": name, "schedule": "ReduceLROnPlateau", "args": args, "base_lrs": BASE_LRS,
            "metrics": metrics, "lrs": out}


def schedule_cases():
    gen = torch.Generator().manual_seed(7)
    noisy_min = [float(v) for v in (torch.linspace(1.0, 0.6, 30) + torch.rand(30, generator=gen) * 0.15)]
    noisy_max = [float(v) for v in (torch.linspace(0.5, 0.8, 30) + torch.rand(30, generator=gen) * 0.1)]
    return [
        schedule_case("step", "StepLR", {"step_size": 3, "gamma": 0.5},
                      lambda o: lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 12),
        schedule_case("multistep", "MultiStepLR", {"milestones": [2, 5, 9], "gamma": 0.1},
                      lambda o: lr_scheduler.MultiStepLR(o, milestones=[2, 5, 9], gamma=0.1), 12),
        schedule_case("exponential", "ExponentialLR", {"gamma": 0.9},
                      lambda o: lr_scheduler.ExponentialLR(o, gamma=0.9), 12),
        schedule_case("cosine", "CosineAnnealingLR", {"T_max": 10, "eta_min": 0.001},
                      lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.001), 25),
        schedule_case("warmup_constant", "LinearWarmup", {"warmup": 4, "start_factor": 0.25},
                      lambda o: lr_scheduler.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4), 8),
        schedule_case("warmup_cosine", "LinearWarmup", {"warmup": 5, "start_factor": 0.1, "T_max": 10, "eta_min": 0.0},
                      lambda o: lr_scheduler.SequentialLR(o, [
                          lr_scheduler.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=5),
                          lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.0)], milestones=[5]), 15),
        plateau_case("plateau_min_rel", {"mode": "min", "factor": 0.5, "patience": 2, "threshold": 0.01,
                                         "threshold_mode": "rel", "cooldown": 1, "min_lr": 0.004}, noisy_min),
        plateau_case("plateau_max_abs", {"mode": "max", "factor": 0.1, "patience": 1, "threshold": 0.02,
                                         "threshold_mode": "abs", "cooldown": 0, "min_lr": 0.0}, noisy_max),
    ]


def write(file, payload):
    path = os.path.join(OUT_DIR, file)
    cases = payload.pop("cases")
    head = json.dumps(payload)[:-1]
    lines = [json.dumps(c, separators=(",", ":")) for c in cases]
    with open(path, "w") as f:
        f.write(head + ', "cases": [\n' + ",\n".join(lines) + "\n]}\n")
    print("wrote", path, len(cases), "cases")


def main():
    torch.set_num_threads(1)
    check_nadam_transcription()
    write("optim.json", {
        "torch": torch.__version__,
        "note": "NAdam cases follow PyTorch 2.0's corrected rule (pytorch/pytorch#92699), computed by hand; "
                "see src/test/python/make_optim_golden.py",
        "cases": optimizer_cases()})
    write("optim_lr.json", {"torch": torch.__version__, "cases": schedule_cases()})


if __name__ == "__main__":
    main()
