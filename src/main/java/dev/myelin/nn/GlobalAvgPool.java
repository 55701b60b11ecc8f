package dev.myelin.nn;

import dev.myelin.nn.functional.Pooling;
import dev.myelin.tensor.Tensor;

/** The mean over all spatial positions: [N, C, L] or [N, C, H, W] to [N, C] (a classifier head's input). */
public final class GlobalAvgPool extends Module {
    @Override
    public Tensor forward(Tensor x) {
        requireOpen();
        return Pooling.globalAvgPool(label(), x);
    }
}
