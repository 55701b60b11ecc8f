package dev.myelin.golden;

import dev.myelin.nn.Conv2d;
import dev.myelin.nn.functional.Convolutions;
import dev.myelin.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * Convolution against {@code torch.nn.functional.conv2d/conv1d} (fixture conv.json, written by
 * make_conv_golden.py): conv2d cases run through the {@link Conv2d} module (the fixture's weight and
 * bias loaded with {@code loadStateDict}, gradients read from the module's parameters), conv1d cases
 * through {@link Convolutions#conv1d}.
 */
class ConvGoldenTest extends GoldenTest {
    static final Map<String, GoldenCheck.Op> OPS = Map.of("conv2d", ConvGoldenTest::conv2d, "conv1d", ConvGoldenTest::conv1d);

    ConvGoldenTest() {
        super("conv.json", OPS);
    }

    private static Tensor conv2d(Golden.Case c, GoldenCheck.Inputs in) {
        boolean bias = c.boolParam("bias");
        Tensor weight = in.get("weight");
        int kernel = c.intsParam("kernel")[0];
        if (c.intsParam("kernel")[1] != kernel) { // the module has square kernels: non-square ones go through the function
            String padding = c.stringParam("padding");
            Tensor b = bias ? in.get("bias") : null;
            return "same".equals(padding)
                    ? Convolutions.conv2d(in.get("input"), weight, b, c.intParam("stride"), padding, c.intParam("dilation"),
                            c.intParam("groups"))
                    : Convolutions.conv2d(in.get("input"), weight, b, c.intParam("stride"), Integer.parseInt(padding),
                            c.intParam("dilation"), c.intParam("groups"));
        }
        int inChannels = weight.size(1) * c.intParam("groups");
        String padding = c.stringParam("padding");
        Conv2d layer = in.closeAfter("same".equals(padding)
                ? new Conv2d(inChannels, weight.size(0), kernel, c.intParam("stride"), padding, c.intParam("dilation"),
                        c.intParam("groups"), bias, 0)
                : new Conv2d(inChannels, weight.size(0), kernel, c.intParam("stride"), Integer.parseInt(padding),
                        c.intParam("dilation"), c.intParam("groups"), bias, 0));
        Map<String, Tensor> state = new HashMap<>(Map.of("weight", weight));
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

    private static Tensor conv1d(Golden.Case c, GoldenCheck.Inputs in) {
        Tensor bias = c.boolParam("bias") ? in.get("bias") : null;
        String padding = c.stringParam("padding");
        return "same".equals(padding)
                ? Convolutions.conv1d(in.get("input"), in.get("weight"), bias, c.intParam("stride"), padding,
                        c.intParam("dilation"), c.intParam("groups"))
                : Convolutions.conv1d(in.get("input"), in.get("weight"), bias, c.intParam("stride"), Integer.parseInt(padding),
                        c.intParam("dilation"), c.intParam("groups"));
    }
}
