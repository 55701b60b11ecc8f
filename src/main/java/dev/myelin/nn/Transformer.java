package dev.myelin.nn;

import dev.myelin.autograd.GradMode;
import dev.myelin.memory.Scope;
import dev.myelin.ops.Reductions;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * An encoder-decoder Transformer over token ids, batch-first: source and target embeddings plus
 * sinusoidal positions, a {@link TransformerEncoder} and a {@link TransformerDecoder} (each with a
 * final layer norm) and a linear projection to target-vocabulary logits. The decoder sees the
 * target through a causal mask, so {@link #forward(Tensor, Tensor)} trains with teacher forcing and
 * {@link #greedyDecode} generates one token at a time.
 *
 * <p>Parameters: {@code src_embed.weight}, {@code tgt_embed.weight}, {@code encoder.*},
 * {@code decoder.*} (PyTorch's layer names), {@code generator.*}; buffer {@code pos.pe}.
 */
public final class Transformer extends Module {
    private final Embedding srcEmbed;
    private final Embedding tgtEmbed;
    private final SinusoidalPositionalEncoding pos;
    private final TransformerEncoder encoder;
    private final TransformerDecoder decoder;
    private final Linear generator;

    /** {@code settings} are used batch-first whatever they say; sequences may be up to {@code maxLen} long. */
    public Transformer(int srcVocab, int tgtVocab, int maxLen, TransformerSettings settings, int encoderLayers,
                       int decoderLayers, long seed) {
        TransformerSettings s = settings.batchFirst(true);
        SplittableRandom seeds = new SplittableRandom(seed);
        srcEmbed = module("src_embed", new Embedding(srcVocab, s.dModel(), -1, seeds.nextLong()));
        tgtEmbed = module("tgt_embed", new Embedding(tgtVocab, s.dModel(), -1, seeds.nextLong()));
        pos = module("pos", new SinusoidalPositionalEncoding(maxLen, s.dModel(), true));
        encoder = module("encoder", new TransformerEncoder(s, encoderLayers, true, seeds.nextLong()));
        decoder = module("decoder", new TransformerDecoder(s, decoderLayers, true, seeds.nextLong()));
        generator = module("generator", new Linear(s.dModel(), tgtVocab, true, seeds.nextLong()));
    }

    /** Not a single-input module: use {@link #forward(Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(label() + ": needs source and target ids; call forward(src, tgt)");
    }

    /** Logits {@code [N, T, tgtVocab]} for source ids {@code [N, S]} and decoder input ids {@code [N, T]}. */
    public Tensor forward(Tensor src, Tensor tgt) {
        requireIds("source", src);
        requireIds("target", tgt);
        if (src.size(0) != tgt.size(0)) {
            throw new IllegalArgumentException(label() + ": source " + Shapes.str(src.shape()) + " and target "
                    + Shapes.str(tgt.shape()) + " have different batch sizes");
        }
        return decode(tgt, encode(src));
    }

    /** The encoder's output {@code [N, S, d_model]}. */
    public Tensor encode(Tensor src) {
        requireOpen();
        return encoder.forward(pos.forward(srcEmbed.forward(src)));
    }

    /** Logits for decoder input ids {@code [N, T]} attending over {@code memory}. */
    public Tensor decode(Tensor tgt, Tensor memory) {
        requireOpen();
        Tensor h = decoder.forward(pos.forward(tgtEmbed.forward(tgt)), memory, DecoderMasks.causal(tgt.size(1)));
        return generator.forward(h);
    }

    /**
     * Generates {@code length} tokens per source sequence, starting from {@code startToken} and
     * feeding back the most likely token each step; returns int64 ids {@code [N, length]} (without
     * the start token). Runs without recording gradients.
     */
    public Tensor greedyDecode(Tensor src, int startToken, int length) {
        requireIds("source", src);
        int n = src.size(0);
        long[] ids = new long[n * (length + 1)];
        for (int i = 0; i < n; i++) {
            ids[i * (length + 1)] = startToken;
        }
        try (var off = GradMode.noGrad(); Scope work = Scope.open("greedy decode")) {
            Tensor memory = encode(src);
            for (int t = 1; t <= length; t++) {
                try (Scope step = Scope.open("decode step")) {
                    Tensor prefix = Tensor.ofLongs(prefix(ids, n, length + 1, t), n, t);
                    Tensor last = decode(prefix, memory).select(1, t - 1);
                    long[] best = Reductions.extremum(last, 1, false, true).indices().toLongArray();
                    for (int i = 0; i < n; i++) {
                        ids[i * (length + 1) + t] = best[i];
                    }
                }
            }
        }
        long[] out = new long[n * length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ids, i * (length + 1) + 1, out, i * length, length);
        }
        return Tensor.ofLongs(out, n, length);
    }

    private static long[] prefix(long[] ids, int n, int stride, int t) {
        long[] p = new long[n * t];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ids, i * stride, p, i * t, t);
        }
        return p;
    }

    private void requireIds(String what, Tensor ids) {
        if (ids.dim() != 2 || ids.dtype() == DType.FLOAT32) {
            throw new IllegalArgumentException(label() + ": " + what + " ids " + Shapes.str(ids.shape()) + " " + ids.dtype()
                    + " must be int32/int64 [N, length]");
        }
    }
}
