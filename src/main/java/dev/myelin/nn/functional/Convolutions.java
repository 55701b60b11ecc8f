package dev.myelin.nn.functional;

import dev.myelin.autograd.Autograd;
import dev.myelin.backend.dnnl.ConvChecks;
import dev.myelin.backend.dnnl.ConvSpec;
import dev.myelin.backend.dnnl.Convolution;
import dev.myelin.tensor.Tensor;

/**
 * Differentiable 1-D and 2-D convolution (cross-correlation, as PyTorch's conv1d/conv2d), computed
 * by oneDNN:
 * {@code y[n, o, i, j] = b[o] + sum_{c, p, q} x[n, g*C/G + c, i*s + p*d - pad, j*s + q*d - pad] * w[o, c, p, q]},
 * with {@code g} the group of output channel {@code o}.
 *
 * <p>Shapes: x {@code [N, C, H, W]} (or {@code [N, C, L]}), weight {@code [O, C/groups, kH, kW]}
 * (or {@code [O, C/groups, k]}), bias {@code [O]} or null. Every argument is checked here, before any
 * native call. One autograd node runs oneDNN's backward-data and backward-weights primitives.
 */
public final class Convolutions {
    private Convolutions() {}

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return convolution("conv2d", x, weight, bias, pair(stride), pair(padding), pair(dilation), groups);
    }

    /** {@code padding} is "same" or "valid" (no padding). */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, String padding, int dilation, int groups) {
        return convolution("conv2d", x, weight, bias, pair(stride), named("conv2d", padding, 2), pair(dilation), groups);
    }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return convolution("conv1d", x, weight, bias, new int[] {stride}, new int[] {padding}, new int[] {dilation}, groups);
    }

    /** {@code padding} is "same" or "valid" (no padding). */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, String padding, int dilation, int groups) {
        return convolution("conv1d", x, weight, bias, new int[] {stride}, named("conv1d", padding, 1), new int[] {dilation},
                groups);
    }

    /**
     * The general form; the number of spatial dimensions is {@code stride.length}. {@code padding} is
     * per spatial dimension (both sides), or null for "same" (stride 1 only; the output keeps the
     * input's size, an odd extra pad goes after, as in PyTorch). {@code who} starts every error message
     * (a module passes its label, e.g. {@code Conv2d 'features.0'}).
     */
    public static Tensor convolution(String who, Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
            int[] dilation, int groups) {
        ConvSpec spec = ConvChecks.spec(who, x, weight, bias, stride, padding, dilation, groups);
        Tensor out = Convolution.forward(x, weight, bias, spec);
        return Autograd.record(stride.length == 1 ? "conv1d" : "conv2d", out, new Tensor[] {x, weight, bias}, (g, needs) -> {
            Tensor[] grads = Convolution.backward(x, weight, bias != null, g, spec, needs[0], needs[1] || needs[2]);
            return new Tensor[] {grads[0], needs[1] ? grads[1] : null, grads[2]};
        });
    }

    private static int[] pair(int v) {
        return new int[] {v, v};
    }

    private static int[] named(String op, String padding, int dims) {
        if ("same".equals(padding)) {
            return null;
        }
        if ("valid".equals(padding)) {
            return new int[dims];
        }
        throw new IllegalArgumentException(op + ": padding must be \"same\", \"valid\" or a number, got \"" + padding + "\"");
    }
}
