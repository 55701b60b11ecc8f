package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/** The Heaviside step {@code x > 0 ? 1 : 0}, as in the perceptron. Not differentiable: its output requires no gradient. */
public final class Step extends Activation {
    @Override
    protected Tensor apply(Tensor x) {
        return Activations.step(x);
    }
}
