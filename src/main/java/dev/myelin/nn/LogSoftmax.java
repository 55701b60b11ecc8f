package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/** {@code x_i - log(sum_j exp(x_j))} along dimension {@code dim}. */
public final class LogSoftmax extends Activation {
    private final int dim;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor apply(Tensor x) {
        return Activations.logSoftmax(x, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
