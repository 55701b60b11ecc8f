package dev.myelin.nn;

import dev.myelin.nn.functional.Attention;
import dev.myelin.nn.functional.AttentionMask;
import dev.myelin.nn.init.Init;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Multi-head attention as {@code torch.nn.MultiheadAttention}: queries, keys and values are projected
 * to {@code embed_dim}, split into {@code num_heads} heads of {@code embed_dim / num_heads}, attended
 * ({@link Attention#scaledDotProduct}) and joined by the output projection:
 * {@code MHA(Q, K, V) = concat_h(softmax(Q W_q^h (K W_k^h)^T / sqrt(d_h) + mask) V W_v^h) W_o^T + b_o}.
 *
 * <p>Parameters as PyTorch's: {@code in_proj_weight [3E, E]} (rows q, k, v) when keys and values have
 * {@code embed_dim} features, otherwise {@code q_proj_weight [E, E]}, {@code k_proj_weight [E, kdim]},
 * {@code v_proj_weight [E, vdim]}; {@code in_proj_bias [3E]} and {@code out_proj.weight/bias}.
 *
 * <p>Shapes: {@code [L, N, E]} query and {@code [S, N, kdim|vdim]} key/value, or {@code [N, L, E]} and
 * {@code [N, S, ...]} when batch-first. Masks: key padding {@code [N, S]} (1 = padding, ignored),
 * attention mask {@code [L, S]} or {@code [N * heads, L, S]}. Dropout acts on the attention weights
 * in training mode.
 */
public final class MultiheadAttention extends Module {
    private final int embedDim;
    private final int numHeads;
    private final int kdim;
    private final int vdim;
    private final float dropout;
    private final boolean batchFirst;
    private final Tensor inProjWeight;
    private final Tensor qProjWeight;
    private final Tensor kProjWeight;
    private final Tensor vProjWeight;
    private final Tensor inProjBias;
    private final Linear outProj;
    private SplittableRandom random;

    /** Self- or cross-attention with keys and values of {@code embedDim} features, sequence-first, with biases. */
    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, 0f, true, embedDim, embedDim, false, Init.nextSeed());
    }

    public MultiheadAttention(int embedDim, int numHeads, float dropout, boolean bias, int kdim, int vdim,
                              boolean batchFirst, long seed) {
        if (embedDim <= 0 || numHeads <= 0 || kdim <= 0 || vdim <= 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed_dim, num_heads, kdim and vdim must be positive, got "
                    + embedDim + ", " + numHeads + ", " + kdim + ", " + vdim);
        }
        if (embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed_dim " + embedDim + " is not divisible by num_heads "
                    + numHeads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("MultiheadAttention: dropout must be in [0, 1), got " + dropout);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.kdim = kdim;
        this.vdim = vdim;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        SplittableRandom seeds = new SplittableRandom(seed);
        boolean packed = kdim == embedDim && vdim == embedDim;
        inProjWeight = packed ? xavier(param("in_proj_weight", 3 * embedDim, embedDim), seeds) : null;
        qProjWeight = packed ? null : xavier(param("q_proj_weight", embedDim, embedDim), seeds);
        kProjWeight = packed ? null : xavier(param("k_proj_weight", embedDim, kdim), seeds);
        vProjWeight = packed ? null : xavier(param("v_proj_weight", embedDim, vdim), seeds);
        inProjBias = bias ? param("in_proj_bias", 3 * embedDim) : null; // zeros, as PyTorch
        outProj = module("out_proj", new Linear(embedDim, embedDim, bias, seeds.nextLong()));
        if (bias) {
            Init.zeros(outProj.bias());
        }
        random = new SplittableRandom(seeds.nextLong());
    }

    private static Tensor xavier(Tensor t, SplittableRandom seeds) {
        return Init.xavierUniform(t, 1f, seeds.nextLong());
    }

    /** Self-attention of {@code x} without masks. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null, null, false).output();
    }

    /**
     * Attention of {@code query} over {@code key}/{@code value}. {@code keyPaddingMask} ([N, S], 1 =
     * padding) and {@code attnMask} may be null. With {@code needWeights} the result also holds the
     * attention weights averaged over heads, {@code [N, L, S]}; otherwise its weights are null.
     * Unbatched inputs ({@code [L, E]}, {@code [S, kdim]}, {@code [S, vdim]}, key padding {@code [S]})
     * give unbatched results, as in PyTorch.
     */
    public Attention.Result forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, AttentionMask attnMask,
                                    boolean needWeights) {
        requireOpen();
        if (query.dim() == 2 && key.dim() == 2 && value.dim() == 2) {
            int batchDim = batchFirst ? 0 : 1;
            Attention.Result r = forward(query.unsqueeze(batchDim), key.unsqueeze(batchDim), value.unsqueeze(batchDim),
                    keyPaddingMask == null || keyPaddingMask.dim() != 1 ? keyPaddingMask : keyPaddingMask.unsqueeze(0),
                    attnMask, needWeights);
            return new Attention.Result(r.output().squeeze(batchDim), needWeights ? r.weights().squeeze(0) : null);
        }
        Tensor q = batchFirst(query, "query", embedDim);
        Tensor k = batchFirst(key, "key", kdim);
        Tensor v = batchFirst(value, "value", vdim);
        int n = q.size(0);
        int l = q.size(1);
        int s = k.size(1);
        if (k.size(0) != n || v.size(0) != n || v.size(1) != s) {
            throw new IllegalArgumentException(label() + ": query " + Shapes.str(query.shape()) + ", key "
                    + Shapes.str(key.shape()) + " and value " + Shapes.str(value.shape())
                    + " must have the same batch size, and key and value the same length");
        }
        AttentionMask mask = AttentionMask.combine(attentionMask(attnMask, n, l, s), paddingMask(keyPaddingMask, n, s));
        Tensor qh = heads(project(q, 0, qProjWeight), n, l);
        Tensor kh = heads(project(k, 1, kProjWeight), n, s);
        Tensor vh = heads(project(v, 2, vProjWeight), n, s);
        Attention.Result r = Attention.scaledDotProduct(label(), qh, kh, vh, mask,
                isTraining() && dropout > 0 ? p -> Dropout.drop(p, dropout, random.nextLong()) : null);
        Tensor joined = r.output().transpose(1, 2).reshape(n * l, embedDim);
        Tensor out = outProj.forward(joined).view(n, l, embedDim);
        Tensor weights = needWeights ? r.weights().mean(false, 1) : null;
        return new Attention.Result(batchFirst ? out : out.transpose(0, 1), weights);
    }

    /** Restarts the dropout sequence, as if the module had been built with this dropout seed. */
    public void reseed(long seed) {
        random = new SplittableRandom(seed);
    }

    private Tensor batchFirst(Tensor x, String what, int features) {
        String layout = (batchFirst ? "[N, length, " : "[length, N, ") + features + "]";
        if (x.dtype() != DType.FLOAT32 || x.dim() != 3) {
            throw new IllegalArgumentException(label() + ": " + what + " " + Shapes.str(x.shape()) + " " + x.dtype()
                    + " must be float32 " + layout);
        }
        if (x.size(2) != features) {
            throw new IllegalArgumentException(label() + ": " + what + " " + Shapes.str(x.shape()) + " has feature size "
                    + x.size(2) + ", expected " + features + " (" + layout + ")");
        }
        return batchFirst ? x : x.transpose(0, 1);
    }

    /**
     * x W_i^T + b_i for projection i (0 = q, 1 = k, 2 = v): a row block of in_proj_weight, or its own
     * weight. x [N, len, features] is multiplied as one [N * len, features] matrix, so the weight's
     * gradient is one GEMM rather than a batch of them summed afterwards.
     */
    private Tensor project(Tensor x, int i, Tensor ownWeight) {
        Tensor w = ownWeight != null ? ownWeight : inProjWeight.slice(0, i * embedDim, (i + 1) * embedDim);
        Tensor b = inProjBias == null ? null : inProjBias.slice(0, i * embedDim, (i + 1) * embedDim);
        return Ops.linear(x, w, b);
    }

    /** [N, len, E] -> [N, heads, len, E / heads]. */
    private Tensor heads(Tensor x, int n, int len) {
        return x.view(n, len, numHeads, embedDim / numHeads).transpose(1, 2);
    }

    private AttentionMask attentionMask(AttentionMask m, int n, int l, int s) {
        if (m == null) {
            return null;
        }
        int[] shape = m.shape();
        if (shape.length == 2 && shape[0] == l && shape[1] == s) {
            return m;
        }
        if (shape.length == 3 && shape[0] == n * numHeads && shape[1] == l && shape[2] == s) {
            return AttentionMask.additive(m.additive().reshape(n, numHeads, l, s));
        }
        throw new IllegalArgumentException(label() + ": attn_mask " + Shapes.str(shape) + " must be [L, S] = [" + l + ", " + s
                + "] or [N * num_heads, L, S] = [" + n * numHeads + ", " + l + ", " + s + "]");
    }

    private AttentionMask paddingMask(Tensor flags, int n, int s) {
        if (flags == null) {
            return null;
        }
        if (flags.dim() != 2 || flags.size(0) != n || flags.size(1) != s) {
            throw new IllegalArgumentException(label() + ": key_padding_mask " + Shapes.str(flags.shape()) + " must be [N, S] = ["
                    + n + ", " + s + "]");
        }
        return AttentionMask.keyPadding(flags);
    }

    public int embedDim() {
        return embedDim;
    }

    public int numHeads() {
        return numHeads;
    }

    @Override
    protected String extraRepr() {
        return "embed_dim=" + embedDim + ", num_heads=" + numHeads + (kdim != embedDim ? ", kdim=" + kdim : "")
                + (vdim != embedDim ? ", vdim=" + vdim : "") + ", dropout=" + dropout + ", batch_first=" + batchFirst;
    }
}
