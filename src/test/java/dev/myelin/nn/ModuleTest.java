package dev.myelin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest extends ScopedTest {
    /** A two-layer model with a buffer, registered the way user code would. */
    static final class Net extends Module {
        final Tensor steps;
        final Linear fc1;
        final Linear fc2;

        Net(long seed) {
            steps = buffer("steps", Tensor.zeros(1));
            fc1 = module("fc1", new Linear(4, 3, true, seed));
            fc2 = module("fc2", new Linear(3, 2, false, seed + 1));
        }

        @Override
        public Tensor forward(Tensor x) {
            return fc2.forward(fc1.forward(x).exp());
        }
    }

    @Test
    void parametersComeInRegistrationOrderWithDottedNames() {
        try (Net net = new Net(1)) {
            LinkedHashMap<String, Tensor> named = net.namedParameters();
            assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight"), List.copyOf(named.keySet()));
            assertSame(net.fc1.weight(), named.get("fc1.weight"));
            assertEquals(List.copyOf(named.values()), net.parameters());
            assertEquals(4 * 3 + 3 + 3 * 2, net.numParameters());
            assertEquals(List.of(net.fc1, net.fc2), net.children());
            assertEquals(List.of("fc1", "fc2"), List.copyOf(net.namedChildren().keySet()));
            assertEquals(List.of("steps"), List.copyOf(net.namedBuffers().keySet()));
            assertEquals(List.of("steps", "fc1.weight", "fc1.bias", "fc2.weight"), List.copyOf(net.stateDict().keySet()));
            assertTrue(net.parameters().stream().allMatch(Tensor::requiresGrad));
            assertFalse(net.steps.requiresGrad());
        }
    }

    @Test
    void pathsFollowTheTreeEvenWhenRegisteredLater() {
        Sequential inner = new Sequential(new Linear(2, 2, true, 1));
        Sequential layers = new Sequential(new Identity(), inner);
        assertEquals("1.0", inner.get(0).path());
        Module root = new Module() {
            final Sequential body = module("layers", layers);

            @Override
            public Tensor forward(Tensor x) {
                return body.forward(x);
            }
        };
        try (root) {
            assertEquals("layers.1.0", inner.get(0).path());
            assertEquals("Linear 'layers.1.0'", inner.get(0).label());
            assertEquals(List.of("layers.1.0.weight", "layers.1.0.bias"), List.copyOf(root.namedParameters().keySet()));
            assertEquals("", root.path());
        }
    }

    @Test
    void badRegistrationsAreClearErrors() {
        Linear shared = new Linear(2, 2, true, 1);
        Sequential a = new Sequential(shared);
        var e = assertThrows(IllegalArgumentException.class, () -> new Sequential(shared));
        assertEquals("Sequential: cannot register Linear '0' as '0'; it is already part of Sequential", e.getMessage());
        Module m = new Module() {
            {
                param("w", 2);
                var dup = assertThrows(IllegalArgumentException.class, () -> param("w", 3));
                assertTrue(dup.getMessage().endsWith("'w' is already registered"), dup.getMessage());
                var dot = assertThrows(IllegalArgumentException.class, () -> buffer("a.b", Tensor.zeros(1)));
                assertTrue(dot.getMessage().contains("invalid name 'a.b'"), dot.getMessage());
                Tensor computed = Tensor.ones(2).requiresGrad(true).mul(2f);
                var nonLeaf = assertThrows(IllegalArgumentException.class, () -> param("c", computed));
                assertTrue(nonLeaf.getMessage().contains("not a leaf tensor"), nonLeaf.getMessage());
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        };
        m.close();
        a.close();
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        try (Sequential model = new Sequential(new Linear(2, 2, true, 1), new Sequential(new Identity()))) {
            Module deep = ((Sequential) model.get(1)).get(0);
            assertTrue(model.isTraining() && deep.isTraining());
            assertSame(model, model.eval());
            assertFalse(model.isTraining() || model.get(0).isTraining() || deep.isTraining());
            model.train();
            assertTrue(model.isTraining() && deep.isTraining());
        }
    }

    @Test
    void gradientsLiveWithTheModelAndZeroGradKeepsTheirMemory() {
        try (Net net = new Net(2)) {
            net.forward(Tensor.randn(3, 5, 4)).sum().backward();
            Tensor g = net.fc1.weight().grad();
            assertSame(net.fc1.weight().storage().owner(), g.storage().owner());
            assertNotEquals(0f, maxAbs(g));
            net.zeroGrad();
            assertSame(g, net.fc1.weight().grad());
            for (Tensor p : net.parameters()) {
                assertEquals(0f, maxAbs(p.grad()));
            }
        }
    }

    @Test
    void parametersOutliveTheScopeThatBuiltTheModel() {
        Net net;
        try (Scope building = Scope.open("building")) {
            net = new Net(3);
            net.forward(Tensor.randn(1, 2, 4));
        }
        try (net) {
            assertNotSame(scope, net.fc1.weight().storage().owner());
            assertEquals(2, net.forward(Tensor.randn(2, 1, 4)).size(1));
        }
    }

    @Test
    void stateDictRoundTripCopiesValues() {
        try (Net a = new Net(10); Net b = new Net(20)) {
            Tensor x = Tensor.randn(4, 3, 4);
            assertFalse(java.util.Arrays.equals(a.forward(x).toFloatArray(), b.forward(x).toFloatArray()));
            a.steps.setFloat(7f, 0);
            Map<String, Tensor> state = a.stateDict();
            assertFalse(state.get("fc1.weight").requiresGrad());
            b.loadStateDict(state);
            assertArrayEquals(a.forward(x).toFloatArray(), b.forward(x).toFloatArray());
            assertEquals(7f, b.steps.getFloat(0));
            a.fc1.weight().setFloat(100f, 0, 0); // a copy, not shared memory
            assertNotEquals(100f, b.fc1.weight().getFloat(0, 0));
            assertTrue(b.fc1.weight().requiresGrad());
        }
    }

    @Test
    void loadingAMismatchedStateDictNamesTheKeysAndShapesAndCopiesNothing() {
        try (Net net = new Net(1)) {
            float before = net.fc1.weight().getFloat(0, 0);
            Map<String, Tensor> state = new LinkedHashMap<>(net.stateDict());
            state.remove("fc1.bias");
            state.put("fc1.b", Tensor.zeros(3));
            var keys = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state));
            assertEquals("loadStateDict into Net: missing keys ['fc1.bias']; unexpected keys ['fc1.b']", keys.getMessage());

            Map<String, Tensor> wrongShape = new LinkedHashMap<>(net.stateDict());
            wrongShape.put("fc1.weight", Tensor.full(5f, 3, 4));
            wrongShape.put("fc2.weight", Tensor.zeros(3, 2));
            var shape = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(wrongShape));
            assertEquals("loadStateDict into Net: 'fc2.weight' has shape [3, 2] in the state dict but [2, 3] in the module",
                    shape.getMessage());
            wrongShape.put("fc2.weight", Tensor.ofInts(new int[6], 2, 3));
            var dtype = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(wrongShape));
            assertEquals("loadStateDict into Net: 'fc2.weight' is int32 in the state dict but float32 in the module",
                    dtype.getMessage());
            assertEquals(before, net.fc1.weight().getFloat(0, 0)); // validated before copying
        }
    }

    @Test
    void closingFreesTheParametersAndLaterUseThrows() {
        Net net = new Net(4);
        Tensor w = net.fc1.weight();
        Scope memory = w.storage().owner();
        assertTrue(memory.ownedBytes() >= 4 * 3 * Float.BYTES);
        net.forward(Tensor.randn(1, 2, 4)).sum().backward();
        Tensor grad = w.grad();
        net.close();
        assertTrue(memory.isClosed());
        assertTrue(net.isClosed() && net.fc1.isClosed() && net.fc2.isClosed());
        assertThrows(IllegalStateException.class, w::toFloatArray);
        assertThrows(IllegalStateException.class, grad::toFloatArray);
        var e = assertThrows(IllegalStateException.class, () -> net.forward(Tensor.randn(1, 2, 4)));
        assertEquals("Linear 'fc1' is closed; its parameters were freed", e.getMessage());
        assertThrows(IllegalStateException.class, net::parameters);
        assertThrows(IllegalStateException.class, net::stateDict);
        assertThrows(IllegalStateException.class, net::eval);
        net.close(); // idempotent
    }

    @Test
    void printsLikePyTorch() {
        try (Sequential model = new Sequential(new Linear(784, 10, true, 1), new Sequential(new Identity()), new Flatten())) {
            assertEquals("""
                    Sequential(
                      (0): Linear(in=784, out=10, bias=true)
                      (1): Sequential(
                        (0): Identity()
                      )
                      (2): Flatten(start_dim=1, end_dim=-1)
                    )""", model.toString());
        }
        try (Linear noBias = new Linear(3, 4, false, 1)) {
            assertEquals("Linear(in=3, out=4, bias=false)", noBias.toString());
            assertNull(noBias.bias());
        }
    }

    static float maxAbs(Tensor t) {
        float m = 0;
        for (float v : t.toFloatArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
