package dev.myelin.nn.functional;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/** How a loss combines its per-element values, as PyTorch's {@code reduction} argument. */
public enum Reduction {
    /** The average over all elements (a 0-d tensor): the default. */
    MEAN,
    /** The sum over all elements (a 0-d tensor). */
    SUM,
    /** No reduction: one loss value per element (per sample for class losses). */
    NONE;

    /** The gradient of the loss with respect to one per-element value, by element index. */
    @FunctionalInterface
    interface Upstream {
        float at(long i);
    }

    /** The loss from its per-element values (a contiguous tensor); sums are taken in double. */
    Tensor reduce(Tensor perElement) {
        if (this == NONE) {
            return perElement;
        }
        MemorySegment v = perElement.data();
        long n = perElement.numel();
        double sum = 0;
        for (long i = 0; i < n; i++) {
            sum += v.getAtIndex(JAVA_FLOAT, i);
        }
        return Tensor.full((float) (this == MEAN ? sum / n : sum));
    }

    /** Spreads the gradient {@code g} of the reduced loss over {@code count} per-element values. */
    Upstream upstream(Tensor g, long count) {
        if (this == NONE) {
            MemorySegment s = g.detach().contiguous().data();
            return i -> s.getAtIndex(JAVA_FLOAT, i);
        }
        float each = this == MEAN ? (float) (g.item() / (double) count) : g.item();
        return i -> each;
    }
}
