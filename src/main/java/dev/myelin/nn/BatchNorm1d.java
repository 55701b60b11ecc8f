package dev.myelin.nn;

/** Batch normalisation of [N, C] or [N, C, L] per channel, as {@code torch.nn.BatchNorm1d}. */
public final class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5f, 0.1f, true);
    }

    public BatchNorm1d(int numFeatures, float eps, float momentum, boolean affine) {
        super(numFeatures, eps, momentum, affine, new int[] {2, 3}, "[N, C] or [N, C, L]");
    }
}
