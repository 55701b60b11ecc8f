package dev.myelin.nn.functional;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.autograd.Autograd;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * Losses that compare input and target element by element, each recorded as one fused op: the
 * forward pass computes the per-element loss l(x, t) and reduces it, the backward pass applies
 * dl/dx and dl/dt. {@code p} is the loss's parameter where it has one (Huber's delta).
 */
enum ElementwiseLoss {
    MSE("mse_loss"),
    L1("l1_loss"),
    HUBER("huber_loss"),
    BCE("binary_cross_entropy"),
    BCE_WITH_LOGITS("binary_cross_entropy_with_logits");

    /** PyTorch clamps log(p) and log(1 - p) here so that p = 0 or 1 gives a finite loss. */
    private static final double LOG_FLOOR = -100;
    /** PyTorch's floor on p (1 - p) in the BCE gradient. */
    private static final double BCE_GRAD_EPS = 1e-12;

    final String opName;

    ElementwiseLoss(String opName) {
        this.opName = opName;
    }

    Tensor apply(Tensor input, Tensor target, float p, Reduction reduction) {
        String inputName = this == BCE ? "probabilities" : this == BCE_WITH_LOGITS ? "logits" : "input";
        Checks.requireFloat(opName, inputName, input);
        Checks.requireFloat(opName, "target", target);
        Checks.requireSameShape(opName, inputName, input, "target", target);
        Checks.requireNonEmpty(opName, inputName, input);
        Checks.requireReduction(opName, reduction);
        MemorySegment x = input.detach().contiguous().data();
        MemorySegment t = target.detach().contiguous().data();
        long n = input.numel();
        if (this == BCE) {
            checkProbabilities(x, n);
        }
        int[] shape = input.shape();
        Tensor perElement = fill(shape, n, i -> (float) value(get(x, i), get(t, i), p));
        return Autograd.record(opName, reduction.reduce(perElement), new Tensor[] {input, target}, (g, needs) -> {
            Reduction.Upstream up = reduction.upstream(g, n);
            ByIndex dx = i -> up.at(i) * dInput(get(x, i), get(t, i), p);
            ByIndex dt = i -> up.at(i) * dTarget(get(x, i), get(t, i), p);
            return new Tensor[] {needs[0] ? fill(shape, n, dx) : null, needs[1] ? fill(shape, n, dt) : null};
        });
    }

    private void checkProbabilities(MemorySegment x, long n) {
        for (long i = 0; i < n; i++) {
            float v = get(x, i);
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(opName + ": probabilities must lie in [0, 1], got " + v
                        + " at element " + i + " (apply sigmoid first, or use binaryCrossEntropyWithLogits)");
            }
        }
    }

    private static float get(MemorySegment s, long i) {
        return s.getAtIndex(JAVA_FLOAT, i);
    }

    private interface ByIndex {
        float at(long i);
    }

    /** A new tensor with element i set to value.at(i). */
    private static Tensor fill(int[] shape, long n, ByIndex value) {
        Tensor out = Tensor.empty(shape);
        MemorySegment o = out.data();
        for (long i = 0; i < n; i++) {
            o.setAtIndex(JAVA_FLOAT, i, value.at(i));
        }
        return out;
    }

    /** l(x, t). */
    double value(double x, double t, double p) {
        double d = x - t;
        return switch (this) {
            case MSE -> d * d;
            case L1 -> Math.abs(d);
            case HUBER -> Math.abs(d) <= p ? 0.5 * d * d : p * (Math.abs(d) - 0.5 * p);
            case BCE -> (t - 1) * clampedLog(1 - x) - t * clampedLog(x); // -(t log x + (1 - t) log(1 - x))
            // max(x, 0) - x t + log(1 + e^-|x|): no exp of a large positive number
            case BCE_WITH_LOGITS -> Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
        };
    }

    /** dl/dx. */
    float dInput(double x, double t, double p) {
        double d = x - t;
        return (float) switch (this) {
            case MSE -> 2 * d;
            case L1 -> Math.signum(d);
            case HUBER -> Math.abs(d) <= p ? d : p * Math.signum(d);
            case BCE -> d / Math.max(x * (1 - x), BCE_GRAD_EPS);
            case BCE_WITH_LOGITS -> Pointwise.sigmoid(x) - t;
        };
    }

    /** dl/dt. */
    float dTarget(double x, double t, double p) {
        return switch (this) {
            case MSE, L1, HUBER -> -dInput(x, t, p);
            case BCE -> (float) (clampedLog(1 - x) - clampedLog(x));
            case BCE_WITH_LOGITS -> (float) -x;
        };
    }

    private static double clampedLog(double v) {
        return Math.max(Math.log(v), LOG_FLOOR);
    }
}
