#!/usr/bin/env python3
"""The on-paper scaling model of src/SourceAD.Distributed/README.md for data-parallel training on 8-64 nodes.

Per step and node: compute t_c = B * F / R (B samples per node, F training FLOP per sample, R the node's sustained
FLOP/s), of which the reverse sweep is t_b = 2/3 t_c; ring all-reduce t_ar = 2(N-1)/N * bytes / bw + 2(N-1) * alpha.
Without overlap a step takes t_c + t_ar; with the all-reduce hidden behind the reverse sweep, t_c + max(0, t_ar - t_b).
The batch per node at which it hides is B* = t_ar / (2/3 * F / R).

Usage: scaling_model.py R_GFLOPS   (R measured on this machine: LeNet-5 images/s * F_lenet, see README)
"""
import sys

R = float(sys.argv[1]) * 1e9 if len(sys.argv) > 1 else 20e9

def lenet():
    macs = 28 * 28 * 6 * 25 + 10 * 10 * 16 * 150 + 400 * 120 + 120 * 84 + 84 * 10
    params = 6 * 25 + 6 + 16 * 150 + 16 + 400 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10
    return "LeNet-5", params, 3 * 2 * macs, "image"

def mlp():
    params = 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10
    return "MLP 784-512-512-10", params, 3 * 2 * (784 * 512 + 512 * 512 + 512 * 10), "image"

def gpt(layers=4, d=128, T=64, vocab=65):
    blocks = layers * (12 * d * d + 13 * d)
    params = blocks + vocab * d + T * d + 2 * d
    # nanoGPT's estimate per token, forward and backward: 6 N (non-embedding) + 12 L T d (attention).
    per_token = 6 * blocks + 12 * layers * T * d
    return f"GPT {layers}x d={d} T={T}", params, per_token * T, "sequence"

LINKS = [("10 Gb/s", 10e9 / 8, 25e-6), ("100 Gb/s", 100e9 / 8, 2e-6)]
BATCH = {"LeNet-5": 64, "MLP 784-512-512-10": 64, "GPT 4x d=128 T=64": 16}

print(f"node rate R = {R / 1e9:.1f} GFLOP/s; float32 gradients")
print("| model | params | bytes | FLOP/sample | link | N | t_ar (ms) | t_c at B (ms) | eff. no overlap | eff. overlap | B* per node |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for name, params, flop, unit in (lenet(), mlp(), gpt()):
    nbytes = 4 * params
    B = BATCH[name]
    for link, bw, alpha in LINKS:
        for N in (8, 16, 32, 64):
            t_ar = 2 * (N - 1) / N * nbytes / bw + 2 * (N - 1) * alpha
            t_c = B * flop / R
            t_b = 2 / 3 * t_c
            eff = t_c / (t_c + t_ar)
            eff_overlap = t_c / (t_c + max(0.0, t_ar - t_b))
            b_star = t_ar / (2 / 3 * flop / R)
            print(f"| {name} | {params:,} | {nbytes / 1e6:.2f} MB | {flop / 1e6:.1f} M/{unit} | {link} | {N} | {t_ar * 1e3:.2f} | "
                  f"{t_c * 1e3:.2f} (B={B}) | {eff:.0%} | {eff_overlap:.0%} | {'<1' if b_star < 1 else f'{b_star:,.0f}'} |")
