package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Tensor;

/**
 * Parametric ReLU: {@code x} for {@code x > 0}, else {@code a * x}, with the slope {@code a} learned.
 * One slope shared by all inputs ({@code numParameters = 1}) or one per channel (dimension 1 of the
 * input). Parameter {@code weight [numParameters]}, initially {@code init} (PyTorch: 0.25).
 */
public final class PReLU extends Activation {
    private final Tensor weight;

    public PReLU() {
        this(1, 0.25f);
    }

    public PReLU(int numParameters, float init) {
        if (numParameters <= 0) {
            throw new IllegalArgumentException("PReLU: num_parameters must be positive, got " + numParameters);
        }
        this.weight = Init.constant(param("weight", numParameters), init);
    }

    @Override
    protected Tensor apply(Tensor x) {
        return Activations.prelu(x, weight);
    }

    public Tensor weight() {
        return weight;
    }

    @Override
    protected String extraRepr() {
        return "num_parameters=" + weight.size(0);
    }
}
