package dev.myelin.backend.blas;

import static dev.myelin.testing.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.myelin.tensor.Tensor;
import dev.myelin.testing.Reference;
import dev.myelin.testing.ScopedTest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatMulTest extends ScopedTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomShapesAndTransposesMatchReference(long seed) {
        Random r = new Random(seed);
        for (int trial = 0; trial < 12; trial++) {
            int m = 1 + r.nextInt(40);
            int k = 1 + r.nextInt(40);
            int n = 1 + r.nextInt(40);
            boolean ta = r.nextBoolean();
            boolean tb = r.nextBoolean();
            Tensor a = ta ? Tensor.randn(r.nextLong(), k, m).t() : Tensor.randn(r.nextLong(), m, k);
            Tensor b = tb ? Tensor.randn(r.nextLong(), n, k).t() : Tensor.randn(r.nextLong(), k, n);
            Tensor c = a.matmul(b);
            assertArrayEquals(new int[] {m, n}, c.shape());
            assertClose(Reference.matmul(a, b), c.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void sizeOneDimensionsAndVectors() {
        Tensor row = Tensor.randn(1, 1, 7);
        Tensor col = Tensor.randn(2, 7, 1);
        assertClose(Reference.matmul(row, col), row.matmul(col).toFloatArray(), 1e-5f);
        assertClose(Reference.matmul(col, row), col.matmul(row).toFloatArray(), 1e-5f);
        Tensor m = Tensor.randn(3, 5, 7);
        Tensor v = Tensor.randn(4, 7);
        Tensor mv = m.matmul(v);
        assertArrayEquals(new int[] {5}, mv.shape());
        assertClose(Reference.matmul(m, v.unsqueeze(1)), mv.toFloatArray(), 1e-5f);
        Tensor dot = v.matmul(v);
        assertEquals(0, dot.dim());
        double s = 0;
        for (float x : v.toFloatArray()) {
            s += x * x;
        }
        assertEquals(s, dot.item(), 1e-4);
    }

    @Test
    void slicedAndStridedOperandsAreReadInPlaceOrCopied() {
        Tensor big = Tensor.randn(5, 10, 12);
        Tensor a = big.slice(0, 2, 8).slice(1, 1, 10);          // [6, 9], row stride 12
        Tensor b = Tensor.randn(6, 9, 20).slice(1, 0, 20, 2);    // [9, 10], column stride 2: copied
        assertClose(Reference.matmul(a, b), a.matmul(b).toFloatArray(), 1e-4f);
    }

    @Test
    void batchedWithBroadcastBatchDimensions() {
        Tensor a = Tensor.randn(7, 4, 3, 5);
        Tensor b = Tensor.randn(8, 4, 5, 2);
        Tensor c = a.matmul(b);
        assertArrayEquals(new int[] {4, 3, 2}, c.shape());
        assertClose(Reference.matmul(a, b), c.toFloatArray(), 1e-5f);

        Tensor shared = Tensor.randn(9, 5, 2);                   // [3-D] x [2-D]: one GEMM over all rows
        Tensor c2 = a.matmul(shared);
        assertClose(Reference.matmul(a, shared.unsqueeze(0).expand(4, 5, 2).contiguous()), c2.toFloatArray(), 1e-5f);

        Tensor bt = Tensor.randn(10, 4, 2, 5).transpose(1, 2);   // batched transposed view
        assertClose(Reference.matmul(a, bt), a.matmul(bt).toFloatArray(), 1e-5f);

        Tensor a4 = Tensor.randn(11, 2, 1, 3, 5);                // [2, 1] x [4] batch -> [2, 4]
        Tensor c4 = a4.matmul(b);
        assertArrayEquals(new int[] {2, 4, 3, 2}, c4.shape());
        for (int i = 0; i < 2; i++) {
            Tensor ai = a4.select(0, i).expand(4, 3, 5).contiguous();
            assertClose(Reference.matmul(ai, b), c4.select(0, i).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void emptyAndZeroInnerDimensions() {
        assertArrayEquals(new int[] {0, 4}, Tensor.randn(1, 0, 3).matmul(Tensor.randn(2, 3, 4)).shape());
        Tensor z = Tensor.randn(1, 2, 0).matmul(Tensor.randn(2, 0, 4));
        assertArrayEquals(new float[8], z.toFloatArray());
    }

    @Test
    void innerDimensionMismatchIsReportedBeforeAnyNativeCall() {
        long before = Blas.calls();
        var e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(32, 784).matmul(Tensor.zeros(256, 10)));
        assertEquals("matmul: inner dimensions differ: [32, 784] x [256, 10] (784 vs 256)", e.getMessage());
        var batch = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(3, 2, 4).matmul(Tensor.zeros(5, 4, 2)));
        assertTrue(batch.getMessage().startsWith("matmul (batch dimensions): shapes [3] and [5] cannot be broadcast"),
                batch.getMessage());
        var dtype = assertThrows(IllegalArgumentException.class,
                () -> Tensor.ofInts(new int[] {1, 2}, 1, 2).matmul(Tensor.zeros(2, 1)));
        assertTrue(dtype.getMessage().contains("expected float32"), dtype.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).matmul(Tensor.zeros(1)));
        assertEquals(before, Blas.calls(), "no BLAS call may happen with bad sizes");
    }

    @Test
    void rawSgemmChecksLeadingDimensionsAndMemorySizes() {
        long before = Blas.calls();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(4L * 6);
            MemorySegment b = arena.allocate(4L * 6);
            MemorySegment small = arena.allocate(4L * 3);
            var ld = assertThrows(IllegalArgumentException.class,
                    () -> Blas.sgemm(false, false, 2, 2, 3, 1, a, 2, b, 2, 0, small, 2));
            assertTrue(ld.getMessage().contains("lda=2 is below the row length 3"), ld.getMessage());
            var size = assertThrows(IllegalArgumentException.class,
                    () -> Blas.sgemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, small, 2));
            assertTrue(size.getMessage().contains("C [2 x 2, ld 2] needs 16 bytes but its memory has 12"), size.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Blas.sgemm(false, false, -1, 2, 3, 1, a, 3, b, 2, 0, small, 2));
        }
        assertEquals(before, Blas.calls());
    }
}
