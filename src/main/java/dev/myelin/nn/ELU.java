package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/** {@code x} for {@code x > 0}, else {@code alpha * (exp(x) - 1)}. */
public final class ELU extends Activation {
    private final float alpha;

    public ELU() {
        this(1f);
    }

    public ELU(float alpha) {
        this.alpha = alpha;
    }

    @Override
    protected Tensor apply(Tensor x) {
        return Activations.elu(x, alpha);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha;
    }
}
