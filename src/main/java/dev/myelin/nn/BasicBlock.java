package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/**
 * The ResNet basic block of He et al. (2015), as torchvision's {@code BasicBlock}:
 * <pre>
 *   y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))
 * </pre>
 * {@code conv1} is 3x3 with the block's stride, {@code conv2} 3x3 with stride 1, both without bias
 * (batch norm's shift replaces it). The shortcut is the identity when the block keeps the shape;
 * when the stride is not 1 or the channel count changes it is a 1x1 convolution with the block's
 * stride followed by batch norm, registered as {@code downsample} so state dicts use torchvision's names.
 */
public final class BasicBlock extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int stride;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Sequential downsample; // null: identity shortcut

    /** A block whose initial weights depend only on {@code seed}. */
    public BasicBlock(int inChannels, int outChannels, int stride, long seed) {
        if (inChannels <= 0 || outChannels <= 0 || stride <= 0) {
            throw new IllegalArgumentException("BasicBlock: in_channels, out_channels and stride must be positive, got in="
                    + inChannels + ", out=" + outChannels + ", stride=" + stride);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = stride;
        this.conv1 = module("conv1", new Conv2d(inChannels, outChannels, 3, stride, 1, 1, 1, false, seed));
        this.bn1 = module("bn1", new BatchNorm2d(outChannels));
        this.conv2 = module("conv2", new Conv2d(outChannels, outChannels, 3, 1, 1, 1, 1, false, seed + 1));
        this.bn2 = module("bn2", new BatchNorm2d(outChannels));
        this.downsample = needsProjection() ? module("downsample", new Sequential(
                new Conv2d(inChannels, outChannels, 1, stride, 0, 1, 1, false, seed + 2), new BatchNorm2d(outChannels))) : null;
    }

    private boolean needsProjection() {
        return stride != 1 || inChannels != outChannels;
    }

    @Override
    public Tensor forward(Tensor x) {
        requireOpen();
        Tensor y = Activations.relu(bn1.forward(conv1.forward(x)));
        y = bn2.forward(conv2.forward(y));
        Tensor shortcut = downsample == null ? x : downsample.forward(x);
        return Activations.relu(y.add(shortcut));
    }

    /** Whether the shortcut is a 1x1 convolution + batch norm rather than the identity. */
    public boolean hasProjection() {
        return downsample != null;
    }

    @Override
    protected String extraRepr() {
        return "in=" + inChannels + ", out=" + outChannels + ", stride=" + stride;
    }
}
