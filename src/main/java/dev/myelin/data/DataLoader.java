package dev.myelin.data;

import dev.myelin.tensor.Shapes;
import java.util.Arrays;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cuts a dataset into mini-batches: optional seeded shuffling (a new order every epoch, the same
 * order for the same seed and epoch), optional drop-last, optional augmentation, and background
 * prefetch of the next batches on a worker thread.
 *
 * <p>The worker builds batches as plain Java arrays; tensors come into being only when the
 * consuming thread calls {@link Batch#features()} or {@link Batch#labels()}, inside its own step
 * scope, because confined scopes cannot be used from another thread.
 * <pre>{@code
 * DataLoader train = DataLoader.builder(data.train(), 128).shuffle(true).seed(42).dropLast(true)
 *         .augment(new HorizontalFlip().then(new RandomCrop(2))).build();
 * for (int e = 0; e < epochs; e++) {
 *     for (Batch b : train.epoch(e)) { ... }
 * }
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch> {
    private static final long SHUFFLE = 1;
    private static final long AUGMENT = 2;

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int prefetch;
    private final Augmentation augmentation;
    private final ImageShape imageShape;
    private final int[] featureShape;
    private final int featureSize;
    private final int targetSize;
    private final AtomicInteger nextEpoch = new AtomicInteger();

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.prefetch = b.prefetch;
        this.augmentation = b.augmentation;
        this.featureShape = dataset.featureShape();
        this.featureSize = dataset.featureSize();
        this.targetSize = dataset.targetSize();
        this.imageShape = augmentation == null ? null : b.imageShape != null ? b.imageShape : imageShapeOf(featureShape);
        if (imageShape != null && imageShape.size() != featureSize) {
            throw new IllegalArgumentException("DataLoader: image shape " + imageShape + " has " + imageShape.size()
                    + " values but the dataset's examples " + Shapes.str(featureShape) + " have " + featureSize);
        }
    }

    private static ImageShape imageShapeOf(int[] featureShape) {
        if (featureShape.length != 2 && featureShape.length != 3) {
            throw new IllegalArgumentException("DataLoader: augmentation needs image features [C, H, W] or [H, W], got "
                    + Shapes.str(featureShape) + "; pass the image shape, e.g. augment(augmentation, new ImageShape(1, 28, 28))");
        }
        return ImageShape.of(featureShape);
    }

    /** A loader of {@code batchSize} examples per batch; by default in order, keeping the last short batch, prefetching 2. */
    public static Builder builder(Dataset dataset, int batchSize) {
        return new Builder(dataset, batchSize);
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch: ceil(n / batchSize), or floor with drop-last. */
    public int batchCount() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The batches of epoch {@code epoch} (from 0); its number seeds the shuffle and the augmentation. */
    public Epoch epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("DataLoader: epoch must be >= 0, got " + epoch);
        }
        int[] order = order(epoch);
        return new Epoch(epoch, batchCount(), prefetch, i -> assemble(epoch, i, order));
    }

    /**
     * The next epoch's batches: epoch 0 on the first call, then 1, 2, ... A for-each loop left early
     * with {@code break} leaves the worker waiting until the epoch is garbage-collected; to stop it at
     * once, iterate {@code try (Epoch e = loader.epoch(n)) { for (Batch b : e) ... }} instead.
     */
    @Override
    public Iterator<Batch> iterator() {
        return epoch(nextEpoch.getAndIncrement()).iterator();
    }

    /** The example order of an epoch: a seeded permutation, or 0..n-1 without shuffling. */
    int[] order(int epoch) {
        int n = dataset.size();
        if (shuffle) {
            return Seeds.permutation(n, new SplittableRandom(Seeds.derive(seed, SHUFFLE, epoch)));
        }
        int[] identity = new int[n];
        Arrays.setAll(identity, i -> i);
        return identity;
    }

    /** Copies the examples of batch {@code index} into arrays and augments them; runs on the worker thread. */
    private Batch assemble(int epoch, int index, int[] order) {
        int from = index * batchSize;
        int[] examples = Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length));
        int n = examples.length;
        float[] features = new float[Math.multiplyExact(n, featureSize)];
        int[] labels = targetSize == 0 ? new int[n] : null;
        float[] targets = targetSize == 0 ? null : new float[n * targetSize];
        for (int i = 0; i < n; i++) {
            dataset.copyFeatures(examples[i], features, i * featureSize);
            if (labels != null) {
                labels[i] = dataset.label(examples[i]);
            } else {
                dataset.copyTargets(examples[i], targets, i * targetSize);
            }
        }
        if (augmentation != null) {
            augmentation.apply(new ImageBatch(features, n, imageShape), new SplittableRandom(Seeds.derive(seed, AUGMENT, epoch, index)));
        }
        return new Batch(epoch, index, examples, features, featureShape, labels, targets, targetSize);
    }

    /** Options for a {@link DataLoader}. */
    public static final class Builder {
        private final Dataset dataset;
        private final int batchSize;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private int prefetch = 2;
        private Augmentation augmentation;
        private ImageShape imageShape;

        private Builder(Dataset dataset, int batchSize) {
            if (dataset == null) {
                throw new IllegalArgumentException("DataLoader: dataset is null");
            }
            DataChecks.positive("DataLoader", "batch size", batchSize);
            this.dataset = dataset;
            this.batchSize = batchSize;
        }

        /** Shuffles the examples anew each epoch (seeded by {@link #seed} and the epoch number). */
        public Builder shuffle(boolean on) {
            this.shuffle = on;
            return this;
        }

        /** Seeds shuffling and augmentation; 0 by default. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Leaves out the last batch of an epoch when it would be smaller than the batch size. */
        public Builder dropLast(boolean on) {
            this.dropLast = on;
            return this;
        }

        /** How many batches the worker thread prepares ahead; 0 builds each batch on the calling thread. */
        public Builder prefetch(int batches) {
            if (batches < 0) {
                throw new IllegalArgumentException("DataLoader: prefetch must be >= 0 batches, got " + batches);
            }
            this.prefetch = batches;
            return this;
        }

        /** Augments every batch; the features must be images [C, H, W] or [H, W]. Use for training loaders only. */
        public Builder augment(Augmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** Augments every batch of flat features, read as images of {@code shape}, e.g. [784] as [1, 28, 28]. */
        public Builder augment(Augmentation augmentation, ImageShape shape) {
            this.augmentation = augmentation;
            this.imageShape = shape;
            return this;
        }

        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
