package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/**
 * Base of the activation modules: each wraps one function of {@code dev.myelin.nn.functional.Activations},
 * and bad input is reported with this module's path in front of the function's own message.
 */
public abstract class Activation extends Module {
    /** The activation function itself. */
    protected abstract Tensor apply(Tensor x);

    @Override
    public final Tensor forward(Tensor x) {
        requireOpen();
        try {
            return apply(x);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label() + ": " + e.getMessage(), e);
        }
    }
}
