package dev.myelin.nn;

import dev.myelin.nn.functional.Pooling;
import dev.myelin.tensor.Tensor;

/**
 * Average pooling of [N, C, H, W] to a fixed [outH, outW], as {@code torch.nn.AdaptiveAvgPool2d}, for
 * inputs the output size divides evenly (kernel = stride = input / output); others are rejected.
 */
public final class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be positive, got " + outH + "x" + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor x) {
        requireOpen();
        return Pooling.adaptiveAvgPool2d(label(), x, outH, outW);
    }
}
