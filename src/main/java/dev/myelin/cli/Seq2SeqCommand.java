package dev.myelin.cli;

import dev.myelin.nn.seq2seq.AttentionDecoder;
import dev.myelin.nn.seq2seq.ContextDecoder;
import dev.myelin.nn.seq2seq.Decoder;
import dev.myelin.nn.seq2seq.Encoder;
import dev.myelin.nn.seq2seq.Recurrence;
import dev.myelin.nn.seq2seq.SamplingSchedule;
import dev.myelin.nn.seq2seq.Seq2Seq;
import dev.myelin.nn.seq2seq.Seq2SeqTrainer;
import dev.myelin.nn.seq2seq.SequenceTask;
import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code train --model seq2seq|seq2seq-attention --task reverse|copy --epochs N ...}: trains a
 * recurrent encoder-decoder (a context vector, or additive attention over the encoder states) on
 * random symbol sequences, with gradient clipping and optional scheduled sampling; shows progress on
 * stderr and ends by printing {@code test_token_accuracy=<value>} (greedy decoding) on stdout.
 */
final class Seq2SeqCommand {
    private static final int TEST_SEQUENCES = 1000;
    /** Scheduled sampling decays the teacher-forcing probability to this value by the last step. */
    private static final double FINAL_TEACHER_FORCING = 0.5;

    private Seq2SeqCommand() {}

    static Options options() {
        return new Options()
                .option("model", "NAME", "seq2seq", "seq2seq (decoder conditioned on the encoder's final state) or "
                        + "seq2seq-attention (additive attention over every encoder state)")
                .option("task", "NAME", "reverse", "reverse or copy random symbol sequences")
                .option("epochs", "N", "10", "training epochs")
                .option("steps-per-epoch", "N", "100", "batches per epoch (each a fresh random batch)")
                .option("batch-size", "N", "32", "sequences per batch")
                .option("min-length", "N", "5", "shortest source sequence")
                .option("max-length", "N", "8", "longest source sequence (shorter ones are padded and masked)")
                .option("symbols", "N", "8", "distinct symbols (the vocabulary adds padding, begin and end tokens)")
                .option("cell", "NAME", "lstm", "recurrent cell: lstm or gru")
                .option("embedding", "N", "16", "token embedding size")
                .option("hidden", "N", "64", "hidden state size of encoder and decoder")
                .option("lr", "RATE", "0.01", "Adam learning rate")
                .option("clip", "NORM", "1.0", "gradient clipping: largest global gradient norm")
                .option("schedule", "NAME", "none", "scheduled sampling: none (teacher forcing), linear, exponential or "
                        + "inverse-sigmoid, each decaying the teacher-forcing probability to " + FINAL_TEACHER_FORCING
                        + " by the last step")
                .option("seed", "S", "42", "seed for initial weights, data and sampling");
    }

    static String usage() {
        return "usage: java -jar myelin.jar train --model seq2seq|seq2seq-attention [options]\n\n"
                + "Trains an encoder-decoder to reverse or copy sequences and prints test_token_accuracy=<value> as its last "
                + "line (on stdout; progress goes to stderr).\n\noptions:\n" + options().help();
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        if (Options.wantsHelp(args)) {
            out.print(usage());
            return 0;
        }
        Options o = options().parse(args);
        boolean attention = o.choice("model", "seq2seq", "seq2seq-attention").equals("seq2seq-attention");
        SequenceTask task = SequenceTask.valueOf(o.choice("task", "reverse", "copy").toUpperCase(Locale.ROOT));
        int epochs = o.positiveInt("epochs");
        int stepsPerEpoch = o.positiveInt("steps-per-epoch");
        int minLength = o.positiveInt("min-length");
        int maxLength = o.positiveInt("max-length");
        if (maxLength < minLength) {
            throw new UsageException("--max-length " + maxLength + " is shorter than --min-length " + minLength);
        }
        int symbols = o.positiveInt("symbols");
        Recurrence.Kind cell = Recurrence.Kind.valueOf(o.choice("cell", "lstm", "gru").toUpperCase(Locale.ROOT));
        int embedding = o.positiveInt("embedding");
        int hidden = o.positiveInt("hidden");
        double lr = o.number("lr", Double.MIN_VALUE, 10);
        double clip = o.number("clip", Double.MIN_VALUE, Double.MAX_VALUE);
        long totalSteps = (long) epochs * stepsPerEpoch;
        SamplingSchedule schedule = schedule(o.choice("schedule", "none", "linear", "exponential", "inverse-sigmoid"), totalSteps);
        long seed = o.integer("seed");

        int vocabulary = SequenceTask.vocabulary(symbols);
        SplittableRandom random = new SplittableRandom(seed);
        Encoder encoder = new Encoder(vocabulary, embedding, hidden, cell, random.nextLong());
        Decoder decoder = attention ? new AttentionDecoder(vocabulary, embedding, hidden, hidden, cell, random.nextLong())
                : new ContextDecoder(vocabulary, embedding, hidden, cell, random.nextLong());
        SequenceTask.Batch validation = task.sample(random.split(), 500, minLength, maxLength, symbols);
        SequenceTask.Batch test = task.sample(random.split(), TEST_SEQUENCES, minLength, maxLength, symbols);
        Seq2SeqTrainer.Settings settings = new Seq2SeqTrainer.Settings(o.positiveInt("batch-size"), minLength, maxLength,
                symbols, lr, clip, schedule);
        try (Seq2Seq model = new Seq2Seq(encoder, decoder, SequenceTask.BOS, SequenceTask.EOS);
             Seq2SeqTrainer trainer = new Seq2SeqTrainer(model, task, settings, random)) {
            err.println("model: " + model.toString().replace("\n", "\n       ") + "\n       " + model.numParameters()
                    + " parameters; scheduled sampling: " + schedule);
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long t0 = System.nanoTime();
                double loss = trainer.train(stepsPerEpoch, err, 0);
                err.printf(Locale.ROOT, "epoch %d/%d: loss %.4f, sampling probability %.3f, validation token accuracy %.4f "
                        + "(%.1f s)%n", epoch, epochs, loss, schedule.samplingProbability(trainer.steps() - 1),
                        Seq2SeqTrainer.tokenAccuracy(model, validation), (System.nanoTime() - t0) / 1e9);
            }
            out.printf(Locale.ROOT, "test_token_accuracy=%.4f%n", Seq2SeqTrainer.tokenAccuracy(model, test));
            out.flush();
        }
        return 0;
    }

    /** The named schedule, decaying the teacher-forcing probability to {@link #FINAL_TEACHER_FORCING} at {@code steps}. */
    static SamplingSchedule schedule(String name, long steps) {
        double end = FINAL_TEACHER_FORCING;
        return switch (name) {
            case "linear" -> SamplingSchedule.linear(1, (1 - end) / steps, 0);
            case "exponential" -> SamplingSchedule.exponential(Math.pow(end, 1.0 / steps));
            case "inverse-sigmoid" -> SamplingSchedule.inverseSigmoid(inverseSigmoidK(steps));
            default -> SamplingSchedule.teacherForcingOnly();
        };
    }

    /** k with k / (k + e^(steps/k)) = 1/2, i.e. k ln k = steps (bisection; k >= 1). */
    private static double inverseSigmoidK(long steps) {
        double lo = 1;
        double hi = Math.max(2, steps);
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (mid * Math.log(mid) < steps) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
