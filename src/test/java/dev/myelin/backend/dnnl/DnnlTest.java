package dev.myelin.backend.dnnl;

import static dev.myelin.testing.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.tensor.Tensor;
import dev.myelin.testing.Reference;
import dev.myelin.testing.ScopedTest;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class DnnlTest extends ScopedTest {
    private static float[] map(Tensor t, DoubleUnaryOperator f) {
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) f.applyAsDouble(v[i]);
        }
        return v;
    }

    @Test
    void reluForwardAndBackwardMatchTheDefinition() {
        Tensor x = Tensor.randn(1, 7, 33);
        assertClose(map(x, v -> Math.max(v, 0)), Eltwise.relu(x).toFloatArray(), 0); // oneDNN gives -0.0 for x < 0
        Tensor dy = Tensor.randn(2, 7, 33);
        float[] xs = x.toFloatArray();
        float[] g = dy.toFloatArray();
        for (int i = 0; i < g.length; i++) {
            g[i] = xs[i] > 0 ? g[i] : 0;
        }
        assertClose(g, Eltwise.reluBackward(x, dy).toFloatArray(), 0);
    }

    @Test
    void eltwiseAcceptsNonContiguousViews() {
        Tensor x = Tensor.randn(3, 5, 4).t();
        assertArrayEquals(new int[] {4, 5}, Eltwise.relu(x).shape());
        assertClose(map(x, v -> Math.max(v, 0)), Eltwise.relu(x).toFloatArray(), 0);
    }

    @Test
    void matmulReadsTheLastStepOfABatchFirstSequenceInPlace() {
        Tensor seq = Tensor.randn(6, 32, 5, 64);
        Tensor last = seq.select(1, 4); // rows 320 floats apart; the last row ends where the storage ends
        Tensor w = Tensor.randn(7, 64, 16);
        assertClose(last.contiguous().matmul(w).toFloatArray(), DnnlMatMul.matmul(last, w).toFloatArray(), 1e-4f);
    }

    /** Large strided copies (contiguous() of a transpose, assign into a strided view) run as oneDNN reorders. */
    @Test
    void stridedCopiesPutEveryElementInItsPlace() {
        Tensor x = Tensor.randn(9, 300, 200);
        float[] xs = x.toFloatArray();
        float[] t = x.t().contiguous().toFloatArray();
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 300; j++) {
                assertEquals(xs[j * 200 + i], t[i * 300 + j]);
            }
        }
        Tensor y = Tensor.randn(10, 4, 70, 90);
        float[] ys = y.toFloatArray();
        float[] p = y.slice(1, 5, 65).permute(2, 0, 1).contiguous().toFloatArray(); // [90, 4, 60], from element 5 * 90 on
        for (int k = 0; k < 90; k++) {
            for (int a = 0; a < 4; a++) {
                for (int r = 0; r < 60; r++) {
                    assertEquals(ys[a * 70 * 90 + (5 + r) * 90 + k], p[(k * 4 + a) * 60 + r]);
                }
            }
        }
        Tensor into = Tensor.zeros(200, 300);
        dev.myelin.ops.Kernels.assign(into.t(), x);
        assertArrayEquals(t, into.toFloatArray());
        for (float v : Tensor.full(1e-40f, 300, 100).t().contiguous().toFloatArray()) {
            assertEquals(1e-40f, v, 0f, "a subnormal is copied, not flushed");
        }
        assertThrows(IllegalArgumentException.class, () -> StridedCopy.run(Tensor.empty(300, 200), Tensor.empty(200, 300)));
        assertLayoutsOneDnnCannotDescribeStayInJava();
        assertTrue(!StridedCopy.accepts(Tensor.empty(400, 300), Tensor.empty(1, 300).expand(400, 300)), "a broadcast stays in Java");
    }

    /** Large views whose strides oneDNN refuses: stepped slices (interleaved), overlapping windows, rank over 12. */
    private static void assertLayoutsOneDnnCannotDescribeStayInJava() {
        Tensor x = Tensor.randn(4, 8192, 5);
        float[] xs = x.toFloatArray();
        float[] stepped = x.slice(1, 0, 5, 2).contiguous().toFloatArray(); // strides [5, 2]
        for (int r = 0; r < 8192; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(xs[r * 5 + 2 * c], stepped[r * 3 + c]);
            }
        }
        float[] windows = Tensor.arange(20000).asStrided(new int[] {128, 128}, new long[] {1, 1}, 0).contiguous().toFloatArray();
        for (int i = 0; i < 128; i++) {
            for (int j = 0; j < 128; j++) {
                assertEquals(i + j, windows[i * 128 + j]);
            }
        }
        int[] twos = new int[15];
        java.util.Arrays.fill(twos, 2);
        Tensor deep = Tensor.randn(5, twos);
        assertArrayEquals(deep.toFloatArray(), deep.transpose(0, 14).contiguous().transpose(0, 14).contiguous().toFloatArray());
        assertTrue(!StridedCopy.accepts(Tensor.empty(8192, 3), x.slice(1, 0, 5, 2)));
        assertTrue(!StridedCopy.accepts(x.t(), x.t()), "views of one storage");
    }

    @Test
    void otherAlgorithmsAgreeWithJavaMath() {
        Tensor x = Tensor.randn(4, 100);
        assertClose(map(x, Math::tanh), Eltwise.forward(Eltwise.Alg.TANH, x, 0, 0).toFloatArray(), 1e-6f);
        assertClose(map(x, v -> 1 / (1 + Math.exp(-v))), Eltwise.forward(Eltwise.Alg.LOGISTIC, x, 0, 0).toFloatArray(), 1e-6f);
        assertClose(map(x, v -> v > 0 ? v : 0.1 * v), Eltwise.forward(Eltwise.Alg.RELU, x, 0.1f, 0).toFloatArray(), 1e-6f);
        assertClose(map(x, v -> 1 - Math.tanh(v) * Math.tanh(v)),
                Eltwise.backward(Eltwise.Alg.TANH, x, Tensor.ones(100), 0, 0).toFloatArray(), 1e-5f);
    }

    @Test
    void primitivesAreCreatedOnceAndReused() {
        Tensor x = Tensor.randn(5, 3, 17);
        Eltwise.relu(x);
        int cached = OneDnn.cachedPrimitives();
        long runs = OneDnn.executions();
        for (int i = 0; i < 50; i++) {
            Eltwise.relu(Tensor.randn(i, 3, 17));
        }
        assertEquals(cached, OneDnn.cachedPrimitives());
        assertEquals(runs + 50, OneDnn.executions());
        Eltwise.relu(Tensor.randn(5, 3, 18));
        assertEquals(cached + 1, OneDnn.cachedPrimitives());
    }

    @Test
    void oneDnnMatmulMatchesReferenceIncludingTransposedAndBatched() {
        Tensor a = Tensor.randn(1, 13, 29);
        Tensor b = Tensor.randn(2, 29, 7);
        assertClose(Reference.matmul(a, b), DnnlMatMul.matmul(a, b).toFloatArray(), 1e-4f);
        Tensor at = Tensor.randn(3, 29, 13).t();
        Tensor bt = Tensor.randn(4, 7, 29).t();
        assertClose(Reference.matmul(at, bt), DnnlMatMul.matmul(at, bt).toFloatArray(), 1e-4f);
        Tensor a3 = Tensor.randn(5, 4, 6, 8);
        Tensor b3 = Tensor.randn(6, 4, 8, 3);
        assertClose(Reference.matmul(a3, b3), DnnlMatMul.matmul(a3, b3).toFloatArray(), 1e-4f);
        Tensor shared = Tensor.randn(7, 1, 8, 3);
        assertClose(Reference.matmul(a3, shared), DnnlMatMul.matmul(a3, shared).toFloatArray(), 1e-4f);
        assertClose(a.matmul(b).toFloatArray(), DnnlMatMul.matmul(a, b).toFloatArray(), 1e-5f);
    }

    @Test
    void badInputIsRejectedBeforeOneDnnRuns() {
        long runs = OneDnn.executions();
        var inner = assertThrows(IllegalArgumentException.class,
                () -> DnnlMatMul.matmul(Tensor.zeros(32, 784), Tensor.zeros(256, 10)));
        assertEquals("dnnl matmul: inner dimensions differ: [32, 784] x [256, 10]", inner.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DnnlMatMul.matmul(Tensor.zeros(3, 2, 4), Tensor.zeros(5, 4, 2)));
        assertThrows(IllegalArgumentException.class, () -> DnnlMatMul.matmul(Tensor.zeros(2, 4), Tensor.zeros(1, 4, 2)));
        assertThrows(IllegalArgumentException.class, () -> DnnlMatMul.matmul(Tensor.zeros(0, 4), Tensor.zeros(4, 2)));
        var grad = assertThrows(IllegalArgumentException.class,
                () -> Eltwise.reluBackward(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertEquals("eltwise RELU backward: gradient shape [3, 2] differs from input shape [2, 3]", grad.getMessage());
        var dtype = assertThrows(IllegalArgumentException.class, () -> Eltwise.relu(Tensor.ofInts(new int[] {1}, 1)));
        assertTrue(dtype.getMessage().contains("expected float32, got int32"), dtype.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Eltwise.relu(Tensor.zeros(0, 3)));
        assertEquals(runs, OneDnn.executions());
    }

    @Test
    void versionAndIsaAreReported() {
        assertTrue(OneDnn.version().matches("3\\.\\d+\\.\\d+"), OneDnn.version());
        assertTrue(!OneDnn.cpuIsa().isBlank() && !OneDnn.cpuIsa().startsWith("isa "), OneDnn.cpuIsa());
    }
}
