package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/** {@code exp(x_i) / sum_j exp(x_j)} along dimension {@code dim}. */
public final class Softmax extends Activation {
    private final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor apply(Tensor x) {
        return Activations.softmax(x, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
