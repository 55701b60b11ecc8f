package dev.myelin.ops;

import static dev.myelin.testing.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.backend.blas.Blas;
import dev.myelin.backend.blas.MatMul;
import dev.myelin.backend.dnnl.OneDnn;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import org.junit.jupiter.api.Test;

class MatMulDispatchTest extends ScopedTest {
    private static void assertEngine(String engine, Tensor a, Tensor b) {
        long blas = Blas.calls();
        long dnnl = OneDnn.executions();
        Tensor out = MatMulDispatch.matmul(a, b);
        assertEquals(engine.equals("onednn") ? 1 : 0, OneDnn.executions() - dnnl, "oneDNN runs");
        assertTrue(engine.equals("onednn") ? Blas.calls() == blas : Blas.calls() > blas, "OpenBLAS calls");
        assertClose(MatMul.matmul(a, b).toFloatArray(), out.toFloatArray(), 1e-4f);
    }

    @Test
    void largeProductsRunOnOneDnnIncludingTransposedViews() {
        assertEngine("onednn", Tensor.randn(1, 128, 256), Tensor.randn(2, 256, 64));
        assertEngine("onednn", Tensor.randn(3, 256, 128).t(), Tensor.randn(4, 64, 256).t());
        assertEngine("onednn", Tensor.randn(5, 4, 32, 64), Tensor.randn(6, 64, 40));  // rows of a batch x matrix
        assertEngine("onednn", Tensor.randn(7, 8, 64, 32), Tensor.randn(8, 1, 32, 64));   // batch of 1 shared
        Tensor batched = MatMulDispatch.matmul(Tensor.randn(9, 8, 64, 32), Tensor.randn(10, 8, 32, 64));
        assertArrayEquals(new int[] {8, 64, 64}, batched.shape());
    }

    @Test
    void smallExpandedOrHighRankProductsRunOnOpenBlas() {
        assertEngine("openblas", Tensor.randn(1, 1, 784), Tensor.randn(2, 784, 256)); // batch-1 inference
        assertEngine("openblas", Tensor.randn(3, 128, 256), Tensor.randn(4, 256, 1).expand(256, 64));
        assertEngine("openblas", Tensor.randn(5, 2, 4, 32, 64), Tensor.randn(6, 4, 64, 32));
    }
}
