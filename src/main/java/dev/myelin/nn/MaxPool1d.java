package dev.myelin.nn;

import dev.myelin.backend.dnnl.Pooling.Kind;

/** Max pooling over [N, C, L], as {@code torch.nn.MaxPool1d}: stride defaults to the kernel; dilation spreads the taps. */
public final class MaxPool1d extends Pool {
    public MaxPool1d(int kernel) {
        this(kernel, kernel, 0, 1, false);
    }

    public MaxPool1d(int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        super(Kind.MAX, new int[] {kernel}, new int[] {stride}, new int[] {padding}, new int[] {dilation}, ceilMode);
    }
}
