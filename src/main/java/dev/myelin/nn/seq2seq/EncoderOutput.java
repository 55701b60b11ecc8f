package dev.myelin.nn.seq2seq;

import dev.myelin.tensor.Tensor;

/**
 * What an {@link Encoder} hands the decoder: every position's hidden state {@code [N, S, H]}, the
 * state after each row's last real token, and the padding mask {@code [N, S]} (1 at padding) or null.
 */
public record EncoderOutput(Tensor states, RecurrentState finalState, Tensor paddingMask) {}
