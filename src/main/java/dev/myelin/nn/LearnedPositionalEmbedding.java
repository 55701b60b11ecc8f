package dev.myelin.nn;

import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Tensor;

/**
 * A learned vector per position, {@code weight [max_len, d_model]} drawn from N(0, 1) as
 * {@code torch.nn.Embedding}'s, added to the input (see {@link PositionalEncoding}).
 */
public final class LearnedPositionalEmbedding extends PositionalEncoding {
    private final Tensor weight;

    public LearnedPositionalEmbedding(int maxLen, int dModel, boolean batchFirst, long seed) {
        super(maxLen, dModel, batchFirst);
        weight = Init.normal(param("weight", maxLen, dModel), 0f, 1f, seed);
    }

    public Tensor weight() {
        return weight;
    }

    @Override
    protected Tensor table() {
        return weight;
    }
}
