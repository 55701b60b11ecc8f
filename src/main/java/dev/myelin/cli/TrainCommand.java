package dev.myelin.cli;

import dev.myelin.data.DataLoader;
import dev.myelin.data.Dataset;
import dev.myelin.data.FashionMnist;
import dev.myelin.data.Splits;
import dev.myelin.data.Subset;
import dev.myelin.nn.Dropout;
import dev.myelin.nn.Flatten;
import dev.myelin.nn.LeNet;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.ResNet;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.Adam;
import dev.myelin.optim.HyperParams;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.Sgd;
import dev.myelin.optim.lr.ReduceLROnPlateau;
import dev.myelin.train.Callback;
import dev.myelin.train.EarlyStopping;
import dev.myelin.train.EpochScheduler;
import dev.myelin.train.History;
import dev.myelin.train.Metric;
import dev.myelin.train.ProgressBar;
import dev.myelin.train.SaveBestModel;
import dev.myelin.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code train --model mlp|lenet|resnet --dataset fashion-mnist --epochs N ...}: trains an MLP with Adam
 * and dropout, or a convolutional network (the LeNet of benchmark W2, or a small ResNet) with SGD
 * momentum 0.9 as in W2; in every case with early stopping on a validation split and the learning
 * rate divided when the validation loss stalls; shows progress on stderr and ends by printing {@code test_accuracy=<value>} on stdout.
 */
final class TrainCommand {
    static final String NAME = "train";
    private static final double PLATEAU_FACTOR = 0.3;
    private static final double SGD_MOMENTUM = 0.9;
    /** ResNet stage widths and blocks per stage for 28x28 inputs: 28 -> 14 -> 7, about 78k parameters. */
    private static final int[] RESNET_WIDTHS = {16, 32, 64};
    private static final int[] RESNET_BLOCKS = {1, 1, 1};

    private TrainCommand() {}

    static Options options() {
        return new Options()
                .option("model", "NAME", "mlp", "architecture: mlp (784 -> hidden ReLU+dropout layers -> 10), lenet "
                        + "(benchmark W2: two 5x5 conv+ReLU+maxpool, 3136 -> 128 -> dropout 0.5 -> 10) or resnet "
                        + "(3 stages of basic blocks, 16/32/64 channels)")
                .option("dataset", "NAME", "fashion-mnist", "data set: fashion-mnist")
                .option("epochs", "N", "10", "maximum epochs (early stopping may end sooner)")
                .option("batch-size", "N", null, "examples per training step (default 128 for mlp, 64 for lenet and resnet)")
                .option("lr", "RATE", null, "learning rate (default 1e-3 for mlp with Adam; 0.01 for lenet and resnet "
                        + "with SGD momentum 0.9)")
                .option("seed", "S", "42", "seed for initial weights, dropout, shuffling and the validation split")
                .option("data-dir", "DIR", null, "directory with the four Fashion-MNIST IDX files (default: "
                        + FashionMnist.DEBIAN_DIR + ", else the subset bundled in the jar)")
                .option("checkpoint", "PATH", null, "save the best model (by validation loss) there, as safetensors")
                .option("history", "PATH", null, "write per-epoch metrics as CSV there, and a PNG chart next to it")
                .option("hidden", "N,N,...", "256,256", "mlp only: sizes of the hidden layers")
                .option("dropout", "P", "0.2", "mlp only: dropout probability after each hidden layer")
                .option("patience", "N", "3", "early stopping: epochs without a better validation loss")
                .option("validation", "FRACTION", "0.1", "part of the training set held out for validation");
    }

