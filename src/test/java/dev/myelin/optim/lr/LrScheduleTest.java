package dev.myelin.optim.lr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.optim.Adam;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closed forms at chosen epochs, the scheduler driving an optimizer, and argument checks (PyTorch's values: LrScheduleGoldenTest). */
class LrScheduleTest extends ScopedTest {
    @Test
    void closedForms() {
        assertEquals(0.25, new StepLR(2, 0.5).lr(1, 5), 1e-15);
        assertEquals(1e-3, new MultiStepLR(new int[] {3, 6}, 0.1).lr(0.1, 6), 1e-15);
        assertEquals(0.1 * Math.pow(0.95, 7), new ExponentialLR(0.95).lr(0.1, 7), 1e-15);
        assertEquals(0.01, new CosineAnnealingLR(8, 0.01).lr(1, 8), 1e-15);
        assertEquals(0.505, new CosineAnnealingLR(8, 0.01).lr(1, 4), 1e-12);
        LinearWarmup warmup = new LinearWarmup(4, 0.2, new ExponentialLR(0.5));
        assertEquals(0.2, warmup.lr(1, 0), 1e-15);
        assertEquals(0.6, warmup.lr(1, 2), 1e-15);
        assertEquals(1.0, warmup.lr(1, 4), 1e-15);
        assertEquals(0.25, warmup.lr(1, 6), 1e-15);
        assertEquals(0.3, LrSchedule.constant().lr(0.3, 100));
    }

    @Test
    void theSchedulerSetsEveryGroupFromItsOwnBaseRate() {
        try (Adam adam = new Adam(List.of(Tensor.zeros(2).requiresGrad(true)), 0.4)) {
            LrScheduler s = new LrScheduler(adam, new LinearWarmup(2, 0.5));
            assertEquals(0.2, adam.lr(), 1e-15); // applied at construction, like PyTorch
            s.step();
            assertEquals(0.3, adam.lr(), 1e-15);
            s.step();
            s.step();
            assertArrayEquals(new double[] {0.4}, s.lastLr(), 1e-15);
            assertEquals(3, s.epoch());
        }
    }

    @Test
    void plateauWaitsForPatienceThenCoolsDown() {
        try (Adam adam = new Adam(List.of(Tensor.zeros(2).requiresGrad(true)), 1.0)) {
            var p = new ReduceLROnPlateau(adam, ReduceLROnPlateau.Mode.MIN, 0.5, 1, 0, ReduceLROnPlateau.ThresholdMode.ABS,
                    1, 0.3, 1e-8);
            assertFalse(p.step(1.0));   // best
            assertFalse(p.step(1.0));   // 1 bad epoch: within patience
            assertTrue(p.step(1.0));    // 2 > patience: halve
            assertEquals(0.5, adam.lr());
            assertFalse(p.step(1.0));   // cooldown: not counted
            assertFalse(p.step(1.0));
            assertTrue(p.step(1.0));    // clamped at min_lr
            assertEquals(0.3, adam.lr());
            assertFalse(p.step(0.5));   // improvement
            assertEquals(0.5, p.best());
            assertEquals(0, p.badEpochs());
        }
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertMessage("StepLR: step_size must be positive, got 0", () -> new StepLR(0, 0.1));
        assertMessage("ExponentialLR: gamma must be a finite factor > 0, got -0.5", () -> new ExponentialLR(-0.5));
        assertMessage("MultiStepLR: milestones must be increasing and >= 0, got [5, 3]", () -> new MultiStepLR(new int[] {5, 3}, 0.1));
        assertMessage("CosineAnnealingLR: T_max must be positive, got 0", () -> new CosineAnnealingLR(0));
        assertMessage("LinearWarmup: Starting multiplicative factor expected to be in (0, 1], got 1.5", () -> new LinearWarmup(3, 1.5));
        try (Adam adam = new Adam(List.of(Tensor.zeros(2).requiresGrad(true)), 1.0)) {
            assertMessage("ReduceLROnPlateau: Factor should be < 1.0 (and >= 0), got 1.0",
                    () -> new ReduceLROnPlateau(adam, ReduceLROnPlateau.Mode.MAX, 1.0, 2, 0, ReduceLROnPlateau.ThresholdMode.REL, 0, 0, 0));
        }
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, e).getMessage());
    }
}
