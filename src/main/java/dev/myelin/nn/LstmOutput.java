package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/** What {@link LSTM} returns: as {@link RnnOutput}, plus the final cell states {@code [L * D, N, H]}. */
public record LstmOutput(Tensor output, Tensor hN, Tensor cN) {}
