package dev.myelin.golden;

import dev.myelin.nn.Linear;
import dev.myelin.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link Linear} against {@code torch.nn.functional.linear} (fixture linear.json): the fixture's
 * weight and bias are loaded with {@code loadStateDict}, and their gradients are read from the
 * layer's own parameters.
 */
class LinearGoldenTest extends GoldenTest {
    static final Map<String, GoldenCheck.Op> OPS = Map.of("linear", LinearGoldenTest::linear);

    LinearGoldenTest() {
        super("linear.json", OPS);
    }

    private static Tensor linear(Golden.Case c, GoldenCheck.Inputs in) {
        boolean bias = c.boolParam("bias");
        Linear layer = in.closeAfter(new Linear(c.intParam("in"), c.intParam("out"), bias, 0));
        Map<String, Tensor> state = new HashMap<>(Map.of("weight", in.get("weight")));
        if (bias) {
            state.put("bias", in.get("bias"));
        }
        layer.loadStateDict(state);
        in.bind("weight", layer.weight());
        if (bias) {
            in.bind("bias", layer.bias());
        }
        return layer.forward(in.get("input"));
    }
}
