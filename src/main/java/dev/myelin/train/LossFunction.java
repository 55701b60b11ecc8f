package dev.myelin.train;

import dev.myelin.tensor.Tensor;

/**
 * The training objective: a scalar loss (mean over the batch) from the model's outputs and the
 * batch's targets (int class labels or float targets), e.g. {@code Losses::crossEntropy}.
 */
@FunctionalInterface
public interface LossFunction {
    Tensor apply(Tensor output, Tensor target);
}
