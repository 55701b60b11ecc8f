package dev.myelin.nn;

/** Batch normalisation of [N, C, H, W] per channel, as {@code torch.nn.BatchNorm2d}. */
public final class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5f, 0.1f, true);
    }

    public BatchNorm2d(int numFeatures, float eps, float momentum, boolean affine) {
        super(numFeatures, eps, momentum, affine, new int[] {4}, "[N, C, H, W]");
    }
}
