package dev.myelin.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.tensor.Tensor;

/** Plain-Java reference math and float comparisons shared by the tests. */
public final class Reference {
    private Reference() {}

    /** out[z, i, j] = sum_p a[z, i, p] * b[z or 0, p, j], in double, for 2-D or 3-D operands. */
    public static float[] matmul(Tensor a, Tensor b) {
        int batch = a.dim() == 3 ? a.size(0) : 1;
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        float[] out = new float[batch * m * n];
        for (int z = 0; z < batch; z++) {
            int zb = b.dim() == 3 && b.size(0) > 1 ? z : 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += (double) get(a, z, i, p) * get(b, zb, p, j);
                    }
                    out[(z * m + i) * n + j] = (float) s;
                }
            }
        }
        return out;
    }

    private static float get(Tensor t, int z, int i, int j) {
        return t.dim() == 3 ? t.getFloat(z, i, j) : t.getFloat(i, j);
    }

    /** |expected - actual| <= tol * (1 + |expected|) element by element. */
    public static void assertClose(float[] expected, float[] actual, float tol) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            float err = Math.abs(expected[i] - actual[i]);
            assertTrue(err <= tol * (1 + Math.abs(expected[i])), "element " + i + ": expected " + expected[i] + " got " + actual[i]);
        }
    }
}
