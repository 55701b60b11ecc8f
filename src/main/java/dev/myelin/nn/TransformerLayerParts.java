package dev.myelin.nn;

import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/** What encoder and decoder layers share: module factories, the feed-forward block and the residual sub-block wiring. */
final class TransformerLayerParts {
    private TransformerLayerParts() {}

    static MultiheadAttention attention(TransformerSettings s, SplittableRandom seeds) {
        return new MultiheadAttention(s.dModel(), s.nhead(), s.dropout(), true, s.dModel(), s.dModel(), s.batchFirst(),
                seeds.nextLong());
    }

    static LayerNorm norm(TransformerSettings s) {
        return new LayerNorm(new int[] {s.dModel()}, s.layerNormEps(), true);
    }

    static Dropout dropout(TransformerSettings s, SplittableRandom seeds) {
        return new Dropout(s.dropout(), seeds.nextLong());
    }

    /**
     * One residual sub-block: post-norm {@code norm(x + dropout(f(x)))}, or pre-norm
     * {@code x + dropout(f(norm(x)))}.
     */
    static Tensor residual(boolean normFirst, Tensor x, LayerNorm norm, Dropout dropout, UnaryOperator<Tensor> f) {
        return normFirst ? x.add(dropout.forward(f.apply(norm.forward(x)))) : norm.forward(x.add(dropout.forward(f.apply(x))));
    }

    /** The position-wise feed-forward block of a layer, its modules under PyTorch's names linear1, dropout, linear2. */
    record FeedForward(TransformerSettings settings, Linear linear1, Dropout dropout, Linear linear2) {
        /** Builds the block's modules and registers them on {@code layer}, in PyTorch's order. */
        static FeedForward register(Module layer, TransformerSettings s, SplittableRandom seeds) {
            Linear linear1 = layer.module("linear1", new Linear(s.dModel(), s.dimFeedforward(), true, seeds.nextLong()));
            Dropout dropout = layer.module("dropout", TransformerLayerParts.dropout(s, seeds));
            Linear linear2 = layer.module("linear2", new Linear(s.dimFeedforward(), s.dModel(), true, seeds.nextLong()));
            return new FeedForward(s, linear1, dropout, linear2);
        }

        /**
         * linear2(dropout(activation(linear1(x)))), on x's positions as the rows of one matrix, so each
         * weight gradient is one GEMM rather than a batch of them summed afterwards.
         */
        Tensor apply(Tensor x) {
            Tensor rows = x.reshape(-1, settings.dModel());
            return linear2.forward(dropout.forward(settings.activation().apply(linear1.forward(rows)))).view(x.shape());
        }
    }
}
