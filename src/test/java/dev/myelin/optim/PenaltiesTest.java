package dev.myelin.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.myelin.autograd.GradCheck;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class PenaltiesTest extends ScopedTest {
    @Test
    void l1AndL2MatchAJavaReference() {
        Tensor a = GradCheck.input(1, 3, 4);
        Tensor b = GradCheck.input(2, 5);
        double abs = 0;
        double squares = 0;
        for (Tensor t : List.of(a, b)) {
            for (float v : t.toFloatArray()) {
                abs += Math.abs(v);
                squares += (double) v * v;
            }
        }
        assertEquals(0.3 * abs, Penalties.l1(List.of(a, b), 0.3f).item(), 1e-5 * abs);
        assertEquals(0.3 * squares, Penalties.l2(List.of(a, b), 0.3f).item(), 1e-5 * squares);
        assertArrayEquals(new int[0], Penalties.l2(List.of(a, b), 0.3f).shape());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradCheck.check("l1", in -> Penalties.l1(List.of(in[0], in[1]), 0.7f), 1e-3, 1e-2,
                GradCheck.input(3, 4, 3), GradCheck.input(4, 6));
        GradCheck.check("l2", in -> Penalties.l2(List.of(in[0], in[1]), 0.7f), 1e-3, 1e-2,
                GradCheck.input(5, 4, 3), GradCheck.input(6, 6));
    }

    @Test
    void l1GradientAtZeroIsZeroAsInPyTorch() {
        Tensor w = Tensor.of(new float[] {0, -2, 3}, 3).requiresGrad(true);
        Penalties.l1(List.of(w), 2f).backward();
        assertArrayEquals(new float[] {0, -2, 2}, w.grad().toFloatArray());
    }

    /** SGD's weight_decay wd is the same step as adding l2(params, wd / 2) to the loss. */
    @Test
    void sgdWeightDecayEqualsAnL2TermOfHalfTheDecay() {
        float wd = 0.2f;
        Tensor target = Tensor.of(new float[] {1, -1, 0.5f}, 3);
        Tensor decayed = Tensor.of(new float[] {2, 3, -1}, 3).requiresGrad(true);
        Tensor penalised = Tensor.of(new float[] {2, 3, -1}, 3).requiresGrad(true);
        try (Sgd a = new Sgd(List.of(decayed), HyperParams.of().lr(0.1).weightDecay(wd));
             Sgd b = new Sgd(List.of(penalised), 0.1)) {
            for (int i = 0; i < 5; i++) {
                a.zeroGrad();
                decayed.sub(target).pow(2f).sum().backward();
                a.step();
                b.zeroGrad();
                penalised.sub(target).pow(2f).sum().add(Penalties.l2(List.of(penalised), wd / 2)).backward();
                b.step();
            }
        }
        assertArrayEquals(decayed.toFloatArray(), penalised.toFloatArray(), 1e-6f);
    }

    @Test
    void invalidArgumentsAreRejected() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        assertEquals("l1: lambda must be a finite value >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> Penalties.l1(List.of(w), -1)).getMessage());
        assertEquals("l2: got an empty parameter list",
                assertThrows(IllegalArgumentException.class, () -> Penalties.l2(List.of(), 1)).getMessage());
    }
}
