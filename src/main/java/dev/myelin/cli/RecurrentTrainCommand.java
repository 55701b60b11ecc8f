package dev.myelin.cli;

import dev.myelin.autograd.GradMode;
import dev.myelin.data.AddingProblem;
import dev.myelin.memory.Scope;
import dev.myelin.nn.GRU;
import dev.myelin.nn.LSTM;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.RNN;
import dev.myelin.nn.RNNBase;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.Adam;
import dev.myelin.optim.GradClip;
import dev.myelin.optim.Optimizer;
import dev.myelin.tensor.Tensor;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code train --model lstm|gru|rnn --task adding --epochs N ...}: trains a recurrent network with a
 * linear head on its last hidden state on the adding problem ({@link AddingProblem}) with mean
 * squared error, Adam and gradient-norm clipping; shows progress on stderr and ends by printing
 * {@code test_mse=<value>} on stdout (always answering 1 scores 0.167).
 */
final class RecurrentTrainCommand {
    private RecurrentTrainCommand() {}

    static Options options() {
        return new Options()
                .option("model", "NAME", "lstm", "recurrent layer: lstm, gru or rnn (tanh)")
                .option("task", "NAME", "adding", "task: adding (sum of the two marked values of a sequence)")
                .option("epochs", "N", "15", "epochs of --steps training batches each")
                .option("steps", "N", "100", "training batches per epoch (fresh sequences every batch)")
                .option("seq-len", "T", "50", "sequence length")
                .option("hidden", "N", "128", "hidden size")
                .option("layers", "N", "1", "stacked recurrent layers")
                .option("batch-size", "N", "64", "sequences per training step")
                .option("lr", "RATE", "3e-3", "Adam learning rate")
                .option("clip", "NORM", "1.0", "clip the gradients' global 2-norm to this")
                .option("test-size", "N", "1000", "held-out sequences the final test_mse is measured on")
                .option("seed", "S", "42", "seed for initial weights and data");
    }

    static String usage() {
        return "usage: java -jar myelin.jar train --model lstm|gru|rnn --task adding [options]\n\n"
                + "Trains a recurrent network (+ a linear head on its last hidden state) on the adding problem and prints\n"
                + "test_mse=<value> as its last line (on stdout; progress goes to stderr). Always answering 1 scores "
                + String.format(Locale.ROOT, "%.3f", AddingProblem.CONSTANT_GUESS_MSE) + ".\n\n"
                + "options:\n" + options().help();
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        if (Options.wantsHelp(args)) {
            out.print(usage());
            return 0;
        }
        Options o = options().parse(args);
        String kind = o.choice("model", "lstm", "gru", "rnn");
        o.choice("task", "adding");
        int epochs = o.positiveInt("epochs");
        int steps = o.positiveInt("steps");
        int length = o.positiveInt("seq-len");
        if (length < 2) {
            throw new UsageException("--seq-len must be at least 2 (two marked steps), got " + length);
        }
        int hidden = o.positiveInt("hidden");
        int layers = o.positiveInt("layers");
        int batch = o.positiveInt("batch-size");
        double lr = o.number("lr", Double.MIN_VALUE, 10);
        double clip = o.number("clip", Double.MIN_VALUE, Double.MAX_VALUE);
        int testSize = o.positiveInt("test-size");
        long seed = o.integer("seed");

        AddingProblem train = new AddingProblem(length, seed);
        try (Scope data = Scope.open("test set");
             Regressor model = new Regressor(recurrent(kind, hidden, layers, seed), hidden, seed + 1);
             Optimizer optimizer = new Adam(model.parameters(), lr)) {
            AddingProblem.Batch test = new AddingProblem(length, seed ^ 0x7E57L).next(testSize);
            err.printf(Locale.ROOT, "model: %s, %d parameters; adding problem, T = %d%n", model.toString().replace("\n", " "),
                    model.numParameters(), length);
            double testMse = Double.NaN;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long t0 = System.nanoTime();
                double sum = 0;
                for (int s = 0; s < steps; s++) {
                    try (Scope step = Scope.open("step")) {
                        AddingProblem.Batch b = train.next(batch);
                        optimizer.zeroGrad();
                        Tensor loss = Losses.mse(model.forward(b.inputs()), b.targets());
                        loss.backward();
                        GradClip.clipGradNorm(model.parameters(), clip);
                        optimizer.step();
                        sum += loss.item();
                    }
                }
                testMse = evaluate(model, test);
                err.printf(Locale.ROOT, "epoch %d/%d: train_mse=%.5f test_mse=%.5f (%.1f s)%n", epoch, epochs, sum / steps,
                        testMse, (System.nanoTime() - t0) / 1e9);
                if (!Double.isFinite(testMse)) {
                    throw new IllegalStateException("training diverged (test_mse " + testMse + "); try a lower --lr or --clip");
                }
            }
            out.printf(Locale.ROOT, "test_mse=%.5f%n", testMse);
            out.flush();
        }
        return 0;
    }

    private static double evaluate(Regressor model, AddingProblem.Batch test) {
        try (Scope s = Scope.open("evaluate"); var off = GradMode.noGrad()) {
            return Losses.mse(model.forward(test.inputs()), test.targets()).item();
        }
    }

    static RNNBase recurrent(String kind, int hidden, int layers, long seed) {
        return switch (kind) {
            case "gru" -> new GRU(2, hidden, layers, true, false, 0f, false, seed);
            case "rnn" -> new RNN(2, hidden, layers, "tanh", true, false, 0f, false, seed);
            default -> new LSTM(2, hidden, layers, true, false, 0f, false, seed);
        };
    }

    /** A recurrent network read out by a linear layer on the last layer's final hidden state: {@code [T, N, in] -> [N, 1]}. */
    static final class Regressor extends Module {
        private final RNNBase recurrent;
        private final Linear head;

        Regressor(RNNBase recurrent, int hidden, long seed) {
            this.recurrent = module("rnn", recurrent);
            this.head = module("head", new Linear(hidden, 1, true, seed));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor output = recurrent.forward(x);
            return head.forward(output.select(0, output.size(0) - 1)); // the last step's output is the last layer's h_T
        }
    }
}
