package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/** The hyperbolic tangent. */
public final class Tanh extends Activation {
    @Override
    protected Tensor apply(Tensor x) {
        return Activations.tanh(x);
    }
}
