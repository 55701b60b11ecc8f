package dev.myelin.nn.seq2seq;

import dev.myelin.tensor.Tensor;

/**
 * A decoder that attends over every encoder state (Bahdanau et al. 2015): the context c_t is the
 * {@link AdditiveAttention} of the previous decoder state s_{t-1} over the encoder states, padding
 * excluded. The encoder states' projection is computed once per sequence.
 */
public final class AttentionDecoder extends Decoder {
    private final AdditiveAttention attention;

    /** {@code hiddenSize} is the encoder's (the keys' size) and the decoder's; {@code attentionDim} is A. */
    public AttentionDecoder(int vocabulary, int embeddingDim, int hiddenSize, int attentionDim, Recurrence.Kind kind,
            long seed) {
        super(vocabulary, embeddingDim, hiddenSize, hiddenSize, kind, seed);
        this.attention = module("attention", new AdditiveAttention(hiddenSize, hiddenSize, attentionDim, seed ^ 0x5eedL));
    }

    @Override
    Tensor prepare(EncoderOutput encoder) {
        return attention.projectKeys(encoder.states());
    }

    @Override
    AdditiveAttention.Result context(State state) {
        EncoderOutput e = state.encoder();
        return attention.attend(state.rnn().h(), state.prepared(), e.states(), e.paddingMask());
    }

    public AdditiveAttention attention() {
        return attention;
    }
}
