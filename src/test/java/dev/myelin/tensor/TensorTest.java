package dev.myelin.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.memory.NativeHeap;
import dev.myelin.memory.Scope;
import dev.myelin.testing.ScopedTest;
import org.junit.jupiter.api.Test;

class TensorTest extends ScopedTest {
    /** View gradients zero only around the part the gradient fills: the rest must be zero even in reused memory. */
    @Test
    void sliceAndSelectGradientsAreZeroOutsideTheirPartInReusedMemory() {
        try (Scope dirty = Scope.open("dirty")) { // NaN-filled blocks of the size class the gradients take next
            for (int i = 0; i < 4; i++) {
                Tensor.full(Float.NaN, 4, 3);
            }
        }
        Tensor x = Tensor.arange(12).reshape(4, 3).requiresGrad(true);
        x.slice(0, 1, 3).sum().backward(); // rows 1-2: a contiguous part
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0}, x.grad().toFloatArray());
        Tensor y = Tensor.arange(12).reshape(4, 3).requiresGrad(true);
        y.select(1, 2).sum().backward(); // a column: strided
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1}, y.grad().toFloatArray());
    }

    /**
     * A part-view at the end of a chain of views (slice, view, permute, select) sends its gradient
     * straight to where the chain starts: it must land at the right elements, with zeros elsewhere
     * even in reused memory, and a chain through expand (which repeats elements) must still sum.
     */
    @Test
    void partViewsAtTheEndOfAViewChainGetTheirGradientInPlace() {
        try (Scope dirty = Scope.open("dirty")) {
            for (int i = 0; i < 4; i++) {
                Tensor.full(Float.NaN, 4, 6);
            }
        }
        Tensor x = Tensor.arange(30).slice(0, 6, 30).reshape(4, 6).detach().requiresGrad(true); // starts at element 6
        Tensor part = x.slice(0, 1, 4).view(3, 2, 3).permute(2, 0, 1).select(0, 1); // [i][j] = x[1 + i][3j + 1]
        part.mul(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2)).sum().backward();
        float[] expected = new float[24];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                expected[(1 + i) * 6 + 3 * j + 1] = 1 + 2 * i + j;
            }
        }
        assertArrayEquals(expected, x.grad().toFloatArray());

        Tensor y = Tensor.of(new float[] {1, 2, 3}, 3, 1).requiresGrad(true);
        y.expand(3, 4).slice(1, 1, 3).select(0, 2).sum().backward(); // y[2] read twice
        assertArrayEquals(new float[] {0, 0, 2}, y.grad().toFloatArray());

        Tensor z = Tensor.arange(6).reshape(2, 3).requiresGrad(true);
        Tensor zt = z.t();
        z.requiresGrad(false); // frozen after the view was taken: the view still records, as before
        assertTrue(zt.select(0, 1).requiresGrad());
        assertThrows(IllegalArgumentException.class, () -> zt.asStrided(new int[] {2}, new long[] {1}, 1),
                "a gradient for a part of a strided view of a frozen tensor has nowhere to go");
        Tensor flat = Tensor.arange(6).requiresGrad(true);
        Tensor flatView = flat.view(2, 3);
        flat.requiresGrad(false);
        flatView.asStrided(new int[] {2}, new long[] {2}, 1).mul(Tensor.of(new float[] {3, 5}, 2)).sum().backward();
        assertArrayEquals(new float[] {0, 3, 0, 5, 0, 0}, flat.grad().toFloatArray(), "through the view it was taken from");
    }

    @Test
    void asStridedViewsStorageAndIsDifferentiable() {
        Tensor x = Tensor.arange(12);
        assertArrayEquals(new float[] {3, 5, 8, 10}, x.asStrided(new int[] {2, 2}, new long[] {5, 2}, 3).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 1, 2, 3}, x.asStrided(new int[] {2, 3}, new long[] {1, 1}, 0).toFloatArray(),
                "overlapping windows without a gradient");
        assertThrows(IllegalArgumentException.class, () -> x.asStrided(new int[] {2, 3}, new long[] {6, 1}, 4), "past the end");
        assertThrows(IllegalArgumentException.class, () -> x.asStrided(new int[] {2}, new long[] {-1}, 5), "negative stride");
        assertThrows(IllegalArgumentException.class, () -> x.asStrided(new int[] {2}, new long[] {1, 1}, 0), "rank");
        assertThrows(IllegalArgumentException.class, () -> x.asStrided(new int[] {4, 3}, new long[] {1, 3L << 61}, 0),
                "a stride whose reach overflows a long");
        Tensor g = Tensor.arange(12).requiresGrad(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.asStrided(new int[] {2, 3}, new long[] {1, 1}, 0));
        assertTrue(e.getMessage().contains("without overlap"), e.getMessage());
        dev.myelin.autograd.GradCheck.check("as_strided", in -> in[0].mul(in[0]).slice(1, 1, 5)
                .asStrided(new int[] {3, 2}, new long[] {5, 2}, 3), 1e-3, 1e-2, dev.myelin.autograd.GradCheck.input(3, 4, 5));
    }

    @Test
    void creationAndExport() {
        assertArrayEquals(new float[6], Tensor.zeros(2, 3).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, Tensor.ones(3).toFloatArray());
        assertArrayEquals(new float[] {2.5f, 2.5f}, Tensor.full(2.5f, 2, 1).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).toFloatArray());
        assertArrayEquals(new float[] {1, 0.5f, 0}, Tensor.arange(1, -0.1f, -0.5f).toFloatArray());
        assertArrayEquals(new int[] {1, 2, 3, 4}, Tensor.ofInts(new int[] {1, 2, 3, 4}, 2, 2).toIntArray());
        assertArrayEquals(new long[] {7, 8}, Tensor.ofLongs(new long[] {7, 8}, 2).toLongArray());
        assertEquals(3f, Tensor.scalar(3).item());
        assertEquals(DType.INT64, Tensor.zeros(DType.INT64, 3).dtype());
        assertEquals(0, Tensor.zeros(DType.INT32, 0, 5).numel());
    }

    @Test
    void storageIsAlignedTo64Bytes() {
        for (int n = 1; n < 200; n += 17) {
            assertEquals(0, Tensor.empty(n).data().address() % NativeHeap.ALIGNMENT);
        }
    }

    @Test
    void seededRandomIsReproducibleAndPlausible() {
        assertArrayEquals(Tensor.randn(7, 100).toFloatArray(), Tensor.randn(7, 100).toFloatArray());
        assertFalse(java.util.Arrays.equals(Tensor.randn(7, 100).toFloatArray(), Tensor.randn(8, 100).toFloatArray()));
        float[] u = Tensor.rand(3, 10000).toFloatArray();
        double mean = 0;
        for (float x : u) {
            assertTrue(x >= 0 && x < 1);
            mean += x / u.length;
        }
        assertEquals(0.5, mean, 0.02);
        float[] g = Tensor.randn(3, 10000).toFloatArray();
        double m = 0;
        double v = 0;
        for (float x : g) {
            m += x / g.length;
        }
        for (float x : g) {
            v += (x - m) * (x - m) / g.length;
        }
        assertEquals(0, m, 0.05);
        assertEquals(1, v, 0.05);
    }

    @Test
    void viewsShareStorageAndCopyNothing() {
        Tensor t = Tensor.arange(24).view(2, 3, 4);
        Tensor v = t.view(6, 4);
        Tensor p = t.permute(2, 0, 1);
        Tensor s = t.slice(2, 1, 3);
        Tensor e = Tensor.arange(3).view(3, 1).expand(3, 5);
        for (Tensor view : new Tensor[] {v, p, s, t.transpose(0, 2), t.select(1, 2), t.unsqueeze(1), e}) {
            assertTrue(view.storage() == t.storage() || view == e);
        }
        t.setFloat(100, 1, 2, 3);
        assertEquals(100, v.getFloat(5, 3));
        assertEquals(100, p.getFloat(3, 1, 2));
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertArrayEquals(new long[] {1, 12, 4}, p.strides());
        assertFalse(p.isContiguous());
        assertArrayEquals(new float[] {1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22}, s.toFloatArray());
        assertArrayEquals(new float[] {8, 9, 10, 11, 20, 21, 22, 100}, t.select(1, 2).toFloatArray());
        assertArrayEquals(new long[] {1, 0}, e.strides());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2}, e.toFloatArray());
        assertArrayEquals(new float[] {1, 3, 5, 7}, Tensor.arange(8).slice(0, 1, 8, 2).toFloatArray());
        assertArrayEquals(new float[] {6, 7}, Tensor.arange(8).slice(0, -2, 100).toFloatArray());
    }

    @Test
    void transposeThenContiguousReordersElements() {
        Tensor t = Tensor.arange(6).view(2, 3);
        Tensor tt = t.t();
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, tt.toFloatArray());
        Tensor c = tt.contiguous();
        assertNotEquals(t.storage(), c.storage());
        assertTrue(c.isContiguous());
        assertSame(t, t.contiguous());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, tt.reshape(6).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> tt.view(6));
    }

    @Test
    void viewRulesFollowPyTorch() {
        Tensor t = Tensor.arange(24).view(2, 3, 4);
        assertArrayEquals(new int[] {2, 12}, t.view(2, -1).shape());
        assertArrayEquals(new int[] {1, 24, 1}, t.view(1, -1, 1).shape());
        Tensor sliced = t.slice(2, 0, 2);                 // [2, 3, 2], strides [12, 4, 1]
        assertArrayEquals(new int[] {2, 3, 2}, sliced.view(2, 3, 2).shape());
        Tensor merged = t.permute(1, 0, 2).view(3, 2, 2, 2); // split of a contiguous inner dim is fine
        assertEquals(t.getFloat(1, 2, 3), merged.getFloat(2, 1, 1, 1));
    }

    @Test
    void badShapesAndIndicesGiveClearMessages() {
        Tensor t = Tensor.zeros(2, 3);
        assertEquals("reshape: cannot reshape [2, 3] (6 elements) into [4, 2] (8 elements)",
                assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2)).getMessage());
        assertEquals("view: only one dimension can be -1, got [-1, -1]",
                assertThrows(IllegalArgumentException.class, () -> t.view(-1, -1)).getMessage());
        assertEquals("transpose: dimension 2 out of range for a tensor of rank 2 (expected -2..1)",
                assertThrows(IllegalArgumentException.class, () -> t.transpose(0, 2)).getMessage());
        assertEquals("squeeze: dimension 0 of shape [2, 3] has size 2, not 1",
                assertThrows(IllegalArgumentException.class, () -> t.squeeze(0)).getMessage());
        assertEquals("expand: cannot expand shape [2, 3] to [2, 4] (dimension 1 has size 3, not 1)",
                assertThrows(IllegalArgumentException.class, () -> t.expand(2, 4)).getMessage());
        assertEquals("of: 5 values do not fill shape [2, 3] (6 elements)",
                assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.getFloat(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.select(1, 3));
        assertThrows(IllegalArgumentException.class, () -> t.getFloat(0));
        assertThrows(IllegalArgumentException.class, () -> t.permute(0, 0));
        assertThrows(IllegalArgumentException.class, () -> t.slice(0, 0, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> t.item());
        assertThrows(IllegalArgumentException.class, () -> t.toIntArray());
    }

    @Test
    void toStringIsReadableAndSummarisesLargeTensors() {
        assertEquals("tensor([[0.0000, 1.0000],\n        [2.0000, 3.0000]], shape=[2, 2], dtype=float32)",
                Tensor.arange(4).view(2, 2).toString());
        assertEquals("tensor([1, 2], shape=[2], dtype=int32)", Tensor.ofInts(new int[] {1, 2}, 2).toString());
        String big = Tensor.arange(5000).toString();
        assertTrue(big.startsWith("tensor([0.0000, 1.0000, 2.0000, ..., 4997.0000"), big);
        assertTrue(big.length() < 200);
    }
}
