package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/** {@code (1 / beta) * log(1 + exp(beta * x))}, and {@code x} itself where {@code beta * x > threshold} (for stability). */
public final class Softplus extends Activation {
    private final float beta;
    private final float threshold;

    public Softplus() {
        this(1f, 20f);
    }

    public Softplus(float beta, float threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    protected Tensor apply(Tensor x) {
        return Activations.softplus(x, beta, threshold);
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta + ", threshold=" + threshold;
    }
}
