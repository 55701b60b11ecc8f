package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/**
 * What {@link RNN} and {@link GRU} return: every step's output {@code [T, N, D * H]} ({@code [N, T, D * H]}
 * when batch-first) and the final hidden state of each layer and direction {@code [L * D, N, H]}.
 */
public record RnnOutput(Tensor output, Tensor hN) {}
