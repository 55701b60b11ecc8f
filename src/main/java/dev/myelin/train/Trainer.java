package dev.myelin.train;

import dev.myelin.autograd.GradMode;
import dev.myelin.data.Batch;
import dev.myelin.data.DataLoader;
import dev.myelin.data.Epoch;
import dev.myelin.memory.Scope;
import dev.myelin.nn.Module;
import dev.myelin.optim.Optimizer;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The training loop: for each epoch, for each batch, zero-grad / forward / loss / backward / step,
 * each step inside its own {@link Scope} so memory stays flat however long the run; then
 * validation (evaluation mode, no gradients) and the epoch's logs: {@code loss} and the chosen
 * {@link Metric}s over the epoch's training batches, the same on the validation data with
 * {@code val_} in front, {@code lr} (the rate the epoch trained with) and {@code seconds} (the
 * epoch's wall time, validation included). Callbacks
 * see every epoch and may stop training; an {@link EpochScheduler} may change the learning rate.
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-3), Losses::crossEntropy)
 *         .epochs(20).metrics(Metric.ACCURACY).callbacks(new EarlyStopping(3, 0, true)).build();
 * History history = trainer.fit(trainLoader, validationLoader);
 * double testAccuracy = trainer.evaluate(testLoader).get("accuracy");
 * }</pre>
 */
public final class Trainer {
    private final Module model;
    private final Optimizer optimizer;
    private final LossFunction loss;
    private final int epochs;
    private final Set<Metric> metrics;
    private final List<Callback> callbacks;
    private final EpochScheduler scheduler;
    private final ProgressBar progress;
    private final WeightNoise weightNoise;
    private int epochsDone;

    private Trainer(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.loss = b.loss;
        this.epochs = b.epochs;
        this.metrics = b.metrics;
        this.callbacks = List.copyOf(b.callbacks);
        this.scheduler = b.scheduler;
        this.progress = b.progress;
        this.weightNoise = b.weightNoise;
    }

    public static Builder builder(Module model, Optimizer optimizer, LossFunction loss) {
        return new Builder(model, optimizer, loss);
    }

    /**
     * Trains for the configured number of epochs (fewer if a callback stops it), validating on
     * {@code validation} after each when it is not null. Epoch numbers continue across calls.
     * Returns the logs of the epochs run.
     */
    public History fit(DataLoader train, DataLoader validation) {
        History history = new History();
        TrainingState state = new TrainingState(model, optimizer, history, epochsDone + epochs);
        callbacks.forEach(c -> c.onTrainStart(state));
        try {
            for (int e = epochsDone + 1; e <= state.lastEpoch() && !state.isStopRequested(); e++) {
                runEpoch(state, e, train, validation);
            }
        } finally {
            model.train();
        }
        callbacks.forEach(c -> c.onTrainEnd(state));
        if (state.isStopRequested() && progress != null) {
            progress.endEpoch(state.stopReason());
        }
        return history;
    }

    private void runEpoch(TrainingState state, int epoch, DataLoader train, DataLoader validation) {
        state.epoch(epoch);
        callbacks.forEach(c -> c.onEpochStart(state, epoch));
        long start = System.nanoTime();
        model.train();
        Metrics m = new Metrics(metrics);
        try (Epoch batches = train.epoch(epoch - 1)) {
            if (progress != null) {
                progress.startEpoch(epoch, state.lastEpoch(), batches.batchCount());
            }
            int i = 0;
            for (Batch b : batches) {
                double value = step(b, m, epoch, ++i);
                if (progress != null) {
                    progress.batch(i, b.size(), value);
                }
                int done = i;
                callbacks.forEach(c -> c.onBatchEnd(state, done, value));
            }
        }
        epochsDone = epoch;
        Map<String, Double> logs = new LinkedHashMap<>(m.results(""));
        if (validation != null) {
            logs.putAll(evaluate(validation, "val_"));
        }
        logs.put("lr", optimizer.lr());
        logs.put("seconds", (System.nanoTime() - start) / 1e9);
        state.history().add(epoch, logs);
        if (progress != null) {
            progress.endEpoch(summary(epoch, state.lastEpoch(), logs));
        }
        if (scheduler != null) {
            scheduler.afterEpoch(epoch, logs);
        }
        callbacks.forEach(c -> c.onEpochEnd(state, epoch, logs));
    }

