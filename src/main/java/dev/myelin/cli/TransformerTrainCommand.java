package dev.myelin.cli;

import dev.myelin.data.ReverseTask;
import dev.myelin.memory.Scope;
import dev.myelin.nn.Transformer;
import dev.myelin.nn.TransformerSettings;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.Adam;
import dev.myelin.optim.Optimizer;
import dev.myelin.tensor.Tensor;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code train --model transformer --task reverse --epochs N ...}: trains an encoder-decoder
 * {@link Transformer} with teacher forcing and Adam to reverse random token sequences
 * ({@link ReverseTask}), then decodes held-out sequences greedily and prints
 * {@code test_token_accuracy=<value>} (the fraction of output tokens that are right) on stdout;
 * progress goes to stderr.
 */
final class TransformerTrainCommand {
    static final String MODEL = "transformer";

    private TransformerTrainCommand() {}

    static Options options() {
        return new Options()
                .option("model", "NAME", MODEL, "transformer: encoder-decoder Transformer over token ids")
                .option("task", "NAME", "reverse", "reverse: output a random token sequence reversed")
                .option("epochs", "N", "4", "epochs of --steps-per-epoch training steps")
                .option("steps-per-epoch", "N", "100", "training steps per epoch, each on a fresh random batch")
                .option("batch-size", "N", "64", "sequences per training step")
                .option("lr", "RATE", "1e-3", "Adam learning rate")
                .option("vocab", "N", "12", "tokens, including the start token")
                .option("length", "N", "10", "sequence length")
                .option("d-model", "N", "64", "model width")
                .option("heads", "N", "4", "attention heads (must divide --d-model)")
                .option("layers", "N", "2", "encoder layers and decoder layers (each)")
                .option("ff", "N", "128", "feed-forward width")
                .option("dropout", "P", "0.0", "dropout probability in every layer")
                .option("test-size", "N", "1000", "held-out sequences decoded greedily at the end")
                .option("seed", "S", "42", "seed for initial weights, dropout and the data");
    }

    static String usage() {
        return "usage: java -jar myelin.jar train --model transformer [options]\n\n"
                + "Trains a Transformer on a sequence task and prints test_token_accuracy=<value> as its last line\n"
                + "(on stdout; progress goes to stderr).\n\noptions:\n" + options().help();
    }

    /** The parsed settings of one run. */
    record Run(int epochs, int stepsPerEpoch, int batchSize, double lr, int vocab, int length, TransformerSettings settings,
               int layers, int testSize, long seed) {}

    static Run parse(String[] args) throws UsageException {
        Options o = options().parse(args);
        o.choice("model", MODEL);
        o.choice("task", "reverse");
        int dModel = o.positiveInt("d-model");
        int heads = o.positiveInt("heads");
        if (dModel % heads != 0) {
            throw new UsageException("--d-model " + dModel + " is not divisible by --heads " + heads);
        }
        int vocab = o.positiveInt("vocab");
        if (vocab < 3) {
            throw new UsageException("--vocab must be at least 3 (the start token and two others), got " + vocab);
        }
        TransformerSettings settings = TransformerSettings.of(dModel, heads).dimFeedforward(o.positiveInt("ff"))
                .dropout((float) o.number("dropout", 0, 1)).batchFirst(true);
        return new Run(o.positiveInt("epochs"), o.positiveInt("steps-per-epoch"), o.positiveInt("batch-size"),
                o.number("lr", Double.MIN_VALUE, 10), vocab, o.positiveInt("length"), settings, o.positiveInt("layers"),
                o.positiveInt("test-size"), o.integer("seed"));
    }

    /** Runs {@code train --model transformer ...}, or prints the usage for --help. */
    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        if (Options.wantsHelp(args)) {
            out.print(usage());
            return 0;
        }
        Run r = parse(args);
        ReverseTask train = new ReverseTask(r.vocab(), r.length(), r.seed());
        ReverseTask test = new ReverseTask(r.vocab(), r.length(), r.seed() + 1);
        try (Transformer model = new Transformer(r.vocab(), r.vocab(), r.length(), r.settings(), r.layers(), r.layers(), r.seed());
             Optimizer adam = new Adam(model.parameters(), r.lr())) {
            err.println("model: " + model.numParameters() + " parameters; task: reverse " + r.length() + " tokens of "
                    + (r.vocab() - 1));
            long start = System.nanoTime();
            for (int epoch = 1; epoch <= r.epochs(); epoch++) {
                model.train();
                double loss = 0;
                for (int step = 0; step < r.stepsPerEpoch(); step++) {
                    loss += step(model, adam, train, r.batchSize());
                }
                double accuracy = tokenAccuracy(model, test, 200);
                err.printf(Locale.ROOT, "epoch %d/%d: loss %.4f, greedy token accuracy %.4f (%.0f s)%n", epoch, r.epochs(),
                        loss / r.stepsPerEpoch(), accuracy, (System.nanoTime() - start) / 1e9);
            }
            out.printf(Locale.ROOT, "test_token_accuracy=%.4f%n", tokenAccuracy(model, test, r.testSize()));
            out.flush();
        }
        return 0;
    }

    /** One teacher-forced Adam step on a fresh batch (made in the step's scope); returns the mean cross-entropy per token. */
    private static double step(Transformer model, Optimizer adam, ReverseTask task, int batchSize) {
        try (Scope s = Scope.open("step")) {
            ReverseTask.Batch b = task.next(batchSize);
            Tensor logits = model.forward(b.source(), b.decoderInput());
            Tensor loss = Losses.crossEntropy(logits.reshape(-1, task.vocab()), b.target().reshape(-1));
            loss.backward();
            adam.step();
            adam.zeroGrad();
            return loss.item();
        }
    }

    /** The fraction of tokens greedy decoding gets right on {@code n} new sequences, in evaluation mode. */
    static double tokenAccuracy(Transformer model, ReverseTask task, int n) {
        model.eval();
        try (Scope s = Scope.open("evaluate")) {
            ReverseTask.Batch b = task.next(n);
            long[] got = model.greedyDecode(b.source(), ReverseTask.START, b.target().size(1)).toLongArray();
            long[] want = b.target().toLongArray();
            int right = 0;
            for (int i = 0; i < got.length; i++) {
                right += got[i] == want[i] ? 1 : 0;
            }
            return (double) right / got.length;
        } finally {
            model.train();
        }
    }
}
