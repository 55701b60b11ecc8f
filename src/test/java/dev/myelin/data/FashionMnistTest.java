package dev.myelin.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    private static final Path DEBIAN = FashionMnist.DEBIAN_DIR;

    /** An independent decoder: the first {@code items} items of a gzipped IDX file, as raw bytes. */
    private static byte[] firstItems(InputStream gz, int items) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(gz))) {
            int nd = in.readInt() & 0xFF;
            int count = in.readInt();
            assertTrue(items <= count);
            int itemSize = 1;
            for (int i = 1; i < nd; i++) {
                itemSize *= in.readInt();
            }
            byte[] out = new byte[items * itemSize];
            in.readFully(out);
            return out;
        }
    }

    private static byte[] firstItems(Path file, int items) throws IOException {
        return firstItems(Files.newInputStream(file), items);
    }

    private static byte[] bundledBytes(String name, int items) throws IOException {
        return firstItems(FashionMnist.class.getResourceAsStream("fashion-mnist-subset/" + name), items);
    }

    /** Features and labels equal the raw bytes (pixels / 255), example by example. */
    private static void assertSameAs(byte[] pixels, byte[] labels, ArrayDataset d) {
        float[] row = new float[784];
        for (int i = 0; i < labels.length; i++) {
            d.copyFeatures(i, row, 0);
            for (int p = 0; p < 784; p++) {
                assertEquals(Byte.toUnsignedInt(pixels[i * 784 + p]) / 255f, row[p], "image " + i + " pixel " + p);
            }
            assertEquals(Byte.toUnsignedInt(labels[i]), d.label(i), "label " + i);
        }
    }

    @Test
    void theBundledSubsetLoadsFromTheClassPath() throws IOException {
        FashionMnist.Data data = FashionMnist.loadBundledSubset();
        assertEquals("bundled subset", data.source());
        assertEquals(1800, data.train().size());
        assertEquals(500, data.test().size());
        assertArrayEquals(new int[] {1, 28, 28}, data.train().featureShape());
        assertSameAs(bundledBytes(FashionMnist.TRAIN_IMAGES, 1800), bundledBytes(FashionMnist.TRAIN_LABELS, 1800), data.train());
        assertSameAs(bundledBytes(FashionMnist.TEST_IMAGES, 500), bundledBytes(FashionMnist.TEST_LABELS, 500), data.test());
        int[] counts = new int[10];
        for (int i = 0; i < data.train().size(); i++) {
            counts[data.train().label(i)]++;
        }
        for (int c : counts) {
            assertTrue(c > 150, "every class is represented: " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void imagesAndLabelsArePairedCorrectly() throws IOException {
        // a nearest-centroid classifier only beats chance (10 %) by far if every image has its own label
        FashionMnist.Data data = FashionMnist.loadBundledSubset();
        double[][] centroids = new double[10][784];
        int[] counts = new int[10];
        float[] x = new float[784];
        for (int i = 0; i < data.train().size(); i++) {
            int y = data.train().label(i);
            data.train().copyFeatures(i, x, 0);
            for (int p = 0; p < 784; p++) {
                centroids[y][p] += x[p];
            }
            counts[y]++;
        }
        int correct = 0;
        for (int i = 0; i < data.test().size(); i++) {
            data.test().copyFeatures(i, x, 0);
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int c = 0; c < 10; c++) {
                double d = 0;
                for (int p = 0; p < 784; p++) {
                    double diff = x[p] - centroids[c][p] / counts[c];
                    d += diff * diff;
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            correct += best == data.test().label(i) ? 1 : 0;
        }
        double accuracy = correct / 500.0;
        assertTrue(accuracy > 0.6, "nearest-centroid test accuracy " + accuracy);
    }

    @Test
    void bundledSubsetIsTheStartOfTheDebianFiles() throws IOException {
        assumeTrue(Files.isDirectory(DEBIAN), "Debian's dataset-fashion-mnist is not installed");
        FashionMnist.Data subset = FashionMnist.loadBundledSubset();
        assertSameAs(firstItems(DEBIAN.resolve(FashionMnist.TRAIN_IMAGES), 1800),
                firstItems(DEBIAN.resolve(FashionMnist.TRAIN_LABELS), 1800), subset.train());
        assertSameAs(firstItems(DEBIAN.resolve(FashionMnist.TEST_IMAGES), 500),
                firstItems(DEBIAN.resolve(FashionMnist.TEST_LABELS), 500), subset.test());
    }

    @Test
    void readsTheFullDebianFiles() throws IOException {
        assumeTrue(Files.isDirectory(DEBIAN), "Debian's dataset-fashion-mnist is not installed");
        FashionMnist.Data data = FashionMnist.load(DEBIAN);
        assertEquals(DEBIAN.toString(), FashionMnist.loadDefault().source());
        assertEquals(60000, data.train().size());
        assertEquals(10000, data.test().size());
        assertArrayEquals(new int[] {1, 28, 28}, data.test().featureShape());
        // the whole test set against the independent decoder, so offsets are right to the last image
        assertSameAs(firstItems(DEBIAN.resolve(FashionMnist.TEST_IMAGES), 10000),
                firstItems(DEBIAN.resolve(FashionMnist.TEST_LABELS), 10000), data.test());
        // Fashion-MNIST is balanced: 6000 training and 1000 test images per class
        int[] train = new int[10];
        int[] test = new int[10];
        for (int i = 0; i < 60000; i++) {
            train[data.train().label(i)]++;
        }
        for (int i = 0; i < 10000; i++) {
            test[data.test().label(i)]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, train[c], FashionMnist.className(c));
            assertEquals(1000, test[c], FashionMnist.className(c));
        }
    }

    @Test
    void aMissingFileSaysWhatIsExpected(@TempDir Path dir) {
        var e = assertThrows(NoSuchFileException.class, () -> FashionMnist.load(dir));
        assertEquals(dir.resolve(FashionMnist.TRAIN_IMAGES) + ": Fashion-MNIST file missing; expected train-images-idx3-ubyte.gz, "
                + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz in " + dir
                + " (Debian: apt-get install dataset-fashion-mnist), or use FashionMnist.loadBundledSubset()", e.getMessage());
    }

    @Test
    void classNames() {
        assertEquals(10, FashionMnist.CLASS_NAMES.size());
        assertEquals("T-shirt/top", FashionMnist.className(0));
        assertEquals("Ankle boot", FashionMnist.className(9));
        var e = assertThrows(IndexOutOfBoundsException.class, () -> FashionMnist.className(10));
        assertEquals("FashionMnist.className: index 10 out of range [0, 10)", e.getMessage());
    }
}