    /** One optimisation step on one batch, all of its tensors freed at the end; returns the batch's loss. */
    private double step(Batch b, Metrics m, int epoch, int index) {
        try (Scope step = Scope.open("train step")) {
            optimizer.zeroGrad();
            Tensor target = target(b);
            Tensor output;
            double value;
            try (WeightNoise.Restore noisy = weightNoise == null ? null : weightNoise.perturb(model)) {
                output = model.forward(b.features());
                Tensor l = loss.apply(output, target);
                value = l.item();
                if (!Double.isFinite(value)) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "Trainer: the loss is %s at epoch %d, batch %d; training diverged (try a lower learning rate, now %s)",
                            value, epoch, index, optimizer.lr()));
                }
                l.backward();
            }
            optimizer.step();
            try (var off = GradMode.noGrad()) {
                m.add(value, output.detach(), target);
            }
            return value;
        }
    }

    /** The loss and metrics of the model on {@code data}, in evaluation mode and without gradients; keys as in {@link Metrics#results}. */
    public Map<String, Double> evaluate(DataLoader data) {
        return evaluate(data, "");
    }

    private Map<String, Double> evaluate(DataLoader data, String prefix) {
        boolean wasTraining = model.isTraining();
        model.eval();
        Metrics m = new Metrics(metrics);
        try (var off = GradMode.noGrad(); Epoch batches = data.epoch(0)) {
            for (Batch b : batches) {
                try (Scope step = Scope.open("eval step")) {
                    Tensor target = target(b);
                    Tensor output = model.forward(b.features());
                    m.add(loss.apply(output, target).item(), output, target);
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return m.results(prefix);
    }

    private static Tensor target(Batch b) {
        return b.hasLabels() ? b.labels() : b.targets();
    }

    /** {@code epoch 3/10 9.8s loss 0.3012 accuracy 0.8912 val_loss 0.3200 val_accuracy 0.8850 lr 0.001}. */
    static String summary(int epoch, int epochs, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d %.1fs", epoch, epochs,
                logs.getOrDefault("seconds", Double.NaN)));
        logs.forEach((k, v) -> {
            if (k.equals("lr")) {
                sb.append(String.format(Locale.ROOT, " lr %.3g", v));
            } else if (!k.equals("seconds")) {
                sb.append(String.format(Locale.ROOT, " %s %.4f", k, v));
            }
        });
        return sb.toString();
    }

    /** Options of a {@link Trainer}. */
    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private final LossFunction loss;
        private int epochs = 1;
        private Set<Metric> metrics = EnumSet.noneOf(Metric.class);
        private final List<Callback> callbacks = new ArrayList<>();
        private EpochScheduler scheduler;
        private ProgressBar progress;
        private WeightNoise weightNoise;

        private Builder(Module model, Optimizer optimizer, LossFunction loss) {
            if (model == null || optimizer == null || loss == null) {
                throw new IllegalArgumentException("Trainer: model, optimizer and loss are required, got model=" + model
                        + ", optimizer=" + optimizer + ", loss=" + loss);
            }
            this.model = model;
            this.optimizer = optimizer;
            this.loss = loss;
        }

        /** Epochs per call of {@link Trainer#fit}; 1 by default. */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("Trainer: epochs must be >= 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** Metrics to log next to the loss. */
        public Builder metrics(Metric... chosen) {
            this.metrics = chosen.length == 0 ? EnumSet.noneOf(Metric.class) : EnumSet.copyOf(List.of(chosen));
            return this;
        }

        /** Adds callbacks; they run in the order given. */
        public Builder callbacks(Callback... cs) {
            callbacks.addAll(List.of(cs));
            return this;
        }

        /** Called after every epoch, before the callbacks, to adjust the learning rate. */
        public Builder scheduler(EpochScheduler s) {
            this.scheduler = s;
            return this;
        }

        /** Where to show progress; none by default. */
        public Builder progress(ProgressBar bar) {
            this.progress = bar;
            return this;
        }

        /** Trains with Gaussian noise on the weights of every step (the caller closes it after training). */
        public Builder weightNoise(WeightNoise noise) {
            this.weightNoise = noise;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
