package dev.myelin.nn.seq2seq;

import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.Activations;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Additive attention (Bahdanau et al. 2015): for a query s (the decoder state) and keys h_j (the
 * encoder states),
 * <pre>
 * score(s, h_j) = v^T tanh(W_s s + W_h h_j + b)
 * alpha = softmax_j(score) over the unpadded positions
 * context = sum_j alpha_j h_j
 * </pre>
 * {@code W_h h_j + b} does not depend on the query: {@link #projectKeys} computes it once per source
 * sequence and every decoding step reuses it. Parameters: {@code query.weight [A, Dq]} (W_s),
 * {@code key.weight [A, Dk]} and {@code key.bias [A]} (W_h, b), {@code score.weight [1, A]} (v).
 */
public final class AdditiveAttention extends Module {
    /** Masked scores are pushed this far down: their softmax weight is exactly zero, with no inf * 0 in sight. */
    private static final float MASKED_SCORE = -1e30f;

    /** The context vector {@code [N, Dk]} and the attention weights {@code [N, S]}. */
    public record Result(Tensor context, Tensor weights) {}

    private final Linear query;
    private final Linear key;
    private final Linear score;

    public AdditiveAttention(int queryDim, int keyDim, int attentionDim, long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        this.query = module("query", new Linear(queryDim, attentionDim, false, seeds.nextLong()));
        this.key = module("key", new Linear(keyDim, attentionDim, true, seeds.nextLong()));
        this.score = module("score", new Linear(attentionDim, 1, false, seeds.nextLong()));
    }

    /** {@code W_h h_j + b} for every key {@code [N, S, Dk]}: {@code [N, S, A]}. */
    public Tensor projectKeys(Tensor keys) {
        requireOpen();
        if (keys.dim() != 3) {
            throw new IllegalArgumentException(label() + ": keys " + Shapes.str(keys.shape())
                    + " must be [batch, source length, " + key.inFeatures() + "]");
        }
        return key.forward(keys);
    }

    /** The unnormalised scores {@code [N, S]} of a query {@code [N, Dq]} against projected keys {@code [N, S, A]}. */
    public Tensor scores(Tensor queryState, Tensor projectedKeys) {
        requireOpen();
        int[] k = projectedKeys.shape();
        if (queryState.dim() != 2 || k.length != 3 || queryState.size(0) != k[0]) {
            throw new IllegalArgumentException(label() + ": query " + Shapes.str(queryState.shape())
                    + " and projected keys " + Shapes.str(k) + " must be [batch, " + query.inFeatures() + "] and [batch, "
                    + "source length, " + key.outFeatures() + "] with the same batch");
        }
        Tensor hidden = Activations.tanh(projectedKeys.add(query.forward(queryState).unsqueeze(1)));
        return score.forward(hidden).squeeze(2);
    }

    /**
     * Attends over {@code values [N, S, Dk]} (the keys before projection): weights from
     * {@link #scores}, zero where {@code paddingMask [N, S]} is 1 (null: no padding).
     */
    public Result attend(Tensor queryState, Tensor projectedKeys, Tensor values, Tensor paddingMask) {
        Tensor scores = scores(queryState, projectedKeys);
        if (paddingMask != null) {
            checkMask(paddingMask, scores.shape());
            scores = Ops.maskedFill(scores, paddingMask, MASKED_SCORE);
        }
        Tensor weights = Activations.softmax(scores, 1);
        Tensor context = weights.unsqueeze(1).matmul(values).squeeze(1);
        return new Result(context, weights);
    }

    /** Attention of a query over keys {@code [N, S, Dk]} that also serve as the values. */
    public Result attend(Tensor queryState, Tensor keys, Tensor paddingMask) {
        return attend(queryState, projectKeys(keys), keys, paddingMask);
    }

    /** A mask must have the scores' shape and leave every row at least one position to attend to. */
    private void checkMask(Tensor mask, int[] scoreShape) {
        if (mask.dtype() != DType.FLOAT32 || !Arrays.equals(mask.shape(), scoreShape)) {
            throw new IllegalArgumentException(label() + ": padding mask " + Shapes.str(mask.shape()) + " " + mask.dtype()
                    + " must be a float32 0/1 tensor " + Shapes.str(scoreShape) + " (batch, source length)");
        }
        float[] m = mask.toFloatArray();
        int length = scoreShape[1];
        for (int r = 0; r < scoreShape[0]; r++) {
            boolean any = false;
            for (int j = 0; j < length && !any; j++) {
                any = m[r * length + j] == 0;
            }
            if (!any) {
                throw new IllegalArgumentException(label() + ": padding mask row " + r + " masks all " + length
                        + " source positions; nothing is left to attend to");
            }
        }
    }

    /** Not a one-input layer: use {@link #attend}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(label() + " needs a query and keys: call attend(query, keys, paddingMask)");
    }

    public Linear query() {
        return query;
    }

    public Linear key() {
        return key;
    }

    public Linear score() {
        return score;
    }
}
