package dev.myelin.nn;

import dev.myelin.nn.functional.AttentionMask;
import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * One encoder layer as {@code torch.nn.TransformerEncoderLayer}: self-attention, then the
 * position-wise feed-forward {@code linear2(dropout(act(linear1(x))))}, each in a residual
 * connection with layer norm (post-norm: {@code norm(x + f(x))}; pre-norm: {@code x + f(norm(x))}).
 * Parameter names as PyTorch's: {@code self_attn.*}, {@code linear1.*}, {@code linear2.*},
 * {@code norm1.*}, {@code norm2.*}.
 */
public final class TransformerEncoderLayer extends Module {
    private final TransformerSettings settings;
    private final MultiheadAttention selfAttn;
    private final TransformerLayerParts.FeedForward feedForward;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;

    public TransformerEncoderLayer(TransformerSettings settings, long seed) {
        this.settings = settings;
        SplittableRandom seeds = new SplittableRandom(seed);
        selfAttn = module("self_attn", TransformerLayerParts.attention(settings, seeds));
        feedForward = TransformerLayerParts.FeedForward.register(this, settings, seeds);
        norm1 = module("norm1", TransformerLayerParts.norm(settings));
        norm2 = module("norm2", TransformerLayerParts.norm(settings));
        dropout1 = module("dropout1", TransformerLayerParts.dropout(settings, seeds));
        dropout2 = module("dropout2", TransformerLayerParts.dropout(settings, seeds));
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /** {@code srcMask} ([S, S] or [N * nhead, S, S]) and {@code srcKeyPaddingMask} ([N, S], 1 = padding) may be null. */
    public Tensor forward(Tensor src, AttentionMask srcMask, Tensor srcKeyPaddingMask) {
        requireOpen();
        boolean pre = settings.normFirst();
        Tensor x = TransformerLayerParts.residual(pre, src, norm1, dropout1,
                h -> selfAttn.forward(h, h, h, srcKeyPaddingMask, srcMask, false).output());
        return TransformerLayerParts.residual(pre, x, norm2, dropout2, feedForward::apply);
    }

    public TransformerSettings settings() {
        return settings;
    }
}
