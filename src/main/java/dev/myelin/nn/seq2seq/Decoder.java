package dev.myelin.nn.seq2seq;

import dev.myelin.nn.Embedding;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * A recurrent decoder that emits one token's scores per step, conditioned on the encoder through a
 * context vector c_t: with y the previous token and s the decoder state (starting from the
 * encoder's final state),
 * <pre>
 * s_t = cell([embed(y_{t-1}); c_t], s_{t-1})
 * logits_t = W_o [s_t; c_t] + b_o
 * </pre>
 * Subclasses say where c_t comes from: one fixed vector ({@link ContextDecoder}) or attention over
 * every encoder state ({@link AttentionDecoder}).
 */
public abstract class Decoder extends Module {
    /** The decoder's recurrent state, the encoder output it reads, and what it precomputed from it (or null). */
    public record State(RecurrentState rnn, EncoderOutput encoder, Tensor prepared) {}

    /** One step's scores {@code [N, V]}, the next state, and the attention weights {@code [N, S]} (null without attention). */
    public record Step(Tensor logits, State state, Tensor attention) {}

    private final int vocabulary;
    private final Embedding embedding;
    private final Recurrence recurrence;
    private final Linear output;

    Decoder(int vocabulary, int embeddingDim, int hiddenSize, int contextDim, Recurrence.Kind kind, long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        this.vocabulary = vocabulary;
        this.embedding = module("embedding", new Embedding(vocabulary, embeddingDim, -1, seeds.nextLong()));
        this.recurrence = module("rnn", new Recurrence(kind, embeddingDim + contextDim, hiddenSize, seeds.nextLong()));
        this.output = module("out", new Linear(hiddenSize + contextDim, vocabulary, true, seeds.nextLong()));
    }

    /** The context vector c_t {@code [N, C]} for the next step, and the attention weights behind it (or null). */
    abstract AdditiveAttention.Result context(State state);

    /** Whatever the context needs from the encoder output once per sequence; null by default. */
    Tensor prepare(EncoderOutput encoder) {
        return null;
    }

    /** The state before the first step: the encoder's final state, which must have this decoder's cell and size. */
    public State start(EncoderOutput encoder) {
        requireOpen();
        RecurrentState s = encoder.finalState();
        if (s.h().size(1) != recurrence.hiddenSize() || (s.c() != null) != (recurrence.kind() == Recurrence.Kind.LSTM)) {
            throw new IllegalArgumentException(label() + ": the encoder's final state (h " + Shapes.str(s.h().shape())
                    + (s.c() == null ? ", no cell state" : ", with a cell state") + ") cannot start a "
                    + recurrence.kind() + " decoder of hidden size " + recurrence.hiddenSize());
        }
        return new State(s, encoder, prepare(encoder));
    }

    /** One step from the previous tokens {@code [N]} (int32/int64 ids). */
    public Step step(Tensor previousTokens, State state) {
        requireOpen();
        int batch = state.rnn().h().size(0);
        if (previousTokens.dtype() == DType.FLOAT32 || previousTokens.dim() != 1 || previousTokens.size(0) != batch) {
            throw new IllegalArgumentException(label() + ": previous tokens " + Shapes.str(previousTokens.shape()) + " "
                    + previousTokens.dtype() + " must be " + batch + " token ids [" + batch + "] (int32 or int64)");
        }
        AdditiveAttention.Result c = context(state);
        RecurrentState next = recurrence.step(Ops.concat(1, embedding.forward(previousTokens), c.context()), state.rnn());
        Tensor logits = output.forward(Ops.concat(1, next.h(), c.context()));
        return new Step(logits, new State(next, state.encoder(), state.prepared()), c.weights());
    }

    /** Not a one-input layer: decoding goes {@link #start} then {@link #step} by step. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(label() + " decodes step by step: call start(encoderOutput), then step(...)");
    }

    public int vocabulary() {
        return vocabulary;
    }
}
