package dev.myelin.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.myelin.optim.lr.CosineAnnealingLR;
import dev.myelin.optim.lr.ExponentialLR;
import dev.myelin.optim.lr.LinearWarmup;
import dev.myelin.optim.lr.LrSchedule;
import dev.myelin.optim.lr.LrScheduler;
import dev.myelin.optim.lr.MultiStepLR;
import dev.myelin.optim.lr.ReduceLROnPlateau;
import dev.myelin.optim.lr.StepLR;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The learning rates each schedule sets, epoch by epoch, against those PyTorch's schedulers set on
 * an SGD optimizer with two groups (fixture optim_lr.json). PyTorch mostly steps recursively and
 * Myelin in closed form, so they agree to double rounding: relative error 1e-9.
 */
class LrScheduleGoldenTest extends ScopedTest {
    static Stream<OptimFixtures.Schedule> cases() {
        return OptimFixtures.schedules().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorchEveryEpoch(OptimFixtures.Schedule c) {
        double[] base = c.baseLrs();
        try (Sgd sgd = new Sgd(HyperParams.of().lr(base[0]), ParamGroup.of(List.of(Tensor.zeros(1).requiresGrad(true))),
                ParamGroup.of(List.of(Tensor.zeros(1).requiresGrad(true)), HyperParams.of().lr(base[1])))) {
            if (c.metrics() != null) {
                ReduceLROnPlateau plateau = plateau(sgd, c.args());
                for (int e = 0; e < c.metrics().length; e++) {
                    plateau.step(c.metrics()[e]);
                    assertRates(c, e, c.lrs().get(e), new double[] {sgd.lr(0), sgd.lr(1)});
                }
                return;
            }
            LrScheduler scheduler = new LrScheduler(sgd, schedule(c.schedule(), c.args()));
            for (int e = 0; e < c.lrs().size(); e++) {
                if (e > 0) {
                    scheduler.step();
                }
                assertEquals(e, scheduler.epoch());
                assertRates(c, e, c.lrs().get(e), scheduler.lastLr());
            }
        }
    }

    private static void assertRates(OptimFixtures.Schedule c, int epoch, double[] expected, double[] actual) {
        for (int g = 0; g < expected.length; g++) {
            double err = Math.abs(actual[g] - expected[g]) / Math.max(Math.abs(expected[g]), 1e-300);
            assertTrue(err <= 1e-9 || expected[g] == actual[g], c.name() + " epoch " + epoch + " group " + g
                    + ": PyTorch " + expected[g] + ", Myelin " + actual[g]);
        }
    }

    private static LrSchedule schedule(String name, JsonObject a) {
        return switch (name) {
            case "StepLR" -> new StepLR(a.get("step_size").getAsInt(), a.get("gamma").getAsDouble());
            case "MultiStepLR" -> new MultiStepLR(OptimFixtures.ints(a.getAsJsonArray("milestones")), a.get("gamma").getAsDouble());
            case "ExponentialLR" -> new ExponentialLR(a.get("gamma").getAsDouble());
            case "CosineAnnealingLR" -> new CosineAnnealingLR(a.get("T_max").getAsInt(), a.get("eta_min").getAsDouble());
            case "LinearWarmup" -> new LinearWarmup(a.get("warmup").getAsInt(), a.get("start_factor").getAsDouble(),
                    a.has("T_max") ? new CosineAnnealingLR(a.get("T_max").getAsInt(), a.get("eta_min").getAsDouble())
                            : LrSchedule.constant());
            default -> throw new IllegalArgumentException("unknown schedule in optim_lr.json: " + name);
        };
    }

    private static ReduceLROnPlateau plateau(Optimizer opt, JsonObject a) {
        return new ReduceLROnPlateau(opt,
                ReduceLROnPlateau.Mode.valueOf(a.get("mode").getAsString().toUpperCase(Locale.ROOT)),
                a.get("factor").getAsDouble(), a.get("patience").getAsInt(), a.get("threshold").getAsDouble(),
                ReduceLROnPlateau.ThresholdMode.valueOf(a.get("threshold_mode").getAsString().toUpperCase(Locale.ROOT)),
                a.get("cooldown").getAsInt(), a.get("min_lr").getAsDouble(), 1e-8);
    }
}
