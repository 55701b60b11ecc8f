package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/** Sigmoid-weighted linear unit (swish): {@code x * sigmoid(x)}. */
public final class SiLU extends Activation {
    @Override
    protected Tensor apply(Tensor x) {
        return Activations.silu(x);
    }
}
