package dev.myelin.golden;

import dev.myelin.nn.AdaptiveAvgPool2d;
import dev.myelin.nn.AvgPool1d;
import dev.myelin.nn.AvgPool2d;
import dev.myelin.nn.BatchNorm;
import dev.myelin.nn.BatchNorm1d;
import dev.myelin.nn.BatchNorm2d;
import dev.myelin.nn.GlobalAvgPool;
import dev.myelin.nn.LayerNorm;
import dev.myelin.nn.MaxPool1d;
import dev.myelin.nn.MaxPool2d;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.Normalization;
import dev.myelin.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/**
 * Pooling and normalisation layers against PyTorch (pool.json and norm.json, written by
 * src/test/python/make_norm_pool_golden.py): outputs and the gradients of input, weight and bias;
 * batch norm in training and evaluation mode, and the running statistics after a training step.
 */
class PoolNormGoldenTest {
    @Nested
    class Pool extends GoldenTest {
        Pool() {
            super("pool.json", Map.of(
                    "max_pool1d", PoolNormGoldenTest::pool, "max_pool2d", PoolNormGoldenTest::pool,
                    "avg_pool1d", PoolNormGoldenTest::pool, "avg_pool2d", PoolNormGoldenTest::pool,
                    "adaptive_avg_pool2d", (c, in) -> new AdaptiveAvgPool2d(c.intsParam("output_size")[0],
                            c.intsParam("output_size")[1]).forward(in.get("input")),
                    "global_avg_pool", (c, in) -> new GlobalAvgPool().forward(in.get("input"))));
        }
    }

    @Nested
    class Norm extends GoldenTest {
        Norm() {
            super("norm.json", Map.of("batch_norm", PoolNormGoldenTest::batchNorm, "layer_norm", PoolNormGoldenTest::layerNorm));
        }
    }

    private static Tensor pool(Golden.Case c, GoldenCheck.Inputs in) {
        int[] k = c.intsParam("kernel");
        int[] s = c.intsParam("stride");
        int[] p = c.intsParam("padding");
        int[] d = c.intsParam("dilation");
        boolean ceil = c.boolParam("ceil_mode");
        Module layer = switch (c.op()) {
            case "max_pool1d" -> new MaxPool1d(k[0], s[0], p[0], d[0], ceil);
            case "max_pool2d" -> new MaxPool2d(k, s, p, d, ceil);
            case "avg_pool1d" -> new AvgPool1d(k[0], s[0], p[0], ceil, c.boolParam("count_include_pad"));
            default -> new AvgPool2d(k, s, p, ceil, c.boolParam("count_include_pad"));
        };
        return layer.forward(in.get("input"));
    }

    /** BatchNorm1d/2d by rank, loaded with the fixture's parameters and running statistics. */
    private static Tensor batchNorm(Golden.Case c, GoldenCheck.Inputs in) {
        Tensor x = in.get("input");
        int channels = x.size(1);
        boolean affine = c.boolParam("affine");
        float eps = c.floatParam("eps");
        float momentum = c.floatParam("momentum");
        BatchNorm bn = x.dim() == 4 ? new BatchNorm2d(channels, eps, momentum, affine)
                : new BatchNorm1d(channels, eps, momentum, affine);
        in.closeAfter(bn);
        Map<String, Tensor> state = new HashMap<>(Map.of("running_mean", in.get("running_mean"), "running_var",
                in.get("running_var")));
        if (affine) {
            state.put("weight", in.get("weight"));
            state.put("bias", in.get("bias"));
        }
        bn.loadStateDict(state);
        bn.train(c.boolParam("training"));
        if (affine) {
            in.bind("weight", bn.weight());
            in.bind("bias", bn.bias());
        }
        Tensor y = bn.forward(x);
        if (c.boolParam("training")) {
            checkRunning(c, "running_mean", bn.runningMean());
            checkRunning(c, "running_var", bn.runningVar());
        }
        return y;
    }

    private static void checkRunning(Golden.Case c, String name, Tensor actual) {
        var expected = c.params().getAsJsonArray(name + "_after");
        float[] got = actual.toFloatArray();
        for (int i = 0; i < got.length; i++) {
            double want = expected.get(i).getAsDouble();
            if (!GoldenCheck.close(got[i], want)) {
                throw new AssertionError("golden case '" + c.name() + "': " + name + "[" + i + "] after the step is " + got[i]
                        + ", PyTorch has " + want);
            }
        }
    }

    private static Tensor layerNorm(Golden.Case c, GoldenCheck.Inputs in) {
        int[] shape = c.intsParam("normalized_shape");
        if (!c.boolParam("affine")) {
            return Normalization.layerNorm("layer_norm", in.get("input"), shape, null, null, c.floatParam("eps"));
        }
        LayerNorm ln = in.closeAfter(new LayerNorm(shape, c.floatParam("eps"), true));
        ln.loadStateDict(Map.of("weight", in.get("weight"), "bias", in.get("bias")));
        in.bind("weight", ln.weight());
        in.bind("bias", ln.bias());
        return ln.forward(in.get("input"));
    }
}
