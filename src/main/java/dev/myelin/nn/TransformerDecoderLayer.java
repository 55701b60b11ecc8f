package dev.myelin.nn;

import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * One decoder layer as {@code torch.nn.TransformerDecoderLayer}: masked self-attention over the
 * target, attention over the encoder's output ({@code memory}), then the feed-forward block, each
 * in a residual connection with layer norm (post- or pre-norm). Parameter names as PyTorch's:
 * {@code self_attn.*}, {@code multihead_attn.*}, {@code linear1.*}, {@code linear2.*}, {@code norm1..3.*}.
 */
public final class TransformerDecoderLayer extends Module {
    private final TransformerSettings settings;
    private final MultiheadAttention selfAttn;
    private final MultiheadAttention multiheadAttn;
    private final TransformerLayerParts.FeedForward feedForward;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final LayerNorm norm3;
    private final Dropout dropout1;
    private final Dropout dropout2;
    private final Dropout dropout3;

    public TransformerDecoderLayer(TransformerSettings settings, long seed) {
        this.settings = settings;
        SplittableRandom seeds = new SplittableRandom(seed);
        selfAttn = module("self_attn", TransformerLayerParts.attention(settings, seeds));
        multiheadAttn = module("multihead_attn", TransformerLayerParts.attention(settings, seeds));
        feedForward = TransformerLayerParts.FeedForward.register(this, settings, seeds);
        norm1 = module("norm1", TransformerLayerParts.norm(settings));
        norm2 = module("norm2", TransformerLayerParts.norm(settings));
        norm3 = module("norm3", TransformerLayerParts.norm(settings));
        dropout1 = module("dropout1", TransformerLayerParts.dropout(settings, seeds));
        dropout2 = module("dropout2", TransformerLayerParts.dropout(settings, seeds));
        dropout3 = module("dropout3", TransformerLayerParts.dropout(settings, seeds));
    }

    /** Not a single-input module: use {@link #forward(Tensor, Tensor, DecoderMasks)}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(label() + ": a decoder layer needs the target and the memory; "
                + "call forward(tgt, memory, masks)");
    }

    public Tensor forward(Tensor tgt, Tensor memory, DecoderMasks masks) {
        requireOpen();
        DecoderMasks m = masks == null ? DecoderMasks.NONE : masks;
        boolean pre = settings.normFirst();
        Tensor x = TransformerLayerParts.residual(pre, tgt, norm1, dropout1,
                h -> selfAttn.forward(h, h, h, m.tgtKeyPadding(), m.tgt(), false).output());
        x = TransformerLayerParts.residual(pre, x, norm2, dropout2,
                h -> multiheadAttn.forward(h, memory, memory, m.memoryKeyPadding(), m.memory(), false).output());
        return TransformerLayerParts.residual(pre, x, norm3, dropout3, feedForward::apply);
    }

    public TransformerSettings settings() {
        return settings;
    }
}
