package dev.myelin.nn;

import dev.myelin.nn.functional.AttentionMask;
import dev.myelin.tensor.Tensor;

/**
 * The masks of a decoder pass, each optional (null): {@code tgt} over the target's self-attention
 * (usually {@link AttentionMask#causal}), {@code memory} over the encoder output, and key padding
 * flags {@code [N, T]} / {@code [N, S]} (1 = padding).
 */
public record DecoderMasks(AttentionMask tgt, AttentionMask memory, Tensor tgtKeyPadding, Tensor memoryKeyPadding) {
    public static final DecoderMasks NONE = new DecoderMasks(null, null, null, null);

    /** Only the causal target mask for a target of {@code length}. */
    public static DecoderMasks causal(int length) {
        return new DecoderMasks(AttentionMask.causal(length, length), null, null, null);
    }
}
