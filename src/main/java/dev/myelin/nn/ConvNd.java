package dev.myelin.nn;

import dev.myelin.nn.functional.Convolutions;
import dev.myelin.nn.init.FanMode;
import dev.myelin.nn.init.Fans;
import dev.myelin.nn.init.Init;
import dev.myelin.nn.init.Nonlinearity;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What {@link Conv1d} and {@link Conv2d} share: settings checked at construction, the weight
 * {@code [out, in/groups, k...]} and bias {@code [out]}, PyTorch's default initialisation (Kaiming
 * uniform with {@code a = sqrt(5)}, i.e. {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} with
 * {@code fanIn = in/groups * prod(k)}, for weight and bias), and a forward that names this module in errors.
 */
public abstract class ConvNd extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding; // null: "same"
    private final int[] dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    ConvNd(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups,
            boolean bias, long seed) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel.clone();
        this.stride = stride.clone();
        this.padding = padding == null ? null : padding.clone();
        this.dilation = dilation.clone();
        this.groups = groups;
        checkSettings();
        int[] shape = new int[kernel.length + 2];
        shape[0] = outChannels;
        shape[1] = inChannels / groups;
        System.arraycopy(kernel, 0, shape, 2, kernel.length);
        this.weight = param("weight", shape);
        this.bias = bias ? param("bias", outChannels) : null;
        resetParameters(seed);
    }

    private void checkSettings() {
        if (inChannels <= 0 || outChannels <= 0 || groups <= 0) {
            throw new IllegalArgumentException(label() + ": in_channels, out_channels and groups must be positive, got in="
                    + inChannels + ", out=" + outChannels + ", groups=" + groups);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(label() + ": in_channels " + inChannels + " and out_channels " + outChannels
                    + " must both be divisible by groups=" + groups);
        }
        for (int d = 0; d < kernel.length; d++) {
            if (kernel[d] <= 0 || stride[d] <= 0 || dilation[d] <= 0 || padding != null && padding[d] < 0) {
                throw new IllegalArgumentException(label() + ": kernel_size, stride and dilation must be positive and padding "
                        + "non-negative, got kernel_size=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride)
                        + ", padding=" + paddingText() + ", dilation=" + Arrays.toString(dilation));
            }
            if (padding == null && stride[d] != 1) {
                throw new IllegalArgumentException(label() + ": padding \"same\" needs stride 1, got stride="
                        + Arrays.toString(stride));
            }
        }
    }

    /** Draws new initial values (PyTorch's default scheme, see the class comment). */
    public void resetParameters(long seed) {
        requireOpen();
        SplittableRandom seeds = new SplittableRandom(seed);
        Init.kaimingUniform(weight, (float) Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, seeds.nextLong());
        if (bias != null) {
            float bound = (float) (1 / Math.sqrt(Fans.of(weight.shape()).in()));
            Init.uniform(bias, -bound, bound, seeds.nextLong());
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        requireOpen();
        return Convolutions.convolution(label(), x, weight, bias, stride, padding, dilation, groups);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null for a layer built without one. */
    public Tensor bias() {
        return bias;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    private String paddingText() {
        return padding == null ? "same" : Arrays.toString(padding);
    }

    @Override
    protected String extraRepr() {
        return "in=" + inChannels + ", out=" + outChannels + ", kernel_size=" + Arrays.toString(kernel) + ", stride="
                + Arrays.toString(stride) + ", padding=" + paddingText() + ", dilation=" + Arrays.toString(dilation)
                + ", groups=" + groups + ", bias=" + (bias != null);
    }

    static int[] same(int dims, int value) {
        int[] a = new int[dims];
        Arrays.fill(a, value);
        return a;
    }

    /** "same" gives null; "valid" gives zeros. */
    static int[] namedPadding(String module, int dims, String padding) {
        if ("same".equals(padding)) {
            return null;
        }
        if ("valid".equals(padding)) {
            return new int[dims];
        }
        throw new IllegalArgumentException(module + ": padding must be \"same\", \"valid\" or a number, got \"" + padding + "\"");
    }
}
