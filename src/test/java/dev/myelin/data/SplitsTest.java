package dev.myelin.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {
    private static ArrayDataset numbered(int n) {
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 3;
        }
        return ArrayDataset.classification(x, new int[] {1}, y);
    }

    @Test
    void partsAreDisjointCoverEverythingAndHaveTheAskedSizes() {
        ArrayDataset d = numbered(103);
        Splits.TrainValidationTest s = Splits.trainValidationTest(d, new double[] {0.8, 0.1, 0.1}, 7);
        // floor(82.4) = 82, floor(10.3) = 10, 10; the one left over goes to the first part
        assertEquals(83, s.train().size());
        assertEquals(10, s.validation().size());
        assertEquals(10, s.test().size());
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(s.train().indices()), Arrays.stream(s.validation().indices())),
                Arrays.stream(s.test().indices())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 103).toArray(), all);
        // a view: the subset's example i is the base example at indices()[i]
        int k = s.test().indices()[3];
        assertEquals((float) k, s.test().get(3).features()[0]);
        assertEquals(k % 3, s.test().label(3));
    }

    @Test
    void theSeedFixesTheSplit() {
        ArrayDataset d = numbered(50);
        List<Subset> a = Splits.randomSplit(d, new double[] {0.5, 0.5}, 1);
        List<Subset> b = Splits.randomSplit(d, new double[] {0.5, 0.5}, 1);
        List<Subset> c = Splits.randomSplit(d, new double[] {0.5, 0.5}, 2);
        assertArrayEquals(a.get(0).indices(), b.get(0).indices());
        assertFalse(Arrays.equals(a.get(0).indices(), c.get(0).indices()));
        assertFalse(Arrays.equals(IntStream.range(0, 25).toArray(), a.get(0).indices()), "shuffled, not cut in order");
    }

    @Test
    void remainderGoesRoundRobinAsInPyTorch() {
        assertArrayEquals(new int[] {4, 3, 3}, Splits.sizes(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, 10));
        assertArrayEquals(new int[] {2, 1, 1}, Splits.sizes(new double[] {0.34, 0.33, 0.33}, 4));
        assertArrayEquals(new int[] {0, 0}, Splits.sizes(new double[] {0.5, 0.5}, 0));
    }

    @Test
    void badFractionsAreClearErrors() {
        ArrayDataset d = numbered(10);
        var e = assertThrows(IllegalArgumentException.class, () -> Splits.randomSplit(d, new double[] {0.5, 0.6}, 0));
        assertEquals("randomSplit: fractions [0.5, 0.6] sum to 1.1, expected 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Splits.randomSplit(d, new double[] {1.5, -0.5}, 0));
        assertEquals("randomSplit: fractions must lie in [0, 1], got [1.5, -0.5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Splits.trainValidationTest(d, new double[] {0.5, 0.5}, 0));
        assertEquals("trainValidationTest: expected 3 fractions (train, validation, test), got [0.5, 0.5]", e.getMessage());
    }
}
