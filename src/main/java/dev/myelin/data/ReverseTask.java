package dev.myelin.data;

import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Sequence reversal: random sequences of tokens {@code 1 .. vocab-1}, each to be answered with the
 * same tokens in reverse order. Token 0 is the decoder's start token. A batch holds the source
 * {@code [N, L]}, the decoder input (start token, then the target shifted right) and the target,
 * all int64.
 */
public final class ReverseTask {
    /** The token that starts every decoder input; it never occurs in a sequence. */
    public static final int START = 0;

    private final int vocab;
    private final int length;
    private final SplittableRandom random;

    /** One batch: source, decoder input and target ids. */
    public record Batch(Tensor source, Tensor decoderInput, Tensor target) {}

    public ReverseTask(int vocab, int length, long seed) {
        if (vocab < 3 || length <= 0) {
            throw new IllegalArgumentException("ReverseTask: need a vocabulary of at least 3 tokens (start + 2) and a positive "
                    + "length, got vocab " + vocab + ", length " + length);
        }
        this.vocab = vocab;
        this.length = length;
        this.random = new SplittableRandom(seed);
    }

    /** The next {@code n} random sequences with their reversals. */
    public Batch next(int n) {
        long[] src = new long[n * length];
        long[] in = new long[n * length];
        long[] tgt = new long[n * length];
        for (int i = 0; i < n; i++) {
            int base = i * length;
            for (int t = 0; t < length; t++) {
                src[base + t] = 1 + random.nextInt(vocab - 1);
            }
            for (int t = 0; t < length; t++) {
                tgt[base + t] = src[base + length - 1 - t];
                in[base + t] = t == 0 ? START : tgt[base + t - 1];
            }
        }
        return new Batch(Tensor.ofLongs(src, n, length), Tensor.ofLongs(in, n, length), Tensor.ofLongs(tgt, n, length));
    }

    public int vocab() {
        return vocab;
    }

    public int length() {
        return length;
    }
}
