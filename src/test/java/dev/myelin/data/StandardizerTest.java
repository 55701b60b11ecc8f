package dev.myelin.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StandardizerTest {
    /** 200 examples whose 3 features have very different scales; feature 2 is constant. */
    private static ArrayDataset data() {
        SplittableRandom r = new SplittableRandom(11);
        float[][] rows = new float[200][];
        int[] labels = new int[200];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[] {(float) (1000 + 50 * r.nextGaussian()), (float) (0.01 * r.nextDouble()), 7f};
            labels[i] = i % 2;
        }
        return ArrayDataset.of(rows, labels);
    }

    @Test
    void fitsOnTrainingDataOnlyAndAppliesTheSameStatisticsElsewhere() {
        List<Subset> parts = Splits.randomSplit(data(), new double[] {0.75, 0.25}, 5);
        Subset train = parts.get(0);
        Subset test = parts.get(1);
        Standardizer s = Standardizer.fit(train);
        for (int j = 0; j < 3; j++) { // independent reference: plain double mean and population std of the training rows
            double mean = 0;
            for (int i = 0; i < train.size(); i++) {
                mean += train.get(i).features()[j];
            }
            mean /= train.size();
            double var = 0;
            for (int i = 0; i < train.size(); i++) {
                double d = train.get(i).features()[j] - mean;
                var += d * d;
            }
            double std = Math.sqrt(var / train.size());
            assertEquals(mean, s.mean()[j], 1e-4 * Math.abs(mean) + 1e-9, "mean of feature " + j);
            assertEquals(std == 0 ? 1 : std, s.std()[j], 1e-4 * std + 1e-9, "std of feature " + j);
        }
        Dataset scaledTrain = s.apply(train);
        Dataset scaledTest = s.apply(test);
        // training features now have mean 0 and std 1 (the constant one: mean 0, std 0)
        for (int j = 0; j < 2; j++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < scaledTrain.size(); i++) {
                float v = scaledTrain.get(i).features()[j];
                sum += v;
                squares += v * v;
            }
            assertEquals(0, sum / scaledTrain.size(), 1e-4);
            assertEquals(1, squares / scaledTrain.size(), 1e-3);
        }
        // the test split uses the training statistics, not its own
        float[] raw = test.get(4).features();
        float[] scaled = new float[3];
        scaledTest.copyFeatures(4, scaled, 0);
        for (int j = 0; j < 3; j++) {
            assertEquals((raw[j] - s.mean()[j]) / s.std()[j], scaled[j], 1e-6f);
        }
        assertArrayEquals(scaled, scaledTest.get(4).features());
        assertEquals(0f, scaled[2]);
        assertEquals(test.label(4), scaledTest.label(4));
        assertArrayEquals(raw, test.get(4).features(), "the base dataset is unchanged");
    }

    @Test
    void aDatasetOfAnotherWidthIsRefused() {
        Standardizer s = Standardizer.fit(data());
        ArrayDataset other = ArrayDataset.of(new float[][] {{1, 2}}, new int[] {0});
        var e = assertThrows(IllegalArgumentException.class, () -> s.apply(other));
        assertEquals("Standardizer.apply: the dataset has 2 features per example ([2]), but the standardizer was fitted on 3",
                e.getMessage());
        var empty = ArrayDataset.classification(new float[0], new int[] {3}, new int[0]);
        e = assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(empty));
        assertEquals("Standardizer.fit: the dataset is empty", e.getMessage());
    }
}
