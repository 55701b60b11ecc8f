package dev.myelin.nn;

import dev.myelin.backend.dnnl.Pooling.Kind;
import dev.myelin.nn.functional.Pooling;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/** What the max and average pooling layers share: a fixed window; see {@link Pooling#pool}. */
abstract class Pool extends Module {
    private final Kind kind;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final boolean ceilMode;

    Pool(Kind kind, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this.kind = kind;
        this.kernel = kernel.clone();
        this.stride = (stride == null ? kernel : stride).clone(); // PyTorch: stride defaults to the kernel size
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.ceilMode = ceilMode;
    }

    static int[] repeat(int v, int n) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    @Override
    public Tensor forward(Tensor x) {
        requireOpen();
        return Pooling.pool(label(), kind, x, kernel, stride, padding, dilation, ceilMode);
    }

    @Override
    public String toString() {
        return label() + "(kernel=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride) + ", padding="
                + Arrays.toString(padding) + ", dilation=" + Arrays.toString(dilation) + ", ceil_mode=" + ceilMode + ")";
    }
}
