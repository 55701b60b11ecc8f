package dev.myelin.backend.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.backend.blas.Lapack.SvdDriver;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LapackTest extends ScopedTest {
    /** max |a - b| over all elements. */
    private static double maxDiff(Tensor a, Tensor b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        assertEquals(x.length, y.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(x[i] - y[i]));
        }
        return worst;
    }

    private static double frobeniusSquared(Tensor a) {
        double sum = 0;
        for (float v : a.toFloatArray()) {
            sum += (double) v * v;
        }
        return sum;
    }

    @ParameterizedTest
    @EnumSource(SvdDriver.class)
    void svdReconstructsTallAndWideMatricesWithOrthonormalFactors(SvdDriver driver) {
        for (int[] shape : new int[][] {{9, 5}, {5, 9}, {6, 6}}) {
            Tensor a = Tensor.randn(7 + shape[0], shape);
            Lapack.Svd svd = Lapack.svd(a, driver);
            int k = Math.min(shape[0], shape[1]);
            assertArrayEquals(new int[] {shape[0], k}, svd.u().shape());
            assertArrayEquals(new int[] {k}, svd.s().shape());
            assertArrayEquals(new int[] {k, shape[1]}, svd.vt().shape());
            assertTrue(maxDiff(svd.reconstruct(), a) < 1e-4, "U S V^T reproduces A");
            assertTrue(maxDiff(svd.u().t().matmul(svd.u()), eye(k)) < 1e-4, "U^T U = I");
            assertTrue(maxDiff(svd.vt().matmul(svd.vt().t()), eye(k)) < 1e-4, "V^T V = I");
            float[] s = svd.s().toFloatArray();
            for (int i = 1; i < s.length; i++) {
                assertTrue(s[i - 1] >= s[i] && s[i] >= 0, "singular values descend and are non-negative");
            }
        }
    }

    @Test
    void singularValuesOfAKnownMatrix() {
        // A = [[3, 0], [0, -4], [0, 0]]: A^T A = diag(9, 16), so the singular values are 4 and 3.
        Tensor a = Tensor.of(new float[] {3, 0, 0, -4, 0, 0}, 3, 2);
        assertArrayEquals(new float[] {4, 3}, Lapack.svd(a).s().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {4, 3}, Lapack.svd(a, SvdDriver.QR_ITERATION).s().toFloatArray(), 1e-6f);
    }

    @Test
    void bothDriversAgreeOnSingularValues() {
        Tensor a = Tensor.randn(3, 12, 8);
        assertArrayEquals(Lapack.svd(a, SvdDriver.QR_ITERATION).s().toFloatArray(), Lapack.svd(a).s().toFloatArray(), 1e-4f);
    }

    @Test
    void truncatedSvdHasTheBestRankKErrorOfTheDroppedSingularValues() {
        // Eckart-Young: ||A - A_k||_F^2 = sum_{i > k} s_i^2.
        Tensor a = Tensor.randn(11, 10, 8);
        Lapack.Svd svd = Lapack.svd(a);
        float[] s = svd.s().toFloatArray();
        for (int k = 1; k <= 8; k++) {
            Tensor approx = svd.truncate(k).reconstruct();
            double tail = 0;
            for (int i = k; i < s.length; i++) {
                tail += (double) s[i] * s[i];
            }
            double err = frobeniusSquared(a.sub(approx));
            assertEquals(tail, err, 1e-4 * Math.max(1, frobeniusSquared(a)), "rank " + k);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> svd.truncate(9));
        assertEquals("svd truncate: k=9 must be in [1, 8]", e.getMessage());
    }

    @Test
    void svdLeavesItsInputUntouched() {
        Tensor a = Tensor.randn(5, 4, 3);
        float[] before = a.toFloatArray();
        Lapack.svd(a);
        Lapack.svd(a.t()); // a non-contiguous view works too
        assertArrayEquals(before, a.toFloatArray());
    }

    @Test
    void symmetricEigenOfAKnownMatrixAndARandomOne() {
        // [[2, 1], [1, 2]] has eigenvalues 1 (vector (1, -1)/sqrt 2) and 3 (vector (1, 1)/sqrt 2).
        Lapack.Eigen e = Lapack.symmetricEigen(Tensor.of(new float[] {2, 1, 1, 2}, 2, 2));
        assertArrayEquals(new float[] {1, 3}, e.values().toFloatArray(), 1e-6f);
        float[] v = e.vectors().toFloatArray(); // columns are eigenvectors
        assertEquals(0, v[0] + v[2], 1e-6);
        assertEquals(0, v[1] - v[3], 1e-6);

        Tensor b = Tensor.randn(4, 6, 6);
        Tensor sym = b.matmul(b.t());
        Lapack.Eigen f = Lapack.symmetricEigen(sym);
        Tensor rebuilt = f.vectors().mul(f.values()).matmul(f.vectors().t());
        assertTrue(maxDiff(rebuilt, sym) < 1e-4 * 10, "V diag(w) V^T reproduces A");
    }

    @Test
    void badInputIsRefusedBeforeTheNativeCall() {
        assertEquals("svd (sgesdd): expected a 2-D matrix, got shape [2, 3, 4]",
                assertThrows(IllegalArgumentException.class, () -> Lapack.svd(Tensor.zeros(2, 3, 4))).getMessage());
        assertEquals("svd (sgesvd): matrix [0, 3] is empty",
                assertThrows(IllegalArgumentException.class,
                        () -> Lapack.svd(Tensor.zeros(0, 3), SvdDriver.QR_ITERATION)).getMessage());
        assertEquals("svd (sgesdd): expected a float32 matrix, got int32 [2, 2]",
                assertThrows(IllegalArgumentException.class,
                        () -> Lapack.svd(Tensor.zeros(DType.INT32, 2, 2))).getMessage());
        assertEquals("svd (sgesdd): matrix [2, 2] has a non-finite value NaN at [1, 0]",
                assertThrows(IllegalArgumentException.class,
                        () -> Lapack.svd(Tensor.of(new float[] {1, 2, Float.NaN, 4}, 2, 2))).getMessage());
        assertEquals("symmetric_eigen (ssyevd): expected a square matrix, got [2, 3]",
                assertThrows(IllegalArgumentException.class, () -> Lapack.symmetricEigen(Tensor.zeros(2, 3))).getMessage());
        assertEquals("symmetric_eigen (ssyevd): matrix [2, 2] is not symmetric: [0, 1] = 2.0 but [1, 0] = 3.0",
                assertThrows(IllegalArgumentException.class,
                        () -> Lapack.symmetricEigen(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2))).getMessage());
    }

    private static Tensor eye(int n) {
        float[] v = new float[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        return Tensor.of(v, n, n);
    }
}
