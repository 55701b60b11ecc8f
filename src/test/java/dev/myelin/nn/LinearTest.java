package dev.myelin.nn;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.memory.Scope;
import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.Reference;
import dev.myelin.testing.ScopedTest;
import org.junit.jupiter.api.Test;

class LinearTest extends ScopedTest {
    /** y[r, o] = sum_i x[r, i] * w[o, i] + b[o] over the rows r of x flattened to [rows, in], in double. */
    static float[] reference(float[] x, float[] w, float[] b, int in, int out) {
        int rows = x.length / in;
        float[] y = new float[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) {
                    s += (double) x[r * in + i] * w[o * in + i];
                }
                y[r * out + o] = (float) s;
            }
        }
        return y;
    }

    @Test
    void forwardMatchesAPlainJavaReference() {
        try (Linear lin = new Linear(5, 3, true, 7); Linear noBias = new Linear(5, 4, false, 8)) {
            assertArrayEquals(new int[] {3, 5}, lin.weight().shape());
            assertArrayEquals(new int[] {3}, lin.bias().shape());
            Tensor x = Tensor.randn(1, 6, 5);
            Tensor y = lin.forward(x);
            assertArrayEquals(new int[] {6, 3}, y.shape());
            Reference.assertClose(reference(x.toFloatArray(), lin.weight().toFloatArray(), lin.bias().toFloatArray(), 5, 3),
                    y.toFloatArray(), 1e-5f);
            Tensor batched = Tensor.randn(2, 2, 3, 5); // leading dimensions are kept
            Tensor yb = noBias.forward(batched);
            assertArrayEquals(new int[] {2, 3, 4}, yb.shape());
            Reference.assertClose(reference(batched.toFloatArray(), noBias.weight().toFloatArray(), null, 5, 4),
                    yb.toFloatArray(), 1e-5f);
            Tensor one = Tensor.randn(3, 5); // a single example
            Reference.assertClose(reference(one.toFloatArray(), lin.weight().toFloatArray(), lin.bias().toFloatArray(), 5, 3),
                    lin.forward(one).toFloatArray(), 1e-5f);
            assertArrayEquals(new int[] {3}, lin.forward(one).shape());
        }
    }

    @Test
    void gradientsReachInputWeightAndBias() {
        try (Linear lin = new Linear(4, 3, true, 3)) {
            GradCheck.check("linear", in -> lin.forward(in[0]), 1e-2, 1e-3, input(1, 5, 4), lin.weight(), lin.bias());
            GradCheck.check("linear 3-D", in -> lin.forward(in[0]).exp(), 1e-3, 1e-2, input(2, 2, 3, 4), lin.weight());
        }
    }

    @Test
    void aLayerLargeEnoughForTheFusedBiasMatchesTheReferenceAndItsGradients() {
        try (Linear lin = new Linear(96, 64, true, 5)) { // 4 x 12 x 96 x 64 multiply-adds: oneDNN with the bias inside
            Tensor x = Tensor.randn(4, 4, 12, 96).requiresGrad(true);
            Tensor y = lin.forward(x);
            assertArrayEquals(new int[] {4, 12, 64}, y.shape());
            Reference.assertClose(reference(x.toFloatArray(), lin.weight().toFloatArray(), lin.bias().toFloatArray(), 96, 64),
                    y.toFloatArray(), 1e-4f);
            Tensor upstream = Tensor.randn(6, 4, 12, 64);
            y.mul(upstream).sum().backward();
            // The same gradients through the unfused product and broadcast add
            Tensor x2 = x.detach().copy().requiresGrad(true);
            Tensor w2 = lin.weight().detach().copy().requiresGrad(true);
            Tensor b2 = lin.bias().detach().copy().requiresGrad(true);
            x2.matmul(w2.t()).add(b2).mul(upstream).sum().backward();
            Reference.assertClose(x2.grad().toFloatArray(), x.grad().toFloatArray(), 1e-4f);
            Reference.assertClose(w2.grad().toFloatArray(), lin.weight().grad().toFloatArray(), 1e-3f);
            Reference.assertClose(b2.grad().toFloatArray(), lin.bias().grad().toFloatArray(), 1e-3f);
            assertEquals("linearBackward", lin.forward(x.view(48, 96)).gradFn().toString(), "one fused op");
            lin.zeroGrad();
            lin.forward(x.detach().view(48, 96)).sum().backward(); // dL/dy is one value expanded (stride 0)
            float[] biasGrad = lin.bias().grad().toFloatArray();
            for (float v : biasGrad) {
                assertEquals(48f, v, 1e-4f);
            }
            var e = assertThrows(IllegalArgumentException.class,
                    () -> dev.myelin.ops.Ops.linear(Tensor.randn(1, 4, 96), lin.weight(), Tensor.zeros(63)));
            assertEquals("linear: input [4, 96], weight [64, 96] and bias [63] do not fit: expected input [..., in], weight [out, in]"
                    + " and bias [out]", e.getMessage());
        }
    }

    @Test
    void theTransposedWeightIsReadInPlaceNotCopied() {
        try (Linear lin = new Linear(1000, 10, true, 2)) {
            Tensor x = Tensor.randn(3, 1, 1000);
            long weightBytes = 1000L * 10 * Float.BYTES;
            try (Scope forward = Scope.open("forward")) {
                lin.forward(x);
                assertTrue(forward.ownedBytes() < weightBytes / 4, "forward allocated " + forward.ownedBytes() + " bytes");
            }
        }
    }

    @Test
    void defaultInitIsUniformWithinOneOverSqrtFanIn() {
        int in = 400;
        try (Linear lin = new Linear(in, 300, true, 11)) {
            double bound = 1 / Math.sqrt(in);
            float[] w = lin.weight().toFloatArray();
            double sumSq = 0;
            for (float v : w) {
                assertTrue(Math.abs(v) <= bound, "weight " + v + " outside +-" + bound);
                sumSq += v * v;
            }
            double std = Math.sqrt(sumSq / w.length);
            assertEquals(bound / Math.sqrt(3), std, 0.02 * bound / Math.sqrt(3)); // U(-b, b) has std b / sqrt(3)
            for (float v : lin.bias().toFloatArray()) {
                assertTrue(Math.abs(v) <= bound, "bias " + v);
            }
        }
    }

    @Test
    void initIsReproducibleBySeed() {
        try (Linear a = new Linear(6, 4, true, 42); Linear b = new Linear(6, 4, true, 42); Linear c = new Linear(6, 4, true, 43)) {
            assertArrayEquals(a.weight().toFloatArray(), b.weight().toFloatArray());
            assertArrayEquals(a.bias().toFloatArray(), b.bias().toFloatArray());
            assertFalse(java.util.Arrays.equals(a.weight().toFloatArray(), c.weight().toFloatArray()));
        }
        Init.manualSeed(5);
        float[] first;
        try (Linear a = new Linear(6, 4)) {
            first = a.weight().toFloatArray();
        }
        Init.manualSeed(5);
        try (Linear a = new Linear(6, 4); Linear next = new Linear(6, 4)) {
            assertArrayEquals(first, a.weight().toFloatArray());
            assertFalse(java.util.Arrays.equals(first, next.weight().toFloatArray())); // layers differ from each other
        }
    }

    /** A convolutional net's head: flatten the feature maps, then a linear classifier. */
    static final class Head extends Module {
        final Flatten flatten = module("flatten", new Flatten());
        final Linear fc1 = module("fc1", new Linear(6272, 10, true, 1));

        @Override
        public Tensor forward(Tensor x) {
            return fc1.forward(flatten.forward(x));
        }
    }

    @Test
    void aWrongInputSizeNamesTheModulePathAndTheFix() {
        Head head = new Head();
        Linear fc1 = head.fc1;
        Module root = new Module() {
            final Module body = module("classifier", head);

            @Override
            public Tensor forward(Tensor x) {
                return body.forward(x);
            }
        };
        try (root) {
            assertEquals("classifier.fc1", fc1.path());
            var e = assertThrows(IllegalArgumentException.class, () -> root.forward(Tensor.zeros(64, 32, 7, 7)));
            assertEquals("Linear 'classifier.fc1': input [64, 1568] has last dim 1568 but in_features is 6272; "
                    + "expected [*, 6272]", e.getMessage());
            var scalar = assertThrows(IllegalArgumentException.class, () -> fc1.forward(Tensor.scalar(1)));
            assertEquals("Linear 'classifier.fc1': input [] has no last dim (a scalar) but in_features is 6272; "
                    + "expected [*, 6272]", scalar.getMessage());
            var ints = assertThrows(IllegalArgumentException.class, () -> fc1.forward(Tensor.ofInts(new int[6272], 6272)));
            assertEquals("Linear 'classifier.fc1': input [6272] is int32, expected float32", ints.getMessage());
        }
        var bad = assertThrows(IllegalArgumentException.class, () -> new Linear(0, 3));
        assertEquals("Linear: in_features and out_features must be positive, got in=0, out=3", bad.getMessage());
    }
}
