package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/** {@code x} for {@code x > 0}, else {@code slope * x} (PyTorch default slope 0.01). */
public final class LeakyReLU extends Activation {
    private final float slope;

    public LeakyReLU() {
        this(0.01f);
    }

    public LeakyReLU(float slope) {
        this.slope = slope;
    }

    @Override
    protected Tensor apply(Tensor x) {
        return Activations.leakyRelu(x, slope);
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + slope;
    }
}
