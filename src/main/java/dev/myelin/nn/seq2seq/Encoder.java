package dev.myelin.nn.seq2seq;

import dev.myelin.nn.Embedding;
import dev.myelin.nn.Module;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Reads a source sequence: token embeddings fed through an LSTM or GRU cell, one position at a time.
 * Sources are token ids {@code [N, S]} (int32/int64), right-padded where a padding mask {@code [N, S]}
 * (1 at padding) says so; at padded positions the state is carried over unchanged, so the final
 * state is the one after each row's last real token.
 */
public final class Encoder extends Module {
    private final Embedding embedding;
    private final Recurrence recurrence;

    public Encoder(int vocabulary, int embeddingDim, int hiddenSize, Recurrence.Kind kind, long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        this.embedding = module("embedding", new Embedding(vocabulary, embeddingDim, -1, seeds.nextLong()));
        this.recurrence = module("rnn", new Recurrence(kind, embeddingDim, hiddenSize, seeds.nextLong()));
    }

    /** Every position's hidden state {@code [N, S, H]}, without padding. */
    @Override
    public Tensor forward(Tensor source) {
        return encode(source, null).states();
    }

    public EncoderOutput encode(Tensor source, Tensor paddingMask) {
        requireOpen();
        int[] s = source.shape();
        if (source.dtype() == DType.FLOAT32 || s.length != 2 || s[1] == 0) {
            throw new IllegalArgumentException(label() + ": source " + Shapes.str(s) + " " + source.dtype()
                    + " must be a non-empty batch of token ids [batch, length] (int32 or int64)");
        }
        if (paddingMask != null && !java.util.Arrays.equals(paddingMask.shape(), s)) {
            throw new IllegalArgumentException(label() + ": padding mask " + Shapes.str(paddingMask.shape())
                    + " does not match source " + Shapes.str(s));
        }
        if (paddingMask != null) {
            float[] firstColumn = paddingMask.select(1, 0).toFloatArray();
            for (int r = 0; r < firstColumn.length; r++) {
                if (firstColumn[r] != 0) {
                    throw new IllegalArgumentException(label() + ": row " + r + " of the padding mask starts with padding; "
                            + "every source needs at least one token, padded on the right");
                }
            }
        }
        Tensor embedded = embedding.forward(source.t()); // [S, N, E]: one look-up, and each step's rows are contiguous
        Tensor[] states = new Tensor[s[1]];
        RecurrentState state = null;
        for (int t = 0; t < s[1]; t++) {
            RecurrentState next = recurrence.step(embedded.select(0, t), state);
            state = paddingMask == null || state == null ? next
                    : Recurrence.where(paddingMask.select(1, t).unsqueeze(1), state, next);
            states[t] = state.h();
        }
        return new EncoderOutput(Ops.stack(1, states), state, paddingMask);
    }

    public int hiddenSize() {
        return recurrence.hiddenSize();
    }

    public Recurrence.Kind kind() {
        return recurrence.kind();
    }
}
