package dev.myelin.nn;

import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/** What encoder and decoder layers share: module factories and the residual sub-block wiring. */
final class TransformerLayerParts {
    private TransformerLayerParts() {}

    static MultiheadAttention attention(TransformerSettings s, SplittableRandom seeds) {
        return new MultiheadAttention(s.dModel(), s.nhead(), s.dropout(), true, s.dModel(), s.dModel(), s.batchFirst(),
                seeds.nextLong());
    }

    static LayerNorm norm(TransformerSettings s) {
        return new LayerNorm(new int[] {s.dModel()}, s.layerNormEps(), true);
    }

    /**
     * One residual sub-block: post-norm {@code norm(x + dropout(f(x)))}, or pre-norm
     * {@code x + dropout(f(norm(x)))}.
     */
    static Tensor residual(boolean normFirst, Tensor x, LayerNorm norm, Dropout dropout, UnaryOperator<Tensor> f) {
        return normFirst ? x.add(dropout.forward(f.apply(norm.forward(x)))) : norm.forward(x.add(dropout.forward(f.apply(x))));
    }

    /**
     * linear2(dropout(activation(linear1(x)))), on x's positions as the rows of one matrix, so each
     * weight gradient is one GEMM rather than a batch of them summed afterwards.
     */
    static Tensor feedForward(TransformerSettings s, Linear linear1, Dropout dropout, Linear linear2, Tensor x) {
        Tensor rows = x.reshape(-1, s.dModel());
        return linear2.forward(dropout.forward(s.activation().apply(linear1.forward(rows)))).view(x.shape());
    }
}
