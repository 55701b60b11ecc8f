package dev.myelin.autograd;

import dev.myelin.memory.Scope;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Compares the gradients backpropagation gives with central finite differences. The function's
 * output is reduced to a scalar with fixed random weights, so every output element is checked.
 * Float32 arithmetic limits the precision: use a step of about 1e-2 to 1e-3 and a tolerance of
 * about 1e-2 on inputs of order one.
 */
public final class GradCheck {
    private GradCheck() {}

    /** The largest error found, relative to max(1, |numeric|), over every input that requires a gradient. */
    public static double maxError(Function<Tensor[], Tensor> f, double step, Tensor... inputs) {
        Tensor weights;
        Tensor out = f.apply(inputs);
        try (var off = GradMode.noGrad()) {
            weights = Tensor.randn(1234, out.shape());
        }
        for (Tensor in : inputs) {
            if (in.requiresGrad()) {
                in.setGrad(null);
            }
        }
        out.mul(weights).sum().backward();
        double worst = 0;
        for (Tensor in : inputs) {
            if (!in.requiresGrad()) {
                continue;
            }
            if (in.grad() == null) {
                throw new AssertionError("no gradient reached an input of shape " + Shapes.str(in.shape()));
            }
            float[] analytic = in.grad().toFloatArray();
            float[] values = in.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                double numeric = (objective(f, inputs, in, values, i, step, weights)
                        - objective(f, inputs, in, values, i, -step, weights)) / (2 * step);
                double err = Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(numeric));
                worst = Math.max(worst, err);
            }
        }
        return worst;
    }

    /** Throws {@link AssertionError} naming the worst error when it exceeds {@code tolerance}. */
    public static void check(String what, Function<Tensor[], Tensor> f, double step, double tolerance, Tensor... inputs) {
        double err = maxError(f, step, inputs);
        if (!(err <= tolerance)) {
            throw new AssertionError(what + ": gradient differs from finite differences by " + err + " (tolerance " + tolerance + ")");
        }
    }

    private static double objective(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor in, float[] values, int i,
                                    double delta, Tensor weights) {
        long[] index = unravel(i, in.shape());
        try (Scope s = Scope.open("gradcheck"); var off = GradMode.noGrad()) {
            in.setFloat((float) (values[i] + delta), index);
            float[] out = f.apply(inputs).toFloatArray();
            float[] w = weights.toFloatArray();
            double sum = 0;
            for (int k = 0; k < out.length; k++) {
                sum += (double) out[k] * w[k];
            }
            return sum;
        } finally {
            in.setFloat(values[i], index);
        }
    }

    private static long[] unravel(long flat, int[] shape) {
        long[] index = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    /** Seeded inputs of order one that require gradients, for checking an op. */
    public static Tensor input(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[(int) Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.of(v, shape).requiresGrad(true);
    }
}
