package dev.myelin.backend.dnnl;

import java.util.Arrays;

/**
 * The geometry of a convolution over {@code k} spatial dimensions (1 or 2): stride, zero padding
 * before and after, and dilation per dimension (PyTorch's meaning: 1 is a dense kernel), and the
 * number of groups. Validated by the caller (nn.functional.Convolutions) before any native call.
 */
public record ConvSpec(int[] stride, int[] padBefore, int[] padAfter, int[] dilation, int groups) {
    public ConvSpec {
        stride = stride.clone();
        padBefore = padBefore.clone();
        padAfter = padAfter.clone();
        dilation = dilation.clone();
    }

    public int spatialDims() {
        return stride.length;
    }

    /** Output length along spatial dimension {@code d}: floor((in + pads - dilation (k - 1) - 1) / stride) + 1. */
    public int outputSize(int d, int in, int kernel) {
        return (in + padBefore[d] + padAfter[d] - dilation[d] * (kernel - 1) - 1) / stride[d] + 1;
    }

    /** Adds every setting to a primitive key. */
    void addTo(PrimitiveKey.Builder key) {
        key.add(groups);
        for (int[] a : new int[][] {stride, padBefore, padAfter, dilation}) {
            for (int v : a) {
                key.add(v);
            }
        }
    }

    @Override
    public String toString() {
        return "stride=" + Arrays.toString(stride) + ", padding=" + Arrays.toString(padBefore) + "/"
                + Arrays.toString(padAfter) + ", dilation=" + Arrays.toString(dilation) + ", groups=" + groups;
    }
}
