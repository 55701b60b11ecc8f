#!/usr/bin/python3
"""The WORKLOADS.md workloads in PyTorch, for comparison with Myelin's JMH figures.

Run: /usr/bin/python3 src/jmh/python/pytorch_workloads.py [W1,W2,W3,W4,W5,W6,W7,W8] (`make bench-pytorch`; ids with
an underscore, like W1_SGD, are variants that run only when named)
Debian's python3-torch uses the system BLAS: install libopenblas0-openmp (or -pthread) first,
otherwise PyTorch falls back to the reference BLAS and every figure is meaningless.
Prints one line per workload in the format of `make bench`: `W6 median=<value> unit=us`.
"""
import statistics
import sys
import time

import torch

torch.set_num_threads(2)
torch.manual_seed(0)


def median_time(fn, warmup, reps, inner=1):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - t0) / inner)
    return statistics.median(samples)


def mlp():
    return torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 10))


def w1(optimizer="adam"):
    model = mlp()
    opt = (torch.optim.Adam(model.parameters(), lr=1e-3) if optimizer == "adam"
           else torch.optim.SGD(model.parameters(), lr=0.01))
    x = torch.randn(128, 784)
    y = torch.randint(0, 10, (128,))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return median_time(step, 50, 30, 10) * 1e3, "ms"


def w2():
    """The LeNet-style CNN of WORKLOADS.md W2: batch 64, SGD momentum 0.9 lr 0.01."""
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
        nn.Dropout(0.5), nn.Linear(128, 10)).train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(64, 1, 28, 28)
    y = torch.randint(0, 10, (64,))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return median_time(step, 10, 15, 3) * 1e3, "ms"


def w5():
    """The Transformer encoder classifier of WORKLOADS.md W5: batch 16, sequence 64, d_model 256, 4 heads,
    feed-forward 1024, 2 post-norm layers, dropout 0.1, sinusoidal positions; AdamW lr 1e-3 wd 0.01."""
    nn = torch.nn
    n, length, d = 16, 64, 256
    position = torch.arange(length).unsqueeze(1)
    angle = position / torch.pow(10000.0, torch.arange(0, d, 2) / d)
    pe = torch.zeros(length, d)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)
    encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(d, 4, 1024, 0.1, batch_first=True), 2).train()
    head = nn.Linear(d, 10)
    params = list(encoder.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.01)
    x = torch.randn(n, length, d)
    y = torch.randint(0, 10, (n,))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(head(encoder(x + pe).mean(dim=1)), y)
        loss.backward()
        opt.step()
    return median_time(step, 5, 15, 2) * 1e3, "ms"


def recurrent(cell):
    """WORKLOADS.md W3 (LSTM) and W4 (GRU): batch 32, 32 steps of 64 features, hidden 256, last hidden
    state -> linear 256 -> 10, cross-entropy, Adam lr 1e-3."""
    rnn = cell(64, 256)
    head = torch.nn.Linear(256, 10)
    opt = torch.optim.Adam(list(rnn.parameters()) + list(head.parameters()), lr=1e-3)
    x = torch.randn(32, 32, 64)  # [T, N, features]
    y = torch.randint(0, 10, (32,))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        out, _ = rnn(x)
        loss = loss_fn(head(out[-1]), y)
        loss.backward()
        opt.step()
    return median_time(step, 10, 15, 3) * 1e3, "ms"


def w6():
    model = mlp().eval()
    x = torch.randn(1, 784)

    def infer():
        with torch.no_grad():
            model(x)
    return median_time(infer, 2000, 30, 1000) * 1e6, "us"


def w7():
    a = torch.randn(1024, 1024)
    b = torch.randn(1024, 1024)
    t = median_time(lambda: torch.mm(a, b), 5, 15)
    return 2 * 1024 ** 3 / t / 1e9, "gflops"


def w8():
    a = torch.randn(32, 32)
    b = torch.randn(32, 32)
    t = median_time(lambda: torch.mm(a, b), 1000, 15, 10000)
    return 1 / t, "calls_per_s"


WORKLOADS = {"W1": w1, "W1_SGD": lambda: w1("sgd"), "W2": w2, "W3": lambda: recurrent(torch.nn.LSTM),
             "W4": lambda: recurrent(torch.nn.GRU), "W5": w5, "W6": w6, "W7": w7, "W8": w8}

if __name__ == "__main__":
    wanted = sys.argv[1].split(",") if len(sys.argv) > 1 and sys.argv[1] else [w for w in WORKLOADS if "_" not in w]
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, {torch.__config__.show().count('BLAS')} BLAS lines",
          file=sys.stderr)
    for w in wanted:
        if w not in WORKLOADS:
            print(f"pytorch_workloads: no PyTorch version of {w} here (known: {','.join(WORKLOADS)})", file=sys.stderr)
            continue
        value, unit = WORKLOADS[w]()
        print(f"{w} median={value:.4g} unit={unit}", flush=True)
