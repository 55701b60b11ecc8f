package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/** {@code 1 / (1 + exp(-x))}. */
public final class Sigmoid extends Activation {
    @Override
    protected Tensor apply(Tensor x) {
        return Activations.sigmoid(x);
    }
}
