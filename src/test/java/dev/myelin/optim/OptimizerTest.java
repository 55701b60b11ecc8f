package dev.myelin.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.memory.NativeHeap;
import dev.myelin.memory.Scope;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Behaviour every optimizer shares: convergence, allocation-free steps, state save/restore, groups, closing. */
class OptimizerTest extends ScopedTest {
    /** Each optimizer with its options switched on, a learning rate that suits the quadratic below, and a step count. */
    static Stream<Arguments> optimizers() {
        return Stream.of(
                of("Sgd", p -> new Sgd(p, HyperParams.of().lr(0.05).momentum(0.9).set("nesterov", true).weightDecay(1e-4)), 300),
                of("Sgd plain", p -> new Sgd(p, 0.1), 300),
                of("Adagrad", p -> new Adagrad(p, HyperParams.of().lr(0.5).set("initial_accumulator_value", 0.1)), 500),
                of("Adadelta", p -> new Adadelta(p, HyperParams.of().lr(1).eps(1e-2)), 1500),
                of("RmsProp", p -> new RmsProp(p, HyperParams.of().lr(0.01).momentum(0.5).set("centered", true)), 1000),
                of("Adam", p -> new Adam(p, HyperParams.of().lr(0.05).set("amsgrad", true)), 1000),
                of("AdamW", p -> new AdamW(p, HyperParams.of().lr(0.05).weightDecay(1e-4)), 1000),
                of("AdaMax", p -> new AdaMax(p, 0.05), 1000),
                of("NAdam", p -> new NAdam(p, 0.05), 1000));
    }

    private static Arguments of(String name, Function<List<Tensor>, Optimizer> make, int steps) {
        return Arguments.of(name, make, steps);
    }

    private static final float[] START = {4, -3, 2, 0.5f};
    private static final float[] TARGET = {1, 2, -1, 0};
    private static final float[] CURVATURE = {1, 2, 0.5f, 1};

