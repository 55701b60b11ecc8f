package dev.myelin.golden;

import dev.myelin.nn.functional.Activations;
import java.util.Map;

/** {@link Activations} against {@code torch.nn.functional} (fixture activations.json). */
class ActivationsGoldenTest extends GoldenTest {
    static final Map<String, GoldenCheck.Op> OPS = Map.ofEntries(
            Map.entry("sigmoid", (c, in) -> Activations.sigmoid(in.get("x"))),
            Map.entry("tanh", (c, in) -> Activations.tanh(in.get("x"))),
            Map.entry("relu", (c, in) -> Activations.relu(in.get("x"))),
            Map.entry("leaky_relu", (c, in) -> Activations.leakyRelu(in.get("x"), c.floatParam("slope"))),
            Map.entry("prelu", (c, in) -> Activations.prelu(in.get("x"), in.get("weight"))),
            Map.entry("elu", (c, in) -> Activations.elu(in.get("x"), c.floatParam("alpha"))),
            Map.entry("gelu", (c, in) -> Activations.gelu(in.get("x"))),
            Map.entry("gelu_tanh", (c, in) -> Activations.gelu(in.get("x"), true)),
            Map.entry("softplus", (c, in) -> Activations.softplus(in.get("x"), c.floatParam("beta"), c.floatParam("threshold"))),
            Map.entry("hardtanh", (c, in) -> Activations.hardtanh(in.get("x"), c.floatParam("min"), c.floatParam("max"))),
            Map.entry("silu", (c, in) -> Activations.silu(in.get("x"))),
            Map.entry("softmax", (c, in) -> Activations.softmax(in.get("x"), c.intParam("dim"))),
            Map.entry("log_softmax", (c, in) -> Activations.logSoftmax(in.get("x"), c.intParam("dim"))));

    ActivationsGoldenTest() {
        super("activations.json", OPS);
    }
}
