package dev.myelin.nn.seq2seq;

import dev.myelin.autograd.GradMode;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.Losses;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An encoder-decoder over token sequences. Training feeds the decoder the previous target token
 * (teacher forcing) or, with a given probability per token, its own previous prediction (scheduled
 * sampling, see {@link SamplingSchedule}); inference decodes greedily until the end token.
 * Decoding starts from the begin token {@code bos}; targets end with the end token {@code eos}.
 */
public final class Seq2Seq extends Module {
    private final Encoder encoder;
    private final Decoder decoder;
    private final int bos;
    private final int eos;

    public Seq2Seq(Encoder encoder, Decoder decoder, int bos, int eos) {
        if (bos < 0 || eos < 0 || bos >= decoder.vocabulary() || eos >= decoder.vocabulary() || bos == eos) {
            throw new IllegalArgumentException("Seq2Seq: begin and end tokens must be two different ids below the vocabulary "
                    + "size " + decoder.vocabulary() + ", got bos=" + bos + ", eos=" + eos);
        }
        this.encoder = module("encoder", encoder);
        this.decoder = module("decoder", decoder);
        this.bos = bos;
        this.eos = eos;
    }

    /**
     * Mean cross entropy of the decoder's scores against {@code target [N, T]} (int64 ids, each row
     * ending in eos), over the positions where {@code targetMask [N, T]} is 0 (null: all). With
     * {@code samplingProbability} p, each input after the first is the previous prediction (arg max)
     * with probability p, drawn per token from {@code random} (unused, and may be null, when p is 0),
     * and the ground truth otherwise.
     */
    public Tensor loss(Tensor source, Tensor sourceMask, Tensor target, Tensor targetMask, double samplingProbability,
            SplittableRandom random) {
        requireOpen();
        int[] ts = target.shape();
        if (target.dtype() != DType.INT64 || ts.length != 2 || ts[0] != source.size(0) || ts[1] == 0) {
            throw new IllegalArgumentException(label() + ": target " + Shapes.str(ts) + " " + target.dtype()
                    + " must be int64 ids [" + source.size(0) + ", length > 0] (the source's batch)");
        }
        if (targetMask != null && !Arrays.equals(targetMask.shape(), ts)) {
            throw new IllegalArgumentException(label() + ": target mask " + Shapes.str(targetMask.shape())
                    + " does not match target " + Shapes.str(ts));
        }
        if (!(samplingProbability >= 0 && samplingProbability <= 1)) {
            throw new IllegalArgumentException(label() + ": sampling probability must be in [0, 1], got " + samplingProbability);
        }
        int batch = ts[0];
        int length = ts[1];
        long[] truth = target.toLongArray();
        long[] previous = new long[batch];
        Arrays.fill(previous, bos);
        Decoder.State state = decoder.start(encoder.encode(source, sourceMask));
        Tensor[] logits = new Tensor[length];
        for (int t = 0; t < length; t++) {
            Decoder.Step step = decoder.step(Tensor.ofLongs(previous, batch), state);
            logits[t] = step.logits();
            state = step.state();
            long[] predicted = samplingProbability > 0 ? argmax(step.logits()) : null;
            for (int r = 0; r < batch; r++) {
                boolean sample = samplingProbability > 0 && random.nextDouble() < samplingProbability;
                previous[r] = sample ? predicted[r] : truth[r * length + t];
            }
        }
        Tensor scores = Ops.stack(1, logits).reshape(batch * length, decoder.vocabulary());
        Tensor perToken = Losses.crossEntropy(scores, target.reshape(batch * length), Reduction.NONE);
        if (targetMask == null) {
            return perToken.mean();
        }
        Tensor keep = targetMask.reshape(batch * length).neg().add(1f);
        return perToken.mul(keep).sum().div(keep.sum().item());
    }

    /**
     * Greedy decoding: each step feeds back the highest-scoring token, until every row has produced
     * eos or {@code maxLength} tokens. Returns each row's tokens without the eos.
     */
    public List<int[]> greedyDecode(Tensor source, Tensor sourceMask, int maxLength) {
        requireOpen();
        if (maxLength <= 0) {
            throw new IllegalArgumentException(label() + ": maximum length must be positive, got " + maxLength);
        }
        try (var off = GradMode.noGrad()) {
            int batch = source.size(0);
            long[] previous = new long[batch];
            Arrays.fill(previous, bos);
            int[] lengths = new int[batch];
            Arrays.fill(lengths, -1);
            int[][] tokens = new int[batch][maxLength];
            Decoder.State state = decoder.start(encoder.encode(source, sourceMask));
            int finished = 0;
            for (int t = 0; t < maxLength && finished < batch; t++) {
                Decoder.Step step = decoder.step(Tensor.ofLongs(previous, batch), state);
                state = step.state();
                previous = argmax(step.logits());
                for (int r = 0; r < batch; r++) {
                    if (lengths[r] < 0) {
                        tokens[r][t] = (int) previous[r];
                        if (previous[r] == eos) {
                            lengths[r] = t;
                            finished++;
                        }
                    }
                }
            }
            List<int[]> out = new ArrayList<>(batch);
            for (int r = 0; r < batch; r++) {
                out.add(Arrays.copyOf(tokens[r], lengths[r] < 0 ? maxLength : lengths[r]));
            }
            return out;
        }
    }

    /** Greedy decoding of unpadded sources, at most twice the source length plus one tokens; rows padded with eos. */
    @Override
    public Tensor forward(Tensor source) {
        int maxLength = 2 * source.size(1) + 1;
        List<int[]> rows = greedyDecode(source, null, maxLength);
        long[] ids = new long[rows.size() * maxLength];
        Arrays.fill(ids, eos);
        for (int r = 0; r < rows.size(); r++) {
            for (int t = 0; t < rows.get(r).length; t++) {
                ids[r * maxLength + t] = rows.get(r)[t];
            }
        }
        return Tensor.ofLongs(ids, rows.size(), maxLength);
    }

    private static long[] argmax(Tensor logits) {
        return Ops.max(logits.detach(), 1, false).indices().toLongArray();
    }

    public Encoder encoder() {
        return encoder;
    }

    public Decoder decoder() {
        return decoder;
    }

    public int bos() {
        return bos;
    }

    public int eos() {
        return eos;
    }
}
