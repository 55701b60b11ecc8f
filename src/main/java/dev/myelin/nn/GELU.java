package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/**
 * Gaussian error linear unit {@code x * Phi(x)}, with {@code Phi} the standard normal CDF; optionally
 * the tanh approximation {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
 */
public final class GELU extends Activation {
    private final boolean tanhApproximation;

    /** The exact form, with the error function. */
    public GELU() {
        this(false);
    }

    public GELU(boolean tanhApproximation) {
        this.tanhApproximation = tanhApproximation;
    }

    @Override
    protected Tensor apply(Tensor x) {
        return Activations.gelu(x, tanhApproximation);
    }

    @Override
    protected String extraRepr() {
        return tanhApproximation ? "approximate=tanh" : "";
    }
}
