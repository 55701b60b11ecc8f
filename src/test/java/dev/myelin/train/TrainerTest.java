package dev.myelin.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.ArrayDataset;
import dev.myelin.data.DataLoader;
import dev.myelin.io.Checkpoint;
import dev.myelin.memory.NativeHeap;
import dev.myelin.memory.Scope;
import dev.myelin.nn.Dropout;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.Adam;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.Sgd;
import dev.myelin.optim.lr.ReduceLROnPlateau;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop on small synthetic problems: it learns, stops early, restores, saves, and keeps memory flat. */
class TrainerTest extends ScopedTest {
    @TempDir
    Path dir;
    /** Records a copy of every parameter at the end of each epoch. */
    private static final class WeightLog implements Callback {
        final List<float[]> epochs = new ArrayList<>();

        @Override
        public void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {
            epochs.add(flat(state.model()));
        }
    }

    static float[] flat(Module m) {
        List<Float> all = new ArrayList<>();
        m.parameters().forEach(p -> {
            for (float v : p.toFloatArray()) {
                all.add(v);
            }
        });
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    /** Accuracy of the model on a dataset, by a plain forward pass and argmax in Java. */
    private static double accuracy(Module model, ArrayDataset data) {
        model.eval();
        try (Scope s = Scope.open("check")) {
            float[] x = new float[data.size() * 2];
            for (int i = 0; i < data.size(); i++) {
                data.copyFeatures(i, x, 2 * i);
            }
            float[] out = model.forward(Tensor.of(x, data.size(), 2)).toFloatArray();
            int hits = 0;
            for (int i = 0; i < data.size(); i++) {
                int best = 0;
                for (int c = 1; c < 4; c++) {
                    best = out[4 * i + c] > out[4 * i + best] ? c : best;
                }
                hits += best == data.label(i) ? 1 : 0;
            }
            return (double) hits / data.size();
        } finally {
            model.train();
        }
    }

    @Test
    void learnsASmallClassificationProblem() {
        ArrayDataset train = Synthetic.blobs(400, 1, 0);
        ArrayDataset val = Synthetic.blobs(200, 2, 0);
        Sequential model = new Sequential(new Linear(2, 32, true, 3), new ReLU(), new Dropout(0.1f, 4), new Linear(32, 4, true, 5));
        Adam adam = new Adam(model.parameters(), 1e-2);
        Trainer trainer = Trainer.builder(model, adam, Losses::crossEntropy).epochs(8).metrics(Metric.ACCURACY).build();
        History h = trainer.fit(Synthetic.loader(train, 32, true), Synthetic.loader(val, 64, false));
        assertEquals(8, h.size());
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds"), h.columns());
        assertTrue(h.column("loss")[7] < h.column("loss")[0] / 2, "loss falls: " + h.toCsv());
        double valAccuracy = h.last().get("val_accuracy");
        assertTrue(valAccuracy > 0.95, "val accuracy " + valAccuracy);
        assertEquals(accuracy(model, val), valAccuracy, 1e-12, "logged accuracy agrees with an independent count");
        Map<String, Double> eval = trainer.evaluate(Synthetic.loader(val, 17, false));
        assertEquals(valAccuracy, eval.get("accuracy"), 1e-12);
        assertEquals(h.last().get("val_loss"), eval.get("loss"), 1e-5, "per-example mean whatever the batch size");
        assertTrue(model.isTraining(), "evaluate restores training mode");
        assertEquals(1e-2, h.last().get("lr"), 1e-12);
    }

    @Test
    void learnsARegressionWithRmseAndMae() {
        Linear model = new Linear(2, 1, true, 7);
        Sgd sgd = new Sgd(model.parameters(), 0.1);
        Trainer trainer = Trainer.builder(model, sgd, Losses::mse).epochs(6).metrics(Metric.RMSE, Metric.MAE).build();
        History h = trainer.fit(Synthetic.loader(Synthetic.line(300, 8), 20, true), Synthetic.loader(Synthetic.line(100, 9), 50, false));
        Map<String, Double> last = h.last();
        assertTrue(last.get("val_rmse") < 0.08, h.toCsv());
        assertTrue(last.get("val_mae") <= last.get("val_rmse") + 1e-12, "MAE <= RMSE always");
        assertEquals(last.get("val_rmse") * last.get("val_rmse"), last.get("val_loss"), 1e-6, "MSE loss = RMSE^2");
        assertEquals(3, model.weight().getFloat(0, 0), 0.05);
        assertEquals(-2, model.weight().getFloat(0, 1), 0.05);
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        // validation labels are rotated, so learning the training labels makes the validation loss worse
        ArrayDataset train = Synthetic.blobs(300, 1, 0);
        ArrayDataset val = Synthetic.blobs(100, 2, 1);
        Sequential model = Synthetic.mlp(11);
        WeightLog log = new WeightLog();
        EarlyStopping stopping = new EarlyStopping(2, 0.0, true);
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-2), Losses::crossEntropy)
                .epochs(30).callbacks(log, stopping).build();
        History h = trainer.fit(Synthetic.loader(train, 30, true), Synthetic.loader(val, 100, false));
        int best = stopping.bestEpoch();
        assertTrue(stopping.stoppedEpoch() > 0 && stopping.stoppedEpoch() < 30, "stopped at " + stopping.stoppedEpoch());
        assertEquals(best + 2, stopping.stoppedEpoch(), "patience 2: two epochs without improvement");
        assertEquals(stopping.stoppedEpoch(), h.size());
        double[] valLoss = h.column("val_loss");
        for (double v : valLoss) {
            assertTrue(v >= valLoss[best - 1]);
        }
        assertEquals(valLoss[best - 1], stopping.bestValue());
        assertTrue(stopping.restoredBest());
        assertArrayEquals(log.epochs.get(best - 1), flat(model), "the best epoch's weights are back");
        assertFalse(java.util.Arrays.equals(log.epochs.getLast(), flat(model)));
    }

    @Test
    void earlyStoppingWithoutRestoreKeepsTheLastWeightsAndMinDeltaCounts() {
        Sequential model = Synthetic.mlp(21);
        EarlyStopping stopping = new EarlyStopping("val_loss", 1, 1e9, false); // nothing can improve by 1e9
        WeightLog log = new WeightLog();
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-2), Losses::crossEntropy)
                .epochs(10).callbacks(log, stopping).build();
        History h = trainer.fit(Synthetic.loader(Synthetic.blobs(100, 1, 0), 25, false), Synthetic.loader(Synthetic.blobs(50, 2, 0), 50, false));
        assertEquals(2, h.size(), "epoch 1 sets the baseline, epoch 2 is not better by 1e9");
        assertEquals(2, stopping.stoppedEpoch());
        assertFalse(stopping.restoredBest());
        assertArrayEquals(log.epochs.getLast(), flat(model));
        var e = assertThrows(IllegalStateException.class, () -> Trainer.builder(model, new Adam(model.parameters(), 1e-2),
                Losses::crossEntropy).callbacks(new EarlyStopping(1, 0, true)).build()
                .fit(Synthetic.loader(Synthetic.blobs(20, 1, 0), 10, false), null));
        assertEquals("EarlyStopping: monitored value 'val_loss' is not among the logged values [loss, lr, seconds] "
                + "(was the trainer given validation data?)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0, 0, true));
    }

    @Test
    void saveBestModelKeepsTheBestEpochOnDisk() throws IOException {
        Path file = dir.resolve("best.safetensors");
        Sequential model = Synthetic.mlp(31);
        WeightLog log = new WeightLog();
        SaveBestModel best = new SaveBestModel(file);
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-2), Losses::crossEntropy)
                .epochs(4).callbacks(log, best).build();
        History h = trainer.fit(Synthetic.loader(Synthetic.blobs(200, 1, 0), 20, true), Synthetic.loader(Synthetic.blobs(100, 2, 1), 100, false));
        double[] valLoss = h.column("val_loss");
        int bestEpoch = 1;
        for (int e = 2; e <= valLoss.length; e++) {
            bestEpoch = valLoss[e - 1] < valLoss[bestEpoch - 1] ? e : bestEpoch;
        }
        assertEquals(bestEpoch, best.savedEpoch());
        Sequential fresh = Synthetic.mlp(99);
        Map<String, String> meta = Checkpoint.load(file, fresh);
        assertEquals(Integer.toString(bestEpoch), meta.get("epoch"));
        assertEquals(valLoss[bestEpoch - 1], Double.parseDouble(meta.get("val_loss")));
        assertArrayEquals(log.epochs.get(bestEpoch - 1), flat(fresh));
    }

    @Test
    void memoryStaysFlatOverARun() {
        long[] live = new long[6];
        Callback probe = new Callback() {
            @Override
            public void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {
                live[epoch - 1] = NativeHeap.liveBytes();
            }
        };
        Sequential model = new Sequential(new Linear(2, 64, true, 1), new ReLU(), new Dropout(0.2f, 2), new Linear(64, 4, true, 3));
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-3), Losses::crossEntropy)
                .epochs(6).metrics(Metric.ACCURACY).callbacks(probe, new EarlyStopping(10, 0, true)).build();
        trainer.fit(Synthetic.loader(Synthetic.blobs(500, 1, 0), 16, true), Synthetic.loader(Synthetic.blobs(100, 2, 0), 32, false));
        for (int e = 2; e < live.length; e++) {
            assertEquals(live[1], live[e], "native bytes after epoch " + (e + 1) + " vs epoch 2: " + java.util.Arrays.toString(live));
        }
    }

    @Test
    void callbacksCanStopAndTheSchedulerSeesEveryEpoch() {
        Sequential model = Synthetic.mlp(41);
        Adam adam = new Adam(model.parameters(), 1e-2);
        List<String> events = new ArrayList<>();
        Callback stopper = new Callback() {
            @Override
            public void onTrainStart(TrainingState state) {
                events.add("start");
            }

            @Override
            public void onEpochStart(TrainingState state, int epoch) {
                events.add("epoch " + epoch);
            }

            @Override
            public void onBatchEnd(TrainingState state, int batch, double loss) {
                if (state.epoch() == 3 && batch == 2) {
                    state.stop("enough");
                }
            }

            @Override
            public void onTrainEnd(TrainingState state) {
                events.add("end: " + state.stopReason());
            }
        };
        List<Double> seen = new ArrayList<>();
        Trainer trainer = Trainer.builder(model, adam, Losses::crossEntropy).epochs(10).callbacks(stopper)
                .scheduler((epoch, logs) -> {
                    seen.add(logs.get("lr"));
                    adam.setLr(adam.lr() / 2);
                }).build();
        History h = trainer.fit(Synthetic.loader(Synthetic.blobs(100, 1, 0), 20, false), null);
        assertEquals(List.of("start", "epoch 1", "epoch 2", "epoch 3", "end: enough"), events);
        assertEquals(3, h.size(), "the stopping epoch finishes");
        assertEquals(List.of(1e-2, 5e-3, 2.5e-3), seen);
        assertEquals(List.of(1, 2, 3), h.epochs());
        History more = trainer.fit(Synthetic.loader(Synthetic.blobs(100, 1, 0), 20, false), null);
        assertEquals(List.of(4, 5, 6, 7, 8, 9, 10, 11, 12, 13), more.epochs(), "numbering continues");
    }

    @Test
    void reduceOnPlateauCutsTheRateWhenValidationStalls() {
        Sequential model = Synthetic.mlp(51);
        Adam adam = new Adam(model.parameters(), 1e-2);
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(adam, ReduceLROnPlateau.Mode.MIN, 0.5, 0, 1e-4,
                ReduceLROnPlateau.ThresholdMode.REL, 0, 0, 1e-8);
        Trainer trainer = Trainer.builder(model, adam, Losses::crossEntropy).epochs(5)
                .scheduler(EpochScheduler.onPlateau(plateau, "val_loss")).build();
        // rotated validation labels: the validation loss mostly rises, so the rate is cut
        History h = trainer.fit(Synthetic.loader(Synthetic.blobs(100, 1, 0), 20, false),
                Synthetic.loader(Synthetic.blobs(40, 2, 1), 40, false));
        double[] valLoss = h.column("val_loss");
        double[] lr = h.column("lr");
        double best = Double.POSITIVE_INFINITY;
        double expected = 1e-2;
        int cuts = 0;
        for (int e = 0; e < valLoss.length; e++) {
            assertEquals(expected, lr[e], 1e-15, "lr logged in epoch " + (e + 1));
            if (valLoss[e] < best * (1 - 1e-4)) {
                best = valLoss[e];
            } else {
                expected /= 2;
                cuts++;
            }
        }
        assertTrue(cuts > 0, "the validation loss never stalled: " + h.toCsv());
        assertEquals(expected, adam.lr(), 1e-15);
        var e = assertThrows(IllegalStateException.class, () -> Trainer.builder(model, adam, Losses::crossEntropy)
                .scheduler(EpochScheduler.onPlateau(plateau, "val_loss")).build()
                .fit(Synthetic.loader(Synthetic.blobs(20, 1, 0), 10, false), null));
        assertTrue(e.getMessage().startsWith("ReduceLROnPlateau: monitored value 'val_loss' is not among the logged values"), e.getMessage());
    }

    @Test
    void aDivergingLossIsAClearError() {
        Linear model = new Linear(2, 1, true, 7);
        Trainer trainer = Trainer.builder(model, new Sgd(model.parameters(), 1e6), Losses::mse).epochs(5).build();
        var e = assertThrows(IllegalStateException.class,
                () -> trainer.fit(Synthetic.loader(Synthetic.line(200, 8), 10, false), null));
        assertTrue(e.getMessage().matches("Trainer: the loss is (NaN|Infinity) at epoch \\d+, batch \\d+; training diverged "
                + "\\(try a lower learning rate, now 1000000.0\\)"), e.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(model, null, Losses::mse));
        assertTrue(bad.getMessage().startsWith("Trainer: model, optimizer and loss are required"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder(model, new Sgd(model.parameters(), 1), Losses::mse).epochs(0));
    }

    @Test
    void metricsThatDoNotFitTheTargetsAreClearErrors() {
        Linear model = new Linear(2, 1, true, 7);
        Optimizer sgd = new Sgd(model.parameters(), 0.1);
        var e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(model, sgd, Losses::mse).metrics(Metric.ACCURACY)
                .build().fit(Synthetic.loader(Synthetic.line(20, 8), 10, false), null));
        assertEquals("accuracy: needs outputs [N, classes] and int class labels [N], got outputs [10, 1] and float32 targets [10, 1]",
                e.getMessage());
    }
}
