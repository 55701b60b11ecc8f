package dev.myelin.nn;

import dev.myelin.nn.functional.Normalization;
import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Tensor;

/**
 * Layer normalisation over the trailing dims {@code normalizedShape}, as {@code torch.nn.LayerNorm}:
 * {@code y = (x - mean) / sqrt(var + eps) * weight + bias}, statistics per sample, with per-element
 * weight (ones) and bias (zeros) of {@code normalizedShape} when elementwise affine.
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final float eps;
    private final Tensor weight;
    private final Tensor bias;

    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5f, true);
    }

    public LayerNorm(int[] normalizedShape, float eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0 || java.util.Arrays.stream(normalizedShape).anyMatch(d -> d <= 0) || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: need a non-empty positive normalized_shape and eps > 0, got "
                    + java.util.Arrays.toString(normalizedShape) + ", eps " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? Init.constant(param("weight", normalizedShape), 1f) : null;
        this.bias = elementwiseAffine ? param("bias", normalizedShape) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        requireOpen();
        return Normalization.layerNorm(label(), x, normalizedShape, weight, bias, eps);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }
}
