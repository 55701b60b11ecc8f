package dev.myelin.nn;

import dev.myelin.backend.dnnl.Pooling.Kind;

/** Average pooling over [N, C, L], as {@code torch.nn.AvgPool1d}; {@code countIncludePad} (default true) counts padding in the divisor. */
public final class AvgPool1d extends Pool {
    public AvgPool1d(int kernel) {
        this(kernel, kernel, 0, false, true);
    }

    public AvgPool1d(int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        super(countIncludePad ? Kind.AVG_INCLUDE_PAD : Kind.AVG_EXCLUDE_PAD, new int[] {kernel}, new int[] {stride},
                new int[] {padding}, new int[] {1}, ceilMode);
    }
}
