package dev.myelin.nn;

/**
 * A 1-D convolution layer, as PyTorch's {@code nn.Conv1d}: input {@code [N, C, L]}, weight
 * {@code [out, in/groups, k]}, bias {@code [out]}; see {@link dev.myelin.nn.functional.Convolutions} for the
 * formula and {@link ConvNd} for the initialisation. Kernel size, stride, padding and dilation apply to
 * every spatial dimension; padding may also be "same" (stride 1) or "valid".
 */
public final class Conv1d extends ConvNd {
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true);
    }

    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
            boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, dev.myelin.nn.init.Init.nextSeed());
    }

    /** A layer whose initial weights depend only on {@code seed}. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
            boolean bias, long seed) {
        super(inChannels, outChannels, same(1, kernelSize), same(1, stride), same(1, padding), same(1, dilation), groups,
                bias, seed);
    }

    /** {@code padding} is "same" (stride 1 only) or "valid". */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, String padding, int dilation, int groups,
            boolean bias, long seed) {
        super(inChannels, outChannels, same(1, kernelSize), same(1, stride), namedPadding("Conv1d", 1, padding),
                same(1, dilation), groups, bias, seed);
    }
}