    static String usage() {
        return "usage: java -jar myelin.jar train [options]\n\n"
                + "Trains a classifier and prints test_accuracy=<value> as its last line (on stdout; progress goes to stderr).\n"
                + "Other model families have their own tasks and options: --model lstm|gru|rnn (adding problem),\n"
                + "seq2seq|seq2seq-attention|transformer (sequence tasks); 'train --model NAME --help' lists them.\n\n"
                + "options:\n" + options().help();
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException, IOException {
        Options o = options().parse(args);
        String modelName = o.choice("model", "mlp", "lenet", "resnet");
        boolean mlp = modelName.equals("mlp");
        o.choice("dataset", "fashion-mnist");
        for (String mlpOnly : List.of("hidden", "dropout")) {
            if (!mlp && o.isGiven(mlpOnly)) {
                throw new UsageException("--" + mlpOnly + " applies only to --model mlp, not " + modelName);
            }
        }
        int epochs = o.positiveInt("epochs");
        int batchSize = o.isGiven("batch-size") ? o.positiveInt("batch-size") : mlp ? 128 : 64;
        double lr = o.isGiven("lr") ? o.number("lr", Double.MIN_VALUE, 10) : mlp ? 1e-3 : 0.01;
        long seed = o.integer("seed");
        int[] hidden = hidden(o.string("hidden"));
        float dropout = (float) o.number("dropout", 0, 1);
        int patience = o.positiveInt("patience");
        double validationFraction = o.number("validation", Double.MIN_VALUE, 1);
        Path checkpoint = o.path("checkpoint");
        Path historyFile = o.path("history");

        FashionMnist.Data data = o.isGiven("data-dir") ? FashionMnist.load(o.path("data-dir")) : FashionMnist.loadDefault();
        List<Subset> parts = Splits.randomSplit(data.train(), new double[] {1 - validationFraction, validationFraction}, seed);
        err.printf(Locale.ROOT, "data: %s (%d training, %d validation, %d test examples)%n", data.source(),
                parts.get(0).size(), parts.get(1).size(), data.test().size());

        try (Module model = model(modelName, data.train().featureSize(), hidden, dropout, seed);
             Optimizer optimizer = mlp ? new Adam(model.parameters(), lr)
                     : new Sgd(model.parameters(), HyperParams.of().lr(lr).momentum(SGD_MOMENTUM))) {
            err.println("model: " + model.toString().replace("\n", "\n       ") + "\n       " + model.numParameters() + " parameters");
            EarlyStopping stopping = new EarlyStopping(patience, 0, true);
            List<Callback> callbacks = new ArrayList<>(List.of(stopping));
            if (checkpoint != null) {
                callbacks.add(new SaveBestModel(checkpoint));
            }
            Trainer trainer = Trainer.builder(model, optimizer, Losses::crossEntropy)
                    .epochs(epochs)
                    .metrics(Metric.ACCURACY)
                    .callbacks(callbacks.toArray(Callback[]::new))
                    .scheduler(EpochScheduler.onPlateau(new ReduceLROnPlateau(optimizer, ReduceLROnPlateau.Mode.MIN,
                            PLATEAU_FACTOR, 0, 1e-4, ReduceLROnPlateau.ThresholdMode.REL, 0, 0, 1e-8), "val_loss"))
                    .progress(ProgressBar.auto(err))
                    .build();
            History history = trainer.fit(loader(parts.get(0), batchSize, true, seed), loader(parts.get(1), 1000, false, seed));
            if (stopping.restoredBest()) {
                err.printf(Locale.ROOT, "restored the weights of epoch %d (val_loss %.4f)%n", stopping.bestEpoch(), stopping.bestValue());
            }
            if (historyFile != null) {
                history.writeCsv(historyFile);
                history.writePng(pngNextTo(historyFile));
            }
            double accuracy = trainer.evaluate(loader(data.test(), 1000, false, seed)).get("accuracy");
            out.printf(Locale.ROOT, "test_accuracy=%.4f%n", accuracy);
            out.flush();
        }
        return 0;
    }

    private static int[] hidden(String text) throws UsageException {
        String[] parts = text.split(",");
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                sizes[i] = -1;
            }
            if (sizes[i] <= 0) {
                throw new UsageException("--hidden must be positive layer sizes separated by commas, e.g. 256,256; got '" + text + "'");
            }
        }
        return sizes;
    }

    /** The network called {@code name}; features are [1, 28, 28] images. */
    static Module model(String name, int inputs, int[] hidden, float dropout, long seed) {
        int classes = FashionMnist.CLASS_NAMES.size();
        return switch (name) {
            case "lenet" -> new LeNet(seed);
            case "resnet" -> new ResNet(1, classes, RESNET_WIDTHS, RESNET_BLOCKS, seed);
            default -> mlp(inputs, hidden, dropout, seed);
        };
    }

    /** Flatten, then for each hidden size Linear + ReLU + Dropout, then Linear to the 10 classes. */
    static Sequential mlp(int inputs, int[] hidden, float dropout, long seed) {
        Sequential model = new Sequential(new Flatten());
        int in = inputs;
        for (int i = 0; i < hidden.length; i++) {
            model.add(new Linear(in, hidden[i], true, seed + 2L * i)).add(new ReLU()).add(new Dropout(dropout, seed + 2L * i + 1));
            in = hidden[i];
        }
        return model.add(new Linear(in, FashionMnist.CLASS_NAMES.size(), true, seed + 2L * hidden.length));
    }

    private static DataLoader loader(Dataset data, int batchSize, boolean shuffle, long seed) {
        return DataLoader.builder(data, batchSize).shuffle(shuffle).seed(seed).build();
    }

    /** history.csv -> history.png; other names get .png appended. */
    static Path pngNextTo(Path csv) {
        String name = csv.getFileName().toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(base + ".png");
    }
}
