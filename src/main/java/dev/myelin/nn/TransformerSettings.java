package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/**
 * The settings of a Transformer encoder or decoder layer, with PyTorch's defaults
 * ({@link #of(int, int)}): feed-forward 2048, dropout 0.1, ReLU, layer-norm eps 1e-5,
 * sequence-first, post-norm. {@code normFirst} puts the layer norm before each sub-block (pre-norm).
 */
public record TransformerSettings(int dModel, int nhead, int dimFeedforward, float dropout, FeedForwardActivation activation,
                                  float layerNormEps, boolean batchFirst, boolean normFirst) {
    /** The feed-forward block's non-linearity. */
    public enum FeedForwardActivation {
        RELU, GELU;

        Tensor apply(Tensor x) {
            return this == RELU ? Activations.relu(x) : Activations.gelu(x);
        }
    }

    public TransformerSettings {
        if (dModel <= 0 || nhead <= 0 || dimFeedforward <= 0) {
            throw new IllegalArgumentException("Transformer: d_model, nhead and dim_feedforward must be positive, got "
                    + dModel + ", " + nhead + ", " + dimFeedforward);
        }
        if (dModel % nhead != 0) {
            throw new IllegalArgumentException("Transformer: d_model " + dModel + " is not divisible by nhead " + nhead);
        }
        if (!(dropout >= 0 && dropout < 1) || !(layerNormEps > 0)) {
            throw new IllegalArgumentException("Transformer: need dropout in [0, 1) and layer_norm_eps > 0, got " + dropout
                    + ", " + layerNormEps);
        }
        if (activation == null) {
            throw new IllegalArgumentException("Transformer: activation must be RELU or GELU, got null");
        }
    }

    public static TransformerSettings of(int dModel, int nhead) {
        return new TransformerSettings(dModel, nhead, 2048, 0.1f, FeedForwardActivation.RELU, 1e-5f, false, false);
    }

    public TransformerSettings dimFeedforward(int n) {
        return new TransformerSettings(dModel, nhead, n, dropout, activation, layerNormEps, batchFirst, normFirst);
    }

    public TransformerSettings dropout(float p) {
        return new TransformerSettings(dModel, nhead, dimFeedforward, p, activation, layerNormEps, batchFirst, normFirst);
    }

    public TransformerSettings activation(FeedForwardActivation a) {
        return new TransformerSettings(dModel, nhead, dimFeedforward, dropout, a, layerNormEps, batchFirst, normFirst);
    }

    public TransformerSettings layerNormEps(float eps) {
        return new TransformerSettings(dModel, nhead, dimFeedforward, dropout, activation, eps, batchFirst, normFirst);
    }

    public TransformerSettings batchFirst(boolean on) {
        return new TransformerSettings(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, on, normFirst);
    }

    public TransformerSettings normFirst(boolean on) {
        return new TransformerSettings(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, on);
    }
}
