package dev.myelin.nn;

import dev.myelin.backend.dnnl.Pooling.Kind;

/** Max pooling over [N, C, H, W], as {@code torch.nn.MaxPool2d}: stride defaults to the kernel; dilation spreads the taps. */
public final class MaxPool2d extends Pool {
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        this(repeat(kernel, 2), repeat(stride, 2), repeat(padding, 2), repeat(1, 2), false);
    }

    public MaxPool2d(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        super(Kind.MAX, kernel, stride, padding, dilation, ceilMode);
    }
}
