package dev.myelin.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer against PyTorch (fixture optim.json, from src/test/python/make_optim_golden.py):
 * the same initial parameters and the same fixed gradients for 7 steps, with parameters compared
 * after every step. An element passes when {@code |java - torch| <= 1e-4 * max(1, |torch|)}; both
 * sides compute in float32, so the differences are rounding (fused vs separate operations).
 *
 * <p>The NAdam cases follow PyTorch 2.0's corrected rule, not Debian's PyTorch 1.13 (whose running
 * product of momentum factors has the bug pytorch/pytorch#92699): the script computes them with a
 * hand transcription of 2.0's NAdam, checked against 1.13's with the old line put back.
 */
class OptimizerGoldenTest extends ScopedTest {
    static final double TOLERANCE = 1e-4;

    static Stream<OptimFixtures.Trajectory> cases() {
        return OptimFixtures.trajectories().stream();
    }

    @Test
    void everyOptimizerAndTheMainOptionsAreCovered() {
        List<String> names = cases().map(OptimFixtures.Trajectory::name).toList();
        for (String expected : List.of("sgd_nesterov_weight_decay", "sgd_momentum_dampening", "adagrad_decay_init",
                "adadelta", "rmsprop_centered_momentum", "adam_amsgrad_weight_decay", "adam_groups_missing_grads",
                "adamw_amsgrad", "adamax", "nadam", "nadam_weight_decay_momentum_decay")) {
            assertTrue(names.contains(expected), expected + " missing from optim.json: " + names);
        }
        assertTrue(cases().allMatch(c -> c.steps().size() >= 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorchAfterEveryStep(OptimFixtures.Trajectory c) {
        List<Tensor> params = new ArrayList<>();
        for (int i = 0; i < c.shapes().size(); i++) {
            params.add(Tensor.of(c.init().get(i), c.shapes().get(i)).requiresGrad(true));
        }
        try (Optimizer opt = create(c, params)) {
            for (int t = 0; t < c.steps().size(); t++) {
                OptimFixtures.Step step = c.steps().get(t);
                for (int i = 0; i < params.size(); i++) {
                    float[] g = step.grads().get(i);
                    params.get(i).setGrad(g == null ? null : Tensor.of(g, c.shapes().get(i)));
                }
                opt.step();
                for (int i = 0; i < params.size(); i++) {
                    assertClose(c.name() + " step " + (t + 1) + " parameter " + i, step.after().get(i),
                            params.get(i).toFloatArray());
                }
            }
        }
    }

    static void assertClose(String what, double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what);
        for (int k = 0; k < expected.length; k++) {
            double err = Math.abs(actual[k] - expected[k]) / Math.max(1, Math.abs(expected[k]));
            assertTrue(err <= TOLERANCE, what + " element " + k + ": expected " + expected[k] + " (PyTorch), got "
                    + actual[k] + ", relative error " + err);
        }
    }

    private static Optimizer create(OptimFixtures.Trajectory c, List<Tensor> params) {
        HyperParams settings = OptimFixtures.hyper(c.settings());
        List<ParamGroup> groups = new ArrayList<>();
        if (c.groups() == null) {
            groups.add(ParamGroup.of(params));
        } else {
            for (JsonElement e : c.groups()) {
                JsonObject g = e.getAsJsonObject();
                List<Tensor> members = new ArrayList<>();
                for (int index : OptimFixtures.ints(g.getAsJsonArray("params"))) {
                    members.add(params.get(index));
                }
                groups.add(ParamGroup.of(members, OptimFixtures.hyper(g.getAsJsonObject("settings"))));
            }
        }
        ParamGroup[] g = groups.toArray(ParamGroup[]::new);
        return switch (c.optimizer()) {
            case "Sgd" -> new Sgd(settings, g);
            case "Adagrad" -> new Adagrad(settings, g);
            case "Adadelta" -> new Adadelta(settings, g);
            case "RmsProp" -> new RmsProp(settings, g);
            case "Adam" -> new Adam(settings, g);
            case "AdamW" -> new AdamW(settings, g);
            case "AdaMax" -> new AdaMax(settings, g);
            case "NAdam" -> new NAdam(settings, g);
            default -> throw new IllegalArgumentException("unknown optimizer in optim.json: " + c.optimizer());
        };
    }
}
