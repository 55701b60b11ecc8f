package dev.myelin.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class SgdTest extends ScopedTest {
    @Test
    void stepSubtractsTheScaledGradientInPlace() {
        Tensor w = Tensor.of(new float[] {1, -2, 3}, 3).requiresGrad(true);
        Tensor untouched = Tensor.of(new float[] {5}, 1).requiresGrad(true); // no gradient: left alone
        Tensor storageBefore = w.detach();
        w.mul(w).sum().backward();              // grad = 2w = {2, -4, 6}
        Sgd sgd = new Sgd(List.of(w, untouched), 0.1f);
        sgd.step();
        float[] expected = {1 - 0.1f * 2, -2 - 0.1f * -4, 3 - 0.1f * 6};
        assertArrayEquals(expected, w.toFloatArray(), 1e-7f);
        assertArrayEquals(expected, storageBefore.toFloatArray(), 1e-7f); // same memory
        assertNull(w.gradFn());                                           // updates are not recorded
        assertArrayEquals(new float[] {5}, untouched.toFloatArray());
        Tensor g = w.grad();
        sgd.zeroGrad();
        assertSame(g, w.grad());
        assertArrayEquals(new float[] {0, 0, 0}, g.toFloatArray());
    }

    @Test
    void descendsAQuadraticToItsMinimum() {
        Tensor x = Tensor.of(new float[] {4, -3}, 2).requiresGrad(true);
        Tensor target = Tensor.of(new float[] {1, 2}, 2);
        Sgd sgd = new Sgd(List.of(x), 0.1f);
        for (int i = 0; i < 100; i++) {
            try (Scope step = Scope.open("step")) {
                sgd.zeroGrad();
                x.sub(target).pow(2f).sum().backward();
                sgd.step();
            }
        }
        assertArrayEquals(new float[] {1, 2}, x.toFloatArray(), 1e-4f); // error shrinks by 0.8 per step
    }

    @Test
    void invalidSettingsAreRejected() {
        Tensor w = Tensor.zeros(2).requiresGrad(true);
        var lr = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(w), -0.1f));
        assertEquals("Invalid learning rate: -0.1", lr.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(w), Float.NaN));
        var empty = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(), 0.1f));
        assertEquals("Sgd: got an empty parameter list", empty.getMessage());
        var view = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(w, Tensor.zeros(2, 3).t()), 0.1f));
        assertTrue(view.getMessage().startsWith("Sgd: parameter 1 [3, 2] must be a contiguous float32 leaf tensor"),
                view.getMessage());
        assertEquals(0.1f, new Sgd(List.of(w), 0.1f).lr());
    }
}
