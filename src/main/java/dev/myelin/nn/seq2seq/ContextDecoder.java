package dev.myelin.nn.seq2seq;

/**
 * The encoder-decoder of Cho et al. (2014): the context c_t is the encoder's final hidden state at
 * every step, so the whole source must pass through that one vector.
 */
public final class ContextDecoder extends Decoder {
    /** {@code hiddenSize} is the encoder's, which is also the context's size. */
    public ContextDecoder(int vocabulary, int embeddingDim, int hiddenSize, Recurrence.Kind kind, long seed) {
        super(vocabulary, embeddingDim, hiddenSize, hiddenSize, kind, seed);
    }

    @Override
    AdditiveAttention.Result context(State state) {
        return new AdditiveAttention.Result(state.encoder().finalState().h(), null);
    }
}
