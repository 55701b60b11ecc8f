package dev.myelin.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file written independently of the reader: big-endian magic, dims, then the bytes. */
    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big-endian by default
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(plain);
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static final int IMAGES = 0x00000803;
    private static final int LABELS = 0x00000801;

    @Test
    void readsImagesPlainOrGzippedWhateverTheFileName() throws IOException {
        byte[] pixels = randomBytes(5 * 3 * 4, 1);
        byte[] file = idx(IMAGES, new int[] {5, 3, 4}, pixels);
        Path plain = write("images.gz", file); // misleading name: detection is by magic bytes
        Path zipped = write("images.idx", gzip(file));
        for (Path p : new Path[] {plain, zipped}) {
            IdxReader.Images scaled = IdxReader.readImages(p);
            assertEquals(5, scaled.count());
            assertArrayEquals(new int[] {3, 4}, scaled.itemShape());
            IdxReader.Images raw = IdxReader.readImages(p, false);
            for (int i = 0; i < pixels.length; i++) {
                int unsigned = Byte.toUnsignedInt(pixels[i]);
                assertEquals(unsigned, raw.pixels()[i]);
                assertEquals(unsigned / 255.0, scaled.pixels()[i], 1e-7);
            }
        }
    }

    @Test
    void readsLabelsAndPairsThemWithImages() throws IOException {
        byte[] pixels = randomBytes(3 * 2 * 2, 2);
        Path images = write("i.gz", gzip(idx(IMAGES, new int[] {3, 2, 2}, pixels)));
        Path labels = write("l", idx(LABELS, new int[] {3}, new byte[] {9, 0, (byte) 200}));
        assertArrayEquals(new int[] {9, 0, 200}, IdxReader.readLabels(labels));
        ArrayDataset d = IdxReader.readDataset(images, labels, true);
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {1, 2, 2}, d.featureShape(), "a channel dimension is added to 2-D images");
        assertEquals(200, d.label(2));
        float[] second = d.get(1).features();
        for (int i = 0; i < 4; i++) {
            assertEquals(Byte.toUnsignedInt(pixels[4 + i]) / 255f, second[i]);
        }
    }

    private MalformedDataException malformed(Path images) {
        return assertThrows(MalformedDataException.class, () -> IdxReader.readImages(images));
    }

    @Test
    void wrongMagicNumbersAreRefused() throws IOException {
        Path labels = write("labels", idx(LABELS, new int[] {2}, new byte[2]));
        MalformedDataException e = malformed(labels);
        assertEquals(labels + " byte offset 0: wrong magic number 0x00000801: expected an IDX image file "
                + "(0x00000803: unsigned bytes, [count, rows, columns])", e.getMessage());
        assertEquals(labels.toString(), e.file());
        assertEquals("byte offset 0", e.location());
        Path floats = write("floats", idx(0x00000D03, new int[] {1, 1, 1}, new byte[4]));
        assertEquals(floats + " byte offset 0: wrong magic number 0x00000D03: expected an IDX image file "
                + "(0x00000803: unsigned bytes, [count, rows, columns])", malformed(floats).getMessage());
        Path png = write("picture.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        assertEquals(png + " byte offset 0: wrong magic number 0x89504E47: expected an IDX image file "
                + "(0x00000803: unsigned bytes, [count, rows, columns])", malformed(png).getMessage());
        Path images = write("images", idx(IMAGES, new int[] {1, 1, 1}, new byte[1]));
        var l = assertThrows(MalformedDataException.class, () -> IdxReader.readLabels(images));
        assertEquals(images + " byte offset 0: wrong magic number 0x00000803: expected an IDX label file "
                + "(0x00000801: unsigned bytes, [count])", l.getMessage());
    }

    @Test
    void truncatedFilesNameTheOffsetWhereTheyEnd() throws IOException {
        byte[] file = idx(IMAGES, new int[] {5, 3, 4}, randomBytes(60, 3));
        Path empty = write("empty", new byte[0]);
        assertEquals(empty + " byte offset 0: truncated: the file ends after 0 of the 4-byte magic number",
                malformed(empty).getMessage());
        Path header = write("header", Arrays.copyOf(file, 10));
        assertEquals(header + " byte offset 10: truncated: the file ends after 2 of dimension 1 of 3",
                malformed(header).getMessage());
        Path data = write("data", Arrays.copyOf(file, 16 + 25));
        assertEquals(data + " byte offset 41: truncated: the file ends after 25 of 60 data bytes for dimensions [5, 3, 4]",
                malformed(data).getMessage());
        Path zipped = write("data.gz", gzip(Arrays.copyOf(file, 16 + 25)));
        assertEquals(zipped + " byte offset 41 (after gunzip): truncated: the file ends after 25 of 60 data bytes for "
                + "dimensions [5, 3, 4]", malformed(zipped).getMessage());
    }

    @Test
    void aCutGzipStreamIsRefused() throws IOException {
        byte[] compressed = gzip(idx(IMAGES, new int[] {50, 10, 10}, randomBytes(5000, 4)));
        Path cut = write("cut.gz", Arrays.copyOf(compressed, compressed.length / 2));
        MalformedDataException e = malformed(cut);
        assertTrue(e.location().matches("byte offset \\d+ \\(after gunzip\\)"), e.location());
        assertTrue(e.getMessage().contains(": compressed data is truncated or corrupt (")
                && e.getMessage().endsWith(") while reading 5000 data bytes for dimensions [50, 10, 10]"), e.getMessage());
    }

    @Test
    void dataBeyondTheDimensionsIsRefused() throws IOException {
        byte[] file = idx(IMAGES, new int[] {2, 2, 2}, randomBytes(9, 5));
        Path longer = write("longer", file);
        assertEquals(longer + " byte offset 24: unexpected data after the 24 bytes that dimensions [2, 2, 2] need",
                malformed(longer).getMessage());
    }

    @Test
    void negativeDimensionsAreRefused() throws IOException {
        Path p = write("negative", idx(IMAGES, new int[] {2, -1, 2}, new byte[0]));
        assertEquals(p + " byte offset 8: dimension 1 is negative (-1)", malformed(p).getMessage());
        Path huge = write("huge", idx(IMAGES, new int[] {65536, 65536, 1}, new byte[0]));
        assertEquals(huge + " byte offset 8: dimensions [65536, 65536] hold more values than one Java array can",
                malformed(huge).getMessage());
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path images = write("images", idx(IMAGES, new int[] {5, 1, 1}, new byte[5]));
        Path labels = write("labels", idx(LABELS, new int[] {4}, new byte[4]));
        var e = assertThrows(MalformedDataException.class, () -> IdxReader.readDataset(images, labels, true));
        assertEquals(labels + " byte offset 4: count mismatch: 4 labels, but " + images + " holds 5 images", e.getMessage());
    }
}
