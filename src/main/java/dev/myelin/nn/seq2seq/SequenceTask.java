package dev.myelin.nn.seq2seq;

import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Toy sequence-to-sequence tasks over random symbols: copy a sequence, or reverse it. Token ids:
 * {@link #PAD} 0, {@link #BOS} 1, {@link #EOS} 2, then the symbols from 3. Sources are right-padded
 * to the longest in the batch; targets are the answer followed by EOS, padded likewise.
 */
public enum SequenceTask {
    COPY, REVERSE;

    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;
    private static final int FIRST_SYMBOL = 3;

    /**
     * A batch: source ids {@code [N, S]} (int64) with its padding mask (1 at padding), target ids
     * {@code [N, S + 1]} with its mask; masks are null when every sequence has the same length.
     */
    public record Batch(Tensor source, Tensor sourceMask, Tensor target, Tensor targetMask) {}

    /** Vocabulary size for {@code symbols} symbols: the symbols plus PAD, BOS and EOS. */
    public static int vocabulary(int symbols) {
        return symbols + FIRST_SYMBOL;
    }

    /** {@code batch} random sequences with lengths uniform in [minLength, maxLength]. */
    public Batch sample(SplittableRandom random, int batch, int minLength, int maxLength, int symbols) {
        if (batch <= 0 || minLength <= 0 || maxLength < minLength || symbols <= 0) {
            throw new IllegalArgumentException(this + ": need batch > 0, 0 < min length <= max length and symbols > 0, got batch="
                    + batch + ", lengths " + minLength + ".." + maxLength + ", symbols=" + symbols);
        }
        int[] lengths = new int[batch];
        int longest = 0;
        for (int r = 0; r < batch; r++) {
            lengths[r] = random.nextInt(minLength, maxLength + 1);
            longest = Math.max(longest, lengths[r]);
        }
        long[] source = new long[batch * longest];
        long[] target = new long[batch * (longest + 1)];
        float[] sourceMask = new float[source.length];
        float[] targetMask = new float[target.length];
        for (int r = 0; r < batch; r++) {
            int n = lengths[r];
            for (int t = 0; t < longest; t++) {
                source[r * longest + t] = t < n ? FIRST_SYMBOL + random.nextInt(symbols) : PAD;
                sourceMask[r * longest + t] = t < n ? 0 : 1;
            }
            for (int t = 0; t <= longest; t++) {
                int at = r * (longest + 1) + t;
                target[at] = t < n ? source[r * longest + (this == COPY ? t : n - 1 - t)] : t == n ? EOS : PAD;
                targetMask[at] = t <= n ? 0 : 1;
            }
        }
        boolean ragged = minLength != maxLength;
        return new Batch(Tensor.ofLongs(source, batch, longest), ragged ? Tensor.of(sourceMask, batch, longest) : null,
                Tensor.ofLongs(target, batch, longest + 1), ragged ? Tensor.of(targetMask, batch, longest + 1) : null);
    }
}
