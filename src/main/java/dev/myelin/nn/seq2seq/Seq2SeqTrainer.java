package dev.myelin.nn.seq2seq;

import dev.myelin.memory.Scope;
import dev.myelin.optim.Adam;
import dev.myelin.optim.GradClip;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains a {@link Seq2Seq} on a {@link SequenceTask} with Adam, gradient-norm clipping and a
 * scheduled-sampling schedule, each step on a fresh random batch in its own memory scope, and
 * measures token accuracy under greedy decoding.
 */
public final class Seq2SeqTrainer {
    /** How to train: steps, batch size, source lengths, symbols, learning rate, gradient-norm limit, schedule. */
    public record Settings(int steps, int batchSize, int minLength, int maxLength, int symbols, double lr, double clipNorm,
                           SamplingSchedule schedule) {}

    private Seq2SeqTrainer() {}

    /** Trains in place; every {@code reportEvery} steps (0: never) prints the recent mean loss on {@code progress}. */
    public static void train(Seq2Seq model, SequenceTask task, Settings s, SplittableRandom random, PrintStream progress,
            int reportEvery) {
        try (Adam adam = new Adam(model.parameters(), s.lr())) {
            double recent = 0;
            for (int step = 0; step < s.steps(); step++) {
                try (Scope scope = Scope.open("seq2seq step")) {
                    SequenceTask.Batch b = task.sample(random, s.batchSize(), s.minLength(), s.maxLength(), s.symbols());
                    var loss = model.loss(b.source(), b.sourceMask(), b.target(), b.targetMask(),
                            s.schedule().samplingProbability(step), random);
                    adam.zeroGrad();
                    loss.backward();
                    GradClip.clipGradNorm(adam.params(), s.clipNorm());
                    adam.step();
                    recent += loss.item();
                }
                if (reportEvery > 0 && (step + 1) % reportEvery == 0) {
                    progress.printf(Locale.ROOT, "step %d/%d  loss %.4f  sampling probability %.3f%n", step + 1, s.steps(),
                            recent / reportEvery, s.schedule().samplingProbability(step));
                    recent = 0;
                }
            }
        }
    }

    /**
     * The fraction of target tokens (EOS included, padding excluded) that greedy decoding gets right
     * at their position; a missing token counts as wrong.
     */
    public static double tokenAccuracy(Seq2Seq model, SequenceTask.Batch batch) {
        try (Scope scope = Scope.open("seq2seq accuracy")) {
            int rows = batch.target().size(0);
            int length = batch.target().size(1);
            long[] target = batch.target().toLongArray();
            float[] mask = batch.targetMask() == null ? new float[target.length] : batch.targetMask().toFloatArray();
            List<int[]> decoded = model.greedyDecode(batch.source(), batch.sourceMask(), length);
            long right = 0;
            long total = 0;
            for (int r = 0; r < rows; r++) {
                int[] out = decoded.get(r);
                for (int t = 0; t < length; t++) {
                    if (mask[r * length + t] != 0) {
                        continue;
                    }
                    total++;
                    int got = t < out.length ? out[t] : t == out.length ? model.eos() : -1;
                    right += got == target[r * length + t] ? 1 : 0;
                }
            }
            return (double) right / total;
        }
    }
}
