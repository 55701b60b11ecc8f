package dev.myelin.nn.functional;

import dev.myelin.tensor.Tensor;

/**
 * Loss functions with PyTorch's definitions and reductions. Each is one fused autograd node.
 * Element-wise losses need input and target of the same shape and give gradients to both; class
 * losses take scores [N, C] (or [N, C, d...], or [C] for one sample) and class indices [N] (or
 * [N, d...], or []) as int32/int64. {@link Reduction#MEAN} averages over elements, or over
 * positions for class losses; the overloads without a reduction use MEAN.
 */
public final class Losses {
    private Losses() {}

    /** Mean squared error: (x - t)^2 per element. */
    public static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
        return ElementwiseLoss.MSE.apply(input, target, 0, reduction);
    }

    public static Tensor mse(Tensor input, Tensor target) {
        return mse(input, target, Reduction.MEAN);
    }

    /** Mean absolute error: |x - t| per element. */
    public static Tensor l1(Tensor input, Tensor target, Reduction reduction) {
        return ElementwiseLoss.L1.apply(input, target, 0, reduction);
    }

    public static Tensor l1(Tensor input, Tensor target) {
        return l1(input, target, Reduction.MEAN);
    }

    /** Huber: d^2 / 2 where |d| <= delta, else delta * (|d| - delta / 2), with d = x - t; delta > 0. */
    public static Tensor huber(Tensor input, Tensor target, float delta, Reduction reduction) {
        if (!(delta > 0) || !Float.isFinite(delta)) {
            throw new IllegalArgumentException("huber_loss: delta must be positive and finite, got " + delta);
        }
        return ElementwiseLoss.HUBER.apply(input, target, delta, reduction);
    }

    public static Tensor huber(Tensor input, Tensor target, float delta) {
        return huber(input, target, delta, Reduction.MEAN);
    }

    /** huber with delta = 1. */
    public static Tensor huber(Tensor input, Tensor target) {
        return huber(input, target, 1f, Reduction.MEAN);
    }

    /**
     * Binary cross entropy of probabilities p in [0, 1]: -(t log p + (1 - t) log(1 - p)), each log
     * clamped to >= -100 as PyTorch does. Probabilities outside [0, 1] are an error.
     */
    public static Tensor binaryCrossEntropy(Tensor probabilities, Tensor target, Reduction reduction) {
        return ElementwiseLoss.BCE.apply(probabilities, target, 0, reduction);
    }

    public static Tensor binaryCrossEntropy(Tensor probabilities, Tensor target) {
        return binaryCrossEntropy(probabilities, target, Reduction.MEAN);
    }

    /**
     * Binary cross entropy of sigmoid(x), in the stable form max(x, 0) - x t + log(1 + e^-|x|):
     * finite for any logits. Gradient: sigmoid(x) - t.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction) {
        return ElementwiseLoss.BCE_WITH_LOGITS.apply(logits, target, 0, reduction);
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return binaryCrossEntropyWithLogits(logits, target, Reduction.MEAN);
    }

    /** Negative log-likelihood: -logp[n, target[n]] per sample, from log-probabilities [N, C]. */
    public static Tensor nllLoss(Tensor logProbabilities, Tensor target, Reduction reduction) {
        return ClassLosses.nll(logProbabilities, target, reduction);
    }

    public static Tensor nllLoss(Tensor logProbabilities, Tensor target) {
        return nllLoss(logProbabilities, target, Reduction.MEAN);
    }

    /** Cross entropy of logits [N, C] against class indices: log-softmax and NLL in one op. */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction) {
        return crossEntropy(logits, target, 0f, reduction);
    }

    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return crossEntropy(logits, target, 0f, Reduction.MEAN);
    }

    /**
     * Cross entropy with label smoothing eps in [0, 1]: (1 - eps) * nll + eps * mean over classes of
     * -log softmax, as PyTorch. Backward: (softmax - smoothed one-hot) * g, divided by N for MEAN.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, float labelSmoothing, Reduction reduction) {
        return ClassLosses.crossEntropy(logits, target, labelSmoothing, reduction);
    }

    public static Tensor crossEntropy(Tensor logits, Tensor target, float labelSmoothing) {
        return crossEntropy(logits, target, labelSmoothing, Reduction.MEAN);
    }

    /**
     * Cross entropy against soft targets (class probabilities shaped like the logits):
     * -sum_k t_k log softmax(x)_k per sample. Gradients flow to logits and targets.
     */
    public static Tensor crossEntropySoft(Tensor logits, Tensor targetProbabilities, Reduction reduction) {
        return ClassLosses.crossEntropySoft(logits, targetProbabilities, reduction);
    }

    public static Tensor crossEntropySoft(Tensor logits, Tensor targetProbabilities) {
        return crossEntropySoft(logits, targetProbabilities, Reduction.MEAN);
    }
}
