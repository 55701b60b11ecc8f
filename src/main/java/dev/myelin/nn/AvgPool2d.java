package dev.myelin.nn;

import dev.myelin.backend.dnnl.Pooling.Kind;

/** Average pooling over [N, C, H, W], as {@code torch.nn.AvgPool2d}; {@code countIncludePad} (default true) counts padding in the divisor. */
public final class AvgPool2d extends Pool {
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public AvgPool2d(int kernel, int stride, int padding) {
        this(repeat(kernel, 2), repeat(stride, 2), repeat(padding, 2), false, true);
    }

    public AvgPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        super(countIncludePad ? Kind.AVG_INCLUDE_PAD : Kind.AVG_EXCLUDE_PAD, kernel, stride, padding, repeat(1, 2), ceilMode);
    }
}
