package dev.myelin.golden;

import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one golden case through Myelin and compares it with PyTorch: rebuilds the inputs, applies
 * the op, checks the output, backpropagates {@code out.mul(w).sum()} and checks the gradient of
 * every input PyTorch differentiated.
 *
 * <p>Tolerance: element-wise {@code |myelin - torch| <= 1e-4 * max(1, |torch|)}, i.e. a relative
 * error of 1e-4 for values of magnitude above one and an absolute error of 1e-4 below. The
 * reference is float64 PyTorch on the same float32 inputs, so the bound is Myelin's float32 error.
 */
final class GoldenCheck {
    private GoldenCheck() {}

    static final double TOLERANCE = 1e-4;

    /** The Myelin side of one fixture op: builds the output from the case's inputs and parameters. */
    @FunctionalInterface
    interface Op {
        Tensor apply(Golden.Case c, Inputs in);
    }

    /**
     * The case's inputs as tensors, by fixture name. An op whose gradients land elsewhere (a
     * module's parameters, say) {@linkplain #bind rebinds} the name to the tensor that receives them.
     */
    static final class Inputs {
        private final Map<String, Tensor> tensors = new LinkedHashMap<>();
        private final List<AutoCloseable> resources = new ArrayList<>();

        Tensor get(String name) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no input '" + name + "' (have " + tensors.keySet() + ")");
            }
            return t;
        }

        boolean has(String name) {
            return tensors.containsKey(name);
        }

        /** The inputs in fixture order (the parts of concat and stack). */
        Tensor[] all() {
            return tensors.values().toArray(Tensor[]::new);
        }

        /** From now on the gradient for input {@code name} is read from {@code t}. */
        void bind(String name, Tensor t) {
            get(name);
            tensors.put(name, t);
        }

        /** Closes {@code r} (a module, say) once the case is checked, after the gradients are compared. */
        <T extends AutoCloseable> T closeAfter(T r) {
            resources.add(r);
            return r;
        }
    }

    static void run(Golden.Case c, Map<String, Op> ops) {
        Op op = ops.get(c.op());
        if (op == null) {
            throw new AssertionError(where(c) + ": no Myelin op is registered for '" + c.op() + "' (known: "
                    + ops.keySet() + ")");
        }
        Inputs in = inputs(c);
        try {
            Tensor out = op.apply(c, in);
            assertClose(c, "output", c.output(), out);
            Tensor w = Tensor.of(c.w().floats(), c.w().shape());
            out.mul(w).sum().backward();
            for (var g : c.grads().entrySet()) {
                Tensor grad = in.get(g.getKey()).grad();
                if (grad == null) {
                    throw new AssertionError(where(c) + ": no gradient reached input '" + g.getKey() + "'");
                }
                assertClose(c, "gradient of " + g.getKey(), g.getValue(), grad);
            }
        } finally {
            for (AutoCloseable r : in.resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    throw new IllegalStateException(where(c) + ": closing " + r, e);
                }
            }
        }
    }

    static Inputs inputs(Golden.Case c) {
        Inputs in = new Inputs();
        for (Golden.Input i : c.inputs()) {
            Tensor t = switch (i.dtype()) {
                case "float32" -> Tensor.of(i.array().floats(), i.array().shape());
                case "int64" -> Tensor.ofLongs(i.array().longs(), i.array().shape());
                default -> throw new IllegalArgumentException(where(c) + ": input '" + i.name() + "' has unknown dtype "
                        + i.dtype());
            };
            in.tensors.put(i.name(), c.grads().containsKey(i.name()) ? t.requiresGrad(true) : t);
        }
        return in;
    }

    /** Fails naming the case, the first differing element with both values, and how many differ. */
    static void assertClose(Golden.Case c, String what, Golden.Array expected, Tensor actual) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new AssertionError(where(c) + ": " + what + " has shape " + Shapes.str(actual.shape())
                    + ", PyTorch gives " + Shapes.str(expected.shape()));
        }
        float[] got = actual.contiguous().toFloatArray();
        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i < got.length; i++) {
            if (!close(got[i], expected.values()[i])) {
                bad.add(i);
            }
        }
        if (!bad.isEmpty()) {
            int i = bad.getFirst();
            double want = expected.values()[i];
            throw new AssertionError(String.format(
                    "%s: %s element %s (flat %d): myelin %.9g vs torch %.9g, |diff| %.3g > %.0e * max(1, |torch|); %d of %d elements differ",
                    where(c), what, Arrays.toString(unravel(i, expected.shape())), i, got[i], want,
                    Math.abs(got[i] - want), TOLERANCE, bad.size(), got.length));
        }
    }

    /** The tolerance rule; false for NaN. */
    static boolean close(float actual, double expected) {
        return Math.abs(actual - expected) <= TOLERANCE * Math.max(1, Math.abs(expected));
    }

    private static String where(Golden.Case c) {
        return "golden case '" + c.name() + "' (" + c.file() + ")";
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}
