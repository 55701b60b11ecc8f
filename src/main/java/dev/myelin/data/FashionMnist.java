package dev.myelin.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando, MIT licence): 28x28 grey-scale images of clothing in 10 classes, 60 000 for
 * training and 10 000 for testing. Images come as features [1, 28, 28] scaled to [0, 1] (use
 * {@code withFeatureShape(784)} for an MLP), labels as class indices into {@link #CLASS_NAMES}.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the four files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
    private static final String SUBSET = "fashion-mnist-subset/";

    private FashionMnist() {}

    /** The training and test sets, and where they were read from. */
    public record Data(ArrayDataset train, ArrayDataset test, String source) {}

    /** Reads the four standard files from {@code dir}. */
    public static Data load(Path dir) throws IOException {
        for (String f : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new NoSuchFileException(dir.resolve(f).toString(), null, "Fashion-MNIST file missing; expected "
                        + TRAIN_IMAGES + ", " + TRAIN_LABELS + ", " + TEST_IMAGES + " and " + TEST_LABELS + " in " + dir
                        + " (Debian: apt-get install dataset-fashion-mnist), or use FashionMnist.loadBundledSubset()");
            }
        }
        return new Data(IdxReader.readDataset(dir.resolve(TRAIN_IMAGES), dir.resolve(TRAIN_LABELS), true),
                IdxReader.readDataset(dir.resolve(TEST_IMAGES), dir.resolve(TEST_LABELS), true), dir.toString());
    }

    /** The small subset shipped in the jar: the first 1800 training and 500 test images (see its README). */
    public static Data loadBundledSubset() throws IOException {
        return new Data(bundled(TRAIN_IMAGES, TRAIN_LABELS), bundled(TEST_IMAGES, TEST_LABELS), "bundled subset");
    }

    /** The full set from {@link #DEBIAN_DIR} when it is there, else the bundled subset. */
    public static Data loadDefault() throws IOException {
        return Files.isDirectory(DEBIAN_DIR) ? load(DEBIAN_DIR) : loadBundledSubset();
    }

    /** The name of a class index, e.g. 9 is "Ankle boot". */
    public static String className(int label) {
        return CLASS_NAMES.get(DataChecks.index("FashionMnist.className", label, CLASS_NAMES.size()));
    }

    private static ArrayDataset bundled(String images, String labels) throws IOException {
        IdxReader.Images x;
        int[] y;
        try (InputStream in = resource(images)) {
            x = IdxReader.readImages(in, SUBSET + images, true);
        }
        try (InputStream in = resource(labels)) {
            y = IdxReader.readLabels(in, SUBSET + labels);
        }
        return IdxReader.dataset(x, SUBSET + images, y, SUBSET + labels);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = FashionMnist.class.getResourceAsStream(SUBSET + name);
        if (in == null) {
            throw new NoSuchFileException("class-path resource dev/myelin/data/" + SUBSET + name, null,
                    "the bundled Fashion-MNIST subset is missing from the class path");
        }
        return in;
    }
}
