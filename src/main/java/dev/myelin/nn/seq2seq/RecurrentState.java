package dev.myelin.nn.seq2seq;

import dev.myelin.tensor.Tensor;

/** The state a {@link Recurrence} carries from step to step: h {@code [N, H]}, and c {@code [N, H]} for an LSTM (else null). */
public record RecurrentState(Tensor h, Tensor c) {}
