package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/** {@code max(0, x)}. */
public final class ReLU extends Activation {
    @Override
    protected Tensor apply(Tensor x) {
        return Activations.relu(x);
    }
}
