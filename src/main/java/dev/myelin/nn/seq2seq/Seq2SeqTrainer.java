package dev.myelin.nn.seq2seq;

import dev.myelin.memory.Scope;
import dev.myelin.optim.Adam;
import dev.myelin.optim.GradClip;
import java.io.PrintStream;
import dev.myelin.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains a {@link Seq2Seq} on a {@link SequenceTask} with Adam, gradient-norm clipping and a
 * scheduled-sampling schedule, each step on a fresh random batch in its own memory scope, and
 * measures token accuracy under greedy decoding. The step count (which the schedule reads) and
 * Adam's state carry over from one {@link #train} call to the next; {@link #close()} frees them.
 */
public final class Seq2SeqTrainer implements AutoCloseable {
    /** How to train: batch size, source lengths, symbols, learning rate, gradient-norm limit, schedule. */
    public record Settings(int batchSize, int minLength, int maxLength, int symbols, double lr, double clipNorm,
                           SamplingSchedule schedule) {}

    private final Seq2Seq model;
    private final SequenceTask task;
    private final Settings settings;
    private final SplittableRandom random;
    private final Adam adam;
    private long step;

    public Seq2SeqTrainer(Seq2Seq model, SequenceTask task, Settings settings, SplittableRandom random) {
        this.model = model;
        this.task = task;
        this.settings = settings;
        this.random = random;
        this.adam = new Adam(model.parameters(), settings.lr());
    }

    /**
     * Runs {@code steps} training steps and returns their mean loss; every {@code reportEvery} steps
     * (0: never) prints the recent mean loss and sampling probability on {@code progress}.
     */
    public double train(int steps, PrintStream progress, int reportEvery) {
        double total = 0;
        double recent = 0;
        for (int i = 1; i <= steps; i++, step++) {
            double p = settings.schedule().samplingProbability(step);
            try (Scope scope = Scope.open("seq2seq step")) {
                SequenceTask.Batch b = task.sample(random, settings.batchSize(), settings.minLength(), settings.maxLength(),
                        settings.symbols());
                Tensor loss = model.loss(b.source(), b.sourceMask(), b.target(), b.targetMask(), p, random);
                adam.zeroGrad();
                loss.backward();
                GradClip.clipGradNorm(adam.params(), settings.clipNorm());
                adam.step();
                recent += loss.item();
            }
            if (reportEvery > 0 && i % reportEvery == 0) {
                progress.printf(Locale.ROOT, "step %d  loss %.4f  sampling probability %.3f%n", step + 1, recent / reportEvery, p);
                total += recent;
                recent = 0;
            }
        }
        return (total + recent) / steps;
    }

    /** Training steps run so far. */
    public long steps() {
        return step;
    }

    @Override
    public void close() {
        adam.close();
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
