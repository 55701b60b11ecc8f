package dev.myelin.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.memory.Scope;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataLoaderTest extends ScopedTest {
    /** n examples with features {i, -i} and label i % 3, so every value says which example it came from. */
    private static ArrayDataset numbered(int n) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 3;
        }
        return ArrayDataset.classification(x, new int[] {2}, y);
    }

    private static List<int[]> orders(Epoch epoch) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : epoch) {
            out.add(b.exampleIndices());
        }
        return out;
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void batchesHoldEveryExampleOnceWithAShortLastBatch() {
        DataLoader loader = DataLoader.builder(numbered(10), 4).build();
        assertEquals(3, loader.batchCount());
        List<Integer> sizes = new ArrayList<>();
        int expectedNext = 0;
        for (Batch b : loader.epoch(0)) {
            sizes.add(b.size());
            Tensor x = b.features();
            Tensor y = b.labels();
            assertArrayEquals(new int[] {b.size(), 2}, x.shape());
            assertEquals(DType.INT32, y.dtype());
            for (int i = 0; i < b.size(); i++, expectedNext++) {
                assertEquals(expectedNext, b.exampleIndices()[i]);
                assertEquals(expectedNext, x.getFloat(i, 0));
                assertEquals(-expectedNext, x.getFloat(i, 1));
                assertEquals(expectedNext % 3, y.getLong(i));
            }
        }
        assertEquals(List.of(4, 4, 2), sizes);
        assertEquals(10, expectedNext);
    }

    @Test
    void dropLastLeavesOutTheShortBatch() {
        DataLoader loader = DataLoader.builder(numbered(10), 4).dropLast(true).build();
        assertEquals(2, loader.batchCount());
        List<int[]> batches = orders(loader.epoch(0));
        assertEquals(2, batches.size());
        assertArrayEquals(IntStream.range(0, 8).toArray(), flat(batches));
        assertEquals(0, DataLoader.builder(numbered(3), 4).dropLast(true).build().epoch(0).batchCount());
    }

    @Test
    void shufflingIsSeededAndDiffersBetweenEpochs() {
        DataLoader a = DataLoader.builder(numbered(50), 8).shuffle(true).seed(42).build();
        DataLoader b = DataLoader.builder(numbered(50), 8).shuffle(true).seed(42).build();
        DataLoader c = DataLoader.builder(numbered(50), 8).shuffle(true).seed(43).build();
        int[] a0 = flat(orders(a.epoch(0)));
        int[] a1 = flat(orders(a.epoch(1)));
        assertArrayEquals(a0, flat(orders(b.epoch(0))), "same seed and epoch, same order");
        assertArrayEquals(a1, flat(orders(b.epoch(1))));
        assertArrayEquals(a0, flat(orders(a.epoch(0))), "an epoch can be replayed");
        assertFalse(Arrays.equals(a0, a1), "a new order every epoch");
        assertFalse(Arrays.equals(a0, flat(orders(c.epoch(0)))), "another seed, another order");
        assertFalse(Arrays.equals(IntStream.range(0, 50).toArray(), a0), "actually shuffled");
        for (int[] order : List.of(a0, a1)) {
            assertArrayEquals(IntStream.range(0, 50).toArray(), Arrays.stream(order).sorted().toArray(), "a permutation");
        }
    }

    @Test
    void shufflingIsRoughlyUniform() {
        // where example 0 lands over 2000 epochs: each of 10 positions about 200 times
        DataLoader loader = DataLoader.builder(numbered(10), 10).shuffle(true).seed(9).prefetch(0).build();
        int[] counts = new int[10];
        for (int e = 0; e < 2000; e++) {
            int[] order = loader.order(e);
            counts[IntStream.range(0, 10).filter(i -> order[i] == 0).findFirst().orElseThrow()]++;
        }
        for (int c : counts) {
            assertTrue(c > 140 && c < 260, Arrays.toString(counts));
        }
    }

    @Test
    void theLoaderItselfIteratesSuccessiveEpochs() {
        DataLoader loader = DataLoader.builder(numbered(6), 4).shuffle(true).seed(1).build();
        List<Integer> epochs = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (Batch b : loader) {
                epochs.add(b.epoch());
            }
        }
        assertEquals(List.of(0, 0, 1, 1), epochs);
    }

    @Test
    void prefetchAndSynchronousLoadingGiveTheSameBatches() {
        Augmentation noisyFlip = new HorizontalFlip().then(new AddGaussianNoise(0.1));
        ArrayDataset d = ArrayDataset.classification(new float[40 * 6], new int[] {1, 2, 3}, new int[40]);
        DataLoader sync = DataLoader.builder(d, 7).shuffle(true).seed(5).prefetch(0).augment(noisyFlip).build();
        DataLoader async = DataLoader.builder(d, 7).shuffle(true).seed(5).prefetch(3).augment(noisyFlip).build();
        Epoch s = sync.epoch(2);
        Epoch a = async.epoch(2);
        assertEquals(null, s.workerName());
        assertNotNull(a.workerName());
        while (s.hasNext()) {
            Batch x = s.next();
            Batch y = a.next();
            assertArrayEquals(x.exampleIndices(), y.exampleIndices());
            assertArrayEquals(x.featureArray(), y.featureArray());
        }
        assertFalse(a.hasNext());
    }

    @Test
    void regressionBatchesCarryFloatTargets() {
        ArrayDataset d = ArrayDataset.of(new float[][] {{1}, {2}, {3}}, new float[][] {{10, 11}, {20, 21}, {30, 31}});
        Batch b = DataLoader.builder(d, 2).build().epoch(0).next();
        Tensor t = b.targets();
        assertArrayEquals(new int[] {2, 2}, t.shape());
        assertArrayEquals(new float[] {10, 11, 20, 21}, t.toFloatArray());
        var e = assertThrows(IllegalStateException.class, b::labels);
        assertEquals("Batch: the dataset has 2 float targets per example, not class labels; use targets()", e.getMessage());
        Batch c = DataLoader.builder(numbered(3), 2).build().epoch(0).next();
        e = assertThrows(IllegalStateException.class, c::targets);
        assertEquals("Batch: the dataset has class labels, not float targets; use labels()", e.getMessage());
    }

    @Test
    void batchTensorsBelongToTheCallersStepScope() {
        Batch b = DataLoader.builder(numbered(4), 4).build().epoch(0).next();
        Tensor kept;
        try (Scope step = Scope.open("step")) {
            kept = b.features();
            assertSame(step, kept.storage().owner());
            assertSame(step, b.labels().storage().owner());
            assertEquals(6f, kept.select(1, 0).sum().item()); // 0 + 1 + 2 + 3
        }
        assertThrows(IllegalStateException.class, kept::toFloatArray);
        assertSame(scope, b.features().storage().owner(), "each call makes a new tensor in the current scope");
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void theWorkerEndsWithTheEpoch() {
        Epoch epoch = DataLoader.builder(numbered(100), 10).prefetch(2).build().epoch(0);
        String worker = epoch.workerName();
        assertTrue(threadAlive(worker));
        assertEquals(10, orders(epoch).size());
        assertFalse(epoch.workerAlive());
        assertFalse(threadAlive(worker));
    }

    @Test
    void closingAnEpochEarlyStopsItsWorker() {
        DataLoader loader = DataLoader.builder(numbered(1000), 10).prefetch(2).build();
        String worker;
        try (Epoch epoch = loader.epoch(0)) {
            worker = epoch.workerName();
            for (Batch b : epoch) {
                if (b.index() == 3) {
                    break; // the worker is blocked on a full queue now
                }
            }
            assertTrue(epoch.workerAlive());
            epoch.close();
            assertFalse(epoch.workerAlive());
            assertFalse(epoch.hasNext());
            var e = assertThrows(NoSuchElementException.class, epoch::next);
            assertEquals("Epoch 0: closed after 4 of 100", e.getMessage());
        }
        assertFalse(threadAlive(worker));
    }

    @Test
    void anAbandonedEpochStopsItsWorkerWhenCollected() throws InterruptedException {
        DataLoader loader = DataLoader.builder(numbered(1000), 10).prefetch(2).build();
        String worker = startAndAbandon(loader);
        assertTrue(threadAlive(worker));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (threadAlive(worker) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertFalse(threadAlive(worker), "the worker of an unreachable epoch must end");
    }

    /** Takes one batch and drops every reference to the epoch. */
    private static String startAndAbandon(DataLoader loader) {
        Epoch epoch = loader.epoch(0);
        assertEquals(0, epoch.iterator().next().index());
        return epoch.workerName();
    }

    @Test
    void aFailureOnTheWorkerSurfacesInTheTrainingThread() {
        Dataset broken = new Dataset() {
            final ArrayDataset base = numbered(20);

            @Override
            public int size() {
                return base.size();
            }

            @Override
            public Example get(int index) {
                if (index == 13) {
                    throw new IllegalArgumentException("cannot decode example 13");
                }
                return base.get(index);
            }

            @Override
            public int[] featureShape() {
                return base.featureShape();
            }

            @Override
            public int targetSize() {
                return 0;
            }
        };
        Epoch epoch = DataLoader.builder(broken, 5).prefetch(2).build().epoch(0);
        assertEquals(0, epoch.next().index());
        assertEquals(1, epoch.next().index());
        var e = assertThrows(IllegalStateException.class, epoch::next);
        assertEquals("DataLoader: building batch 2 of epoch 0 failed: java.lang.IllegalArgumentException: cannot decode example 13",
                e.getMessage());
        assertEquals("cannot decode example 13", e.getCause().getMessage());
        assertFalse(epoch.workerAlive());
        assertFalse(epoch.hasNext());
    }

    @Test
    void anEpochIsIteratedOnce() {
        Epoch epoch = DataLoader.builder(numbered(4), 2).build().epoch(3);
        epoch.iterator();
        var e = assertThrows(IllegalStateException.class, epoch::iterator);
        assertEquals("Epoch 3: its batches can be iterated only once; call loader.epoch(3) again for a new pass", e.getMessage());
        epoch.close();
    }

    @Test
    void augmentationChangesTrainingBatchesReproducibly() {
        ArrayDataset images = ArrayDataset.classification(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
                new int[] {1, 2, 3}, new int[] {0, 1});
        // always flipping: each image comes out mirrored
        Batch flipped = DataLoader.builder(images, 2).augment(new HorizontalFlip(1)).build().epoch(0).next();
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, flipped.featureArray());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, images.get(0).features(), "the dataset itself is unchanged");
        // flat features read as images of a given shape
        Batch flat = DataLoader.builder(images.withFeatureShape(6), 2).augment(new HorizontalFlip(1), new ImageShape(1, 2, 3))
                .build().epoch(0).next();
        assertArrayEquals(flipped.featureArray(), flat.featureArray());
        // random noise: the same for the same seed and epoch, different across epochs
        DataLoader noisy = DataLoader.builder(images, 2).seed(3).augment(new AddGaussianNoise(1)).build();
        float[] e0 = noisy.epoch(0).next().featureArray();
        assertArrayEquals(e0, noisy.epoch(0).next().featureArray());
        assertFalse(Arrays.equals(e0, noisy.epoch(1).next().featureArray()));
    }

    @Test
    void badOptionsAreClearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(numbered(4), 0));
        assertEquals("DataLoader: batch size must be positive, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(numbered(4), 2).prefetch(-1));
        assertEquals("DataLoader: prefetch must be >= 0 batches, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.builder(numbered(4), 2).augment(new HorizontalFlip()).build());
        assertEquals("DataLoader: augmentation needs image features [C, H, W] or [H, W], got [2]; pass the image shape, "
                + "e.g. augment(augmentation, new ImageShape(1, 28, 28))", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.builder(numbered(4), 2).augment(new HorizontalFlip(), new ImageShape(1, 2, 2)).build());
        assertEquals("DataLoader: image shape [1, 2, 2] has 4 values but the dataset's examples [2] have 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(numbered(4), 2).build().epoch(-1));
        assertEquals("DataLoader: epoch must be >= 0, got -1", e.getMessage());
    }
}
