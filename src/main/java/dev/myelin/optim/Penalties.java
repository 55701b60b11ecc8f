package dev.myelin.optim;

import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Regularisation terms to add to a loss; they are differentiable, so {@code backward()} adds their
 * gradients to the parameters'.
 *
 * <p>How they relate to weight decay: {@code l2(params, lambda)} has gradient {@code 2 * lambda * w},
 * so SGD's (or Adam's) {@code weight_decay = wd}, which adds {@code wd * w} to the gradient, equals
 * adding {@code l2(params, wd / 2)} to the loss. {@link AdamW}'s decoupled decay is different: it
 * shrinks the weights directly and is not rescaled by Adam's per-element step sizes.
 */
public final class Penalties {
    private Penalties() {}

    /** {@code lambda * sum_p sum_i |w_pi|} (0-d); the gradient at 0 is 0, as PyTorch's abs. */
    public static Tensor l1(List<Tensor> params, float lambda) {
        return total("l1", params, lambda, true);
    }

    /** {@code lambda * sum_p sum_i w_pi^2} (0-d). */
    public static Tensor l2(List<Tensor> params, float lambda) {
        return total("l2", params, lambda, false);
    }

    private static Tensor total(String op, List<Tensor> params, float lambda, boolean absolute) {
        if (!(lambda >= 0) || Float.isInfinite(lambda)) {
            throw new IllegalArgumentException(op + ": lambda must be a finite value >= 0, got " + lambda);
        }
        if (params.isEmpty()) {
            throw new IllegalArgumentException(op + ": got an empty parameter list");
        }
        Tensor sum = null;
        for (Tensor w : params) {
            Tensor term = absolute ? w.abs().sum() : w.mul(w).sum();
            sum = sum == null ? term : sum.add(term);
        }
        return sum.mul(lambda);
    }
}
