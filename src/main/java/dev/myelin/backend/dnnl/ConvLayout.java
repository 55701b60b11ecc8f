package dev.myelin.backend.dnnl;

import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The activation layout the convolution primitives run in. Tensors are always plain NCHW; with
 * NHWC or BLOCKED each convolution reorders its activations in and out around the primitive.
 *
 * <p>BLOCKED (the layout oneDNN picks, nChw16c here) is the default, by measurement (README,
 * "Activation layout"): on the W2 convolutions its kernels take about 20% less time than on plain
 * NCHW, which pays for the reorders around each layer with 8-10% of the convolution time to spare.
 * The others stay selectable with {@code -Dmyelin.conv.layout=plain|nhwc} so the measurement can be
 * repeated (the CNN benchmark takes it as a parameter).
 */
enum ConvLayout {
    PLAIN, NHWC, BLOCKED;

    static ConvLayout current() {
        String v = System.getProperty("myelin.conv.layout", "blocked");
        return switch (v) {
            case "plain" -> PLAIN;
            case "nhwc" -> NHWC;
            case "blocked" -> BLOCKED;
            default -> throw new IllegalArgumentException("myelin.conv.layout: expected plain, nhwc or blocked, got '" + v + "'");
        };
    }

    /** The descriptor a primitive is created with for activation {@code t}: its own strides, channels-last, or "any". */
    MemorySegment desc(Tensor t, Arena arena) {
        return switch (this) {
            case PLAIN -> OneDnn.memoryDesc(t, arena);
            case NHWC -> OneDnn.taggedDesc(arena, t.dim() == 3 ? Dnnl.dnnl_acb() : Dnnl.dnnl_acdb(), t.shape());
            case BLOCKED -> OneDnn.taggedDesc(arena, Dnnl.dnnl_format_tag_any(), t.shape());
        };
    }
}