    /** f(x) = sum c_i (x_i - t_i)^2, minimised at t. */
    private static Tensor quadratic(Tensor x) {
        return x.sub(Tensor.of(TARGET, 4)).pow(2f).mul(Tensor.of(CURVATURE, 4)).sum();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void minimisesAQuadratic(String name, Function<List<Tensor>, Optimizer> make, int steps) {
        Tensor x = Tensor.of(START, 4).requiresGrad(true);
        try (Optimizer opt = make.apply(List.of(x))) {
            for (int i = 0; i < steps; i++) {
                try (Scope step = Scope.open("step")) {
                    opt.zeroGrad();
                    quadratic(x).backward();
                    opt.step();
                }
            }
        }
        assertArrayEquals(TARGET, x.toFloatArray(), 2e-2f, name + " ended at " + x);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stepsAllocateNoNativeMemoryAfterTheFirst(String name, Function<List<Tensor>, Optimizer> make, int steps) {
        List<Tensor> params = params(1);
        fixedGradients(params, 2);
        try (Optimizer opt = make.apply(params)) {
            long before = scope.ownedBytes();
            opt.step();
            assertEquals(before, scope.ownedBytes(), name + ": state must live in the optimizer's scope, not the caller's");
            long allocations = NativeHeap.totalAllocations();
            for (int i = 0; i < 100; i++) {
                opt.step();
            }
            assertEquals(allocations, NativeHeap.totalAllocations(), name + " allocated native memory in step()");
            assertTrue(params.get(0).gradFn() == null, "updates must not record");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void restoredStateContinuesIdentically(String name, Function<List<Tensor>, Optimizer> make, int steps) {
        List<Tensor> params = params(3);
        try (Optimizer opt = make.apply(params)) {
            run(opt, params, 0, 3);
            List<Tensor> savedParams = params.stream().map(Tensor::copy).toList();
            OptimizerState saved = opt.stateDict();
            float[][] first = run(opt, params, 3, 4);
            restore(params, savedParams);
            opt.loadStateDict(saved);
            assertArrayEquals(first, run(opt, params, 3, 4), name + ": same optimizer after loadStateDict");
            restore(params, savedParams);
            try (Optimizer fresh = make.apply(params)) {
                fresh.loadStateDict(saved);
                assertArrayEquals(first, run(fresh, params, 3, 4), name + ": fresh optimizer after loadStateDict");
            }
        }
    }

    private static List<Tensor> params(long seed) {
        return List.of(Tensor.randn(seed, 3, 4).requiresGrad(true), Tensor.randn(seed + 1, 5).requiresGrad(true));
    }

    private static void fixedGradients(List<Tensor> params, long seed) {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).setGrad(Tensor.randn(seed + i, params.get(i).shape()));
        }
    }

    /** Steps {@code from .. from+count-1}, each with its own seeded gradients; returns the parameters after each. */
    private static float[][] run(Optimizer opt, List<Tensor> params, int from, int count) {
        List<float[]> out = new ArrayList<>();
        for (int t = from; t < from + count; t++) {
            fixedGradients(params, 100L * t);
            opt.step();
            params.forEach(p -> out.add(p.toFloatArray()));
        }
        return out.toArray(float[][]::new);
    }

    private static void restore(List<Tensor> params, List<Tensor> saved) {
        for (int i = 0; i < params.size(); i++) {
            Kernels.assign(params.get(i).detach(), saved.get(i));
        }
    }

    @Test
    void stateDictNamesBuffersStepsAndHyperParameters() {
        List<Tensor> params = params(5);
        try (Adam adam = new Adam(HyperParams.of().set("amsgrad", true), ParamGroup.of(params.subList(0, 1)),
                ParamGroup.of(params.subList(1, 2), HyperParams.of().lr(1e-4)))) {
            params.get(0).setGrad(Tensor.ones(3, 4));
            adam.step();
            adam.step();
            OptimizerState s = adam.stateDict();
            assertEquals(List.of("0.0.exp_avg", "0.0.exp_avg_sq", "0.0.max_exp_avg_sq"), List.copyOf(s.tensors().keySet()));
            assertEquals("2", s.metadata().get("0.0.step"));
            assertTrue(!s.metadata().containsKey("1.0.step"), "a parameter that never stepped has no state");
            assertEquals("0.001", s.metadata().get("0.lr"));
            assertEquals("1.0E-4", s.metadata().get("1.lr"));
            assertEquals("true", s.metadata().get("1.amsgrad"));
            // m after two steps of g = 1: 1 - 0.9^2
            assertEquals(0.19f, s.tensors().get("0.0.exp_avg").getFloat(0, 0), 1e-6f);
            assertEquals(scope, s.tensors().get("0.0.exp_avg").storage().owner(), "a snapshot belongs to the caller");
            float before = s.tensors().get("0.0.exp_avg").getFloat(0, 0);
            adam.step();
            assertEquals(before, s.tensors().get("0.0.exp_avg").getFloat(0, 0), "a snapshot is a copy");
        }
    }

    @Test
    void loadStateDictChecksEverythingFirst() {
        List<Tensor> params = params(6);
        try (Adam adam = new Adam(params, 0.01); Sgd sgd = new Sgd(params, HyperParams.of().lr(0.1).momentum(0.9))) {
            fixedGradients(params, 1);
            adam.step();
            sgd.step();
            var wrong = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(sgd.stateDict()));
            assertTrue(wrong.getMessage().startsWith("loadStateDict into Adam: missing keys [0.amsgrad, 0.beta1, 0.beta2, "
                    + "0.eps]; unexpected keys [0.0.momentum_buffer, 0.1.momentum_buffer, 0.dampening, 0.momentum, 0.nesterov]"),
                    wrong.getMessage());
            OptimizerState good = adam.stateDict();
            good.tensors().put("0.1.exp_avg", Tensor.zeros(4));
            var shape = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(good));
            assertEquals("loadStateDict into Adam: '0.1.exp_avg' is float32 [4], expected float32 [5]", shape.getMessage());
            OptimizerState badLr = adam.stateDict();
            badLr.metadata().put("0.lr", "-1");
            var lr = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(badLr));
            assertEquals("Invalid learning rate: -1.0", lr.getMessage());
            assertEquals(0.01, adam.lr(), "a refused state changes nothing");
            OptimizerState noStep = adam.stateDict();
            noStep.metadata().remove("0.0.step");
            var step = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(noStep));
            assertEquals("loadStateDict into Adam: missing keys [0.0.step]", step.getMessage());
        }
    }

    @Test
    void groupsHaveTheirOwnHyperParametersAndLearningRates() {
        Tensor a = Tensor.ones(2).requiresGrad(true);
        Tensor b = Tensor.ones(2).requiresGrad(true);
        try (Sgd sgd = new Sgd(HyperParams.of().lr(0.1), ParamGroup.of(List.of(a)),
                ParamGroup.of(List.of(b), HyperParams.of().lr(0.5).weightDecay(1)))) {
            assertEquals(0.1, sgd.lr(0), 1e-12);
            assertEquals(0.5, sgd.lr(1), 1e-12);
            assertEquals(1.0, sgd.groups().get(1).hyper().get("weight_decay"));
            assertEquals(0.0, sgd.groups().get(0).hyper().get("weight_decay"));
            a.setGrad(Tensor.ones(2));
            b.setGrad(Tensor.ones(2));
            sgd.step();
            assertArrayEquals(new float[] {0.9f, 0.9f}, a.toFloatArray(), 1e-7f);
            assertArrayEquals(new float[] {0f, 0f}, b.toFloatArray(), 1e-7f); // 1 - 0.5 * (1 + 1 * 1)
            sgd.setLr(1, 0.25);
            assertEquals(0.25, sgd.lr(1));
            sgd.setLr(0.2);
            assertEquals(List.of(0.2, 0.2), sgd.groups().stream().map(ParamGroup::lr).toList());
            sgd.groups().get(0).hyper().lr(99); // a copy: the optimizer is not changed behind its back
            assertEquals(0.2, sgd.lr(0));
            assertEquals(List.of(a, b), sgd.params());
        }
    }

    @Test
    void invalidSettingsGetPyTorchsMessages() {
        List<Tensor> p = List.of(Tensor.zeros(2).requiresGrad(true));
        assertMessage("Invalid learning rate: -0.1", () -> new Adam(p, -0.1f));
        assertMessage("Invalid momentum value: -0.5", () -> new Sgd(p, HyperParams.of().momentum(-0.5)));
        assertMessage("Invalid weight_decay value: -1.0", () -> new AdamW(p, HyperParams.of().weightDecay(-1)));
        assertMessage("Nesterov momentum requires a momentum and zero dampening",
                () -> new Sgd(p, HyperParams.of().set("nesterov", true)));
        assertMessage("Invalid beta parameter at index 0: 1.0", () -> new Adam(p, HyperParams.of().betas(1, 0.9)));
        assertMessage("Invalid beta parameter at index 1: -0.1", () -> new AdaMax(p, HyperParams.of().betas(0.9, -0.1f)));
        assertMessage("Invalid epsilon value: -1.0", () -> new RmsProp(p, HyperParams.of().eps(-1)));
        assertMessage("Invalid momentum_decay value: -0.004", () -> new NAdam(p, HyperParams.of().set("momentum_decay", -0.004f)));
        assertMessage("Invalid lr_decay value: -0.5", () -> new Adagrad(p, HyperParams.of().set("lr_decay", -0.5)));
        assertMessage("Invalid initial_accumulator_value value: -1.0",
                () -> new Adagrad(p, HyperParams.of().set("initial_accumulator_value", -1)));
        assertMessage("Invalid rho value: 1.5", () -> new Adadelta(p, HyperParams.of().set("rho", 1.5)));
        assertMessage("Invalid alpha value: -0.5", () -> new RmsProp(p, HyperParams.of().set("alpha", -0.5)));
        assertMessage("Invalid learning rate: NaN", () -> new Sgd(p, Float.NaN));
        assertMessage("Invalid learning rate: -2.0",
                () -> new Sgd(HyperParams.of(), ParamGroup.of(p, HyperParams.of().lr(-2))));
        assertMessage("Adam: unknown hyper-parameter 'momentum'; known: lr, beta1, beta2, eps, weight_decay, amsgrad",
                () -> new Adam(p, HyperParams.of().momentum(0.9)));
        assertMessage("Adam: hyper-parameter 'amsgrad' is a flag (true/false), got 1.0",
                () -> new Adam(p, HyperParams.of().set("amsgrad", 1)));
        assertMessage("NAdam: got an empty parameter list", () -> new NAdam(List.of(), 0.1));
        assertMessage("Adam: some parameters appear in more than one parameter group (group 1 parameter 0 [2])",
                () -> new Adam(HyperParams.of(), ParamGroup.of(p), ParamGroup.of(p)));
        assertMessage("RmsProp: group 1 parameter 0 [3, 2] must be a contiguous float32 leaf tensor, got float32, non-contiguous",
                () -> new RmsProp(HyperParams.of(), ParamGroup.of(p), ParamGroup.of(List.of(Tensor.zeros(2, 3).t()))));
        try (Sgd sgd = new Sgd(p, 0.1)) {
            assertMessage("Invalid learning rate: -1.0", () -> sgd.setLr(-1));
        }
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void aClosedOptimizerRefusesToStep() {
        Tensor w = Tensor.ones(3).requiresGrad(true);
        w.setGrad(Tensor.ones(3));
        Adam adam = new Adam(List.of(w), 0.1);
        adam.step();
        adam.close();
        adam.close();
        var e = assertThrows(IllegalStateException.class, adam::step);
        assertEquals("Adam is closed; its state was freed", e.getMessage());
        assertNotEquals(1f, w.getFloat(0));
    }
}
