#!/usr/bin/python3
"""Myelin next to PyTorch per workload, from two files of result lines `W1 median=2.345 unit=ms`
(`make bench` writes target/bench/myelin.txt, `make bench-pytorch` target/bench/pytorch.txt).

Usage: bench_ratio.py MYELIN_FILE PYTORCH_FILE

Prints a table: workload, unit, both medians, and time ratio = Myelin time / PyTorch time, so below 1
means Myelin is faster whatever the unit (for GFLOP/s and calls per second, figures where higher is
better, the ratio of the figures is inverted). Workloads in only one file are listed without a ratio.
"""
import sys

HIGHER_IS_BETTER = {"gflops", "calls_per_s"}


def read(path):
    results = {}
    with open(path) as f:
        for line in f:
            fields = dict(part.split("=", 1) for part in line.split()[1:] if "=" in part)
            if line.strip() and not line.startswith("#") and "median" in fields:
                results[line.split()[0]] = (float(fields["median"]), fields.get("unit", "?"))
    return results


def main(myelin_path, pytorch_path):
    myelin, pytorch = read(myelin_path), read(pytorch_path)
    print(f"{'workload':<10} {'unit':<12} {'myelin':>12} {'pytorch':>12} {'time ratio':>11}")
    for w in sorted(set(myelin) | set(pytorch), key=lambda k: (len(k.split("_")[0]), k)):
        m, p = myelin.get(w), pytorch.get(w)
        unit = (m or p)[1]
        if m and p and m[1] != p[1]:
            sys.exit(f"bench_ratio: {w} is in {m[1]} in {myelin_path} but in {p[1]} in {pytorch_path}")
        ratio = "-"
        if m and p:
            r = p[0] / m[0] if unit in HIGHER_IS_BETTER else m[0] / p[0]
            ratio = f"{r:.3f}"
        fmt = lambda x: "-" if not x else f"{x[0]:.4g}" if x[0] < 1e4 else f"{x[0]:.0f}"
        print(f"{w:<10} {unit:<12} {fmt(m):>12} {fmt(p):>12} {ratio:>11}")
    print("time ratio = Myelin time / PyTorch time (below 1: Myelin is faster)")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
