package dev.myelin.autograd;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.memory.NativeHeap;
import dev.myelin.memory.Scope;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import org.junit.jupiter.api.Test;

class AutogradTest extends ScopedTest {
    @Test
    void sharedSubgraphsAccumulate() {
        Tensor x = Tensor.of(new float[] {2, 3}, 2).requiresGrad(true);
        Tensor y = x.mul(x).add(x);          // x^2 + x, x used three times
        y.sum().backward();
        assertArrayEquals(new float[] {5, 7}, x.grad().toFloatArray());
        Tensor z = x.mul(3f).sum();
        z.backward();                        // accumulates into the existing grad
        assertArrayEquals(new float[] {8, 10}, x.grad().toFloatArray());
        x.zeroGrad();
        assertArrayEquals(new float[] {0, 0}, x.grad().toFloatArray());
    }

    @Test
    void zeroGradKeepsTheGradientMemoryAndTheNextBackwardOverwritesIt() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        x.mul(3f).sum().backward();
        Tensor first = x.grad();
        x.zeroGrad();
        x.mul(x).sum().backward();
        assertTrue(first == x.grad(), "the same gradient tensor is reused");
        assertArrayEquals(new float[] {2, 4}, x.grad().toFloatArray());
        x.zeroGrad();
        assertArrayEquals(new float[] {0, 0}, x.grad().toFloatArray()); // read after zeroGrad: zeros
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {4, 8}, x.grad().toFloatArray()); // and accumulation resumes
    }

    @Test
    void aSecondBackwardOverAFreedGraphIsAClearError() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor loss = x.exp().sum();
        loss.backward();
        var e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("already freed by an earlier backward()"), e.getMessage());
        Tensor kept = x.exp().sum();
        kept.backward(Tensor.ones(), true);
        kept.backward(Tensor.ones(), true);
        assertEquals(3 * Math.E, x.grad().toFloatArray()[0], 1e-5);
    }

    @Test
    void noGradDetachAndNonScalarBackward() {
        Tensor x = Tensor.randn(1, 3).requiresGrad(true);
        try (var off = GradMode.noGrad()) {
            assertNull(x.mul(x).gradFn());
        }
        assertNull(x.detach().gradFn());
        assertTrue(!x.detach().requiresGrad());
        var e = assertThrows(IllegalArgumentException.class, () -> x.mul(x).backward());
        assertEquals("backward: output of shape [3] is not a scalar; pass the gradient of the output: backward(grad)", e.getMessage());
        assertThrows(IllegalStateException.class, () -> Tensor.zeros(1).backward());
        x.mul(x).backward(Tensor.ones(3));
        assertEquals(2 * x.getFloat(0), x.grad().getFloat(0), 1e-6);
    }

    @Test
    void broadcastGradientsAreSummedBackToTheInputShape() {
        Tensor a = Tensor.randn(1, 4, 3).requiresGrad(true);
        Tensor b = Tensor.randn(2, 3).requiresGrad(true);
        a.add(b).sum().backward();
        assertArrayEquals(new int[] {3}, b.grad().shape());
        assertArrayEquals(new float[] {4, 4, 4}, b.grad().toFloatArray());
    }

    @Test
    void arithmeticGradientsMatchFiniteDifferences() {
        Tensor a = input(1, 3, 4);
        Tensor b = input(2, 4);
        GradCheck.check("add", in -> in[0].add(in[1]), 1e-2, 1e-3, a, b);
        GradCheck.check("sub", in -> in[0].sub(in[1]), 1e-2, 1e-3, a, b);
        GradCheck.check("mul", in -> in[0].mul(in[1]), 1e-2, 1e-3, a, b);
        Tensor pos = Ops.addScalar(Ops.abs(input(3, 4)), 1).detach().requiresGrad(true);
        GradCheck.check("div", in -> in[0].div(in[1]), 1e-3, 1e-2, a, pos);
        GradCheck.check("exp", in -> in[0].exp(), 1e-3, 1e-2, a);
        GradCheck.check("log", in -> in[0].log(), 1e-3, 1e-2, pos);
        GradCheck.check("sqrt", in -> in[0].sqrt(), 1e-3, 1e-2, pos);
        GradCheck.check("pow", in -> in[0].pow(3f), 1e-3, 1e-2, a);
        GradCheck.check("pow tensor", in -> in[0].pow(in[1]), 1e-3, 1e-2, pos, input(4, 4));
        GradCheck.check("clamp", in -> in[0].clamp(-0.5f, 0.5f), 1e-3, 1e-2, a);
        GradCheck.check("matmul", in -> in[0].matmul(in[1]), 1e-2, 1e-3, input(5, 2, 3, 4), input(6, 4, 5));
        GradCheck.check("matmul vec", in -> in[0].matmul(in[1]), 1e-2, 1e-3, input(7, 3, 4), input(8, 4));
        GradCheck.check("sum", in -> in[0].sum(false, 1), 1e-2, 1e-3, input(9, 2, 3, 4));
        GradCheck.check("mean", in -> in[0].mean(true, 0, 2), 1e-2, 1e-3, input(10, 2, 3, 4));
        GradCheck.check("max", in -> Ops.max(in[0], 1, false).values(), 1e-3, 1e-2, input(11, 3, 5));
        GradCheck.check("min", in -> Ops.min(in[0], 0, true).values(), 1e-3, 1e-2, input(12, 3, 5));
    }

    @Test
    void viewAndIndexGradientsMatchFiniteDifferences() {
        Tensor x = input(1, 3, 4);
        GradCheck.check("transpose", in -> in[0].t().mul(in[0].t()), 1e-2, 1e-3, x);
        GradCheck.check("slice", in -> in[0].slice(1, 1, 4, 2).exp(), 1e-3, 1e-2, x);
        GradCheck.check("select", in -> in[0].select(0, 2).exp(), 1e-3, 1e-2, x);
        GradCheck.check("reshape", in -> in[0].reshape(2, 6).exp(), 1e-3, 1e-2, x);
        GradCheck.check("expand", in -> in[0].unsqueeze(0).expand(2, 3, 4).exp(), 1e-3, 1e-2, x);
        GradCheck.check("concat", in -> Ops.concat(1, in[0], in[1].exp()), 1e-3, 1e-2, x, input(2, 3, 2));
        GradCheck.check("stack", in -> Ops.stack(0, in[0], in[1]).exp(), 1e-3, 1e-2, x, input(3, 3, 4));
        Tensor idx = Tensor.ofLongs(new long[] {2, 0, 2}, 3);
        GradCheck.check("index_select", in -> Ops.indexSelect(in[0], 0, idx).exp(), 1e-3, 1e-2, x);
        Tensor g = Tensor.ofLongs(new long[] {0, 3, 3, 1, 2, 2}, 3, 2);
        GradCheck.check("gather", in -> Ops.gather(in[0], 1, g).exp(), 1e-3, 1e-2, x);
        Tensor mask = Tensor.of(new float[] {1, 0, 0, 1}, 4);
        GradCheck.check("masked_fill", in -> Ops.maskedFill(in[0], mask, -3f).exp(), 1e-3, 1e-2, x);
        GradCheck.check("where", in -> Ops.where(mask, in[0], in[1]), 1e-2, 1e-3, x, input(4, 3, 4));
    }

    @Test
    void indexSelectScatterAddsRepeatedRows() {
        Tensor table = Tensor.zeros(4, 2).requiresGrad(true);
        Ops.indexSelect(table, 0, Tensor.ofInts(new int[] {1, 1, 3}, 3)).sum().backward();
        assertArrayEquals(new float[] {0, 0, 2, 2, 0, 0, 1, 1}, table.grad().toFloatArray());
        var e = assertThrows(IndexOutOfBoundsException.class, () -> Ops.indexSelect(table, 0, Tensor.ofInts(new int[] {4}, 1)));
        assertEquals("index_select: index 4 at position 0 is out of range [0, 4)", e.getMessage());
    }

    @Test
    void trainingLoopMemoryStaysFlat() {
        Tensor w = input(1, 8, 4);
        long bytes = 0;
        for (int i = 0; i < 2000; i++) {
            try (Scope step = Scope.open("step")) {
                Tensor loss = Tensor.randn(i, 16, 8).matmul(w).exp().mean();
                loss.backward();
                w.zeroGrad();
            }
            if (i == 10) {
                bytes = NativeHeap.liveBytes();
            }
        }
        assertEquals(bytes, NativeHeap.liveBytes());
    }
}
