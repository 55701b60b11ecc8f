package dev.myelin.data;

import dev.myelin.tensor.Shapes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST, plain or gzipped (recognised by the gzip magic
 * bytes 1f 8b, not the file name). An IDX file is a big-endian magic number {@code 00 00 08 nd}
 * (0x08: unsigned bytes; nd: number of dimensions), nd 32-bit sizes, then the values row-major:
 * {@code 0x00000803} for images [count, rows, columns], {@code 0x00000801} for labels [count].
 * Errors name the file and the byte offset (in the uncompressed data for gzipped files).
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {}

    /** Images as floats, image-major: {@code count} images of {@code itemShape} (e.g. [28, 28]). */
    public record Images(int count, int[] itemShape, float[] pixels) {}

    /** Reads an image file ({@code 0x00000803}, or any unsigned-byte file of 2+ dimensions), pixels scaled to [0, 1]. */
    public static Images readImages(Path file) throws IOException {
        return readImages(file, true);
    }

    /** Reads an image file; pixels are divided by 255 when {@code scaleToUnit}, else kept as 0..255. */
    public static Images readImages(Path file, boolean scaleToUnit) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readImages(in, file.toString(), scaleToUnit);
        }
    }

    /** Reads images from a stream (e.g. a class-path resource); {@code name} is used in error messages. */
    public static Images readImages(InputStream in, String name, boolean scaleToUnit) throws IOException {
        Raw raw = read(in, name, 2, "an IDX image file (0x00000803: unsigned bytes, [count, rows, columns])");
        float divisor = scaleToUnit ? 255f : 1f; // a division, not * (1/255f): the nearest float to v/255
        float[] pixels = new float[raw.data.length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (raw.data[i] & 0xFF) / divisor;
        }
        return new Images(raw.dims[0], Arrays.copyOfRange(raw.dims, 1, raw.dims.length), pixels);
    }

    /** Reads a label file ({@code 0x00000801}): one unsigned byte per label. */
    public static int[] readLabels(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readLabels(in, file.toString());
        }
    }

    public static int[] readLabels(InputStream in, String name) throws IOException {
        Raw raw = read(in, name, 1, "an IDX label file (0x00000801: unsigned bytes, [count])");
        int[] labels = new int[raw.data.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = raw.data[i] & 0xFF;
        }
        return labels;
    }

    /**
     * An image file and its label file as one dataset; 2-D images get a channel dimension, so
     * 28x28 images have feature shape [1, 28, 28]. The two files must hold the same number of items.
     */
    public static ArrayDataset readDataset(Path images, Path labels, boolean scaleToUnit) throws IOException {
        return dataset(readImages(images, scaleToUnit), images.toString(), readLabels(labels), labels.toString());
    }

    static ArrayDataset dataset(Images images, String imagesName, int[] labels, String labelsName) throws MalformedDataException {
        if (images.count() != labels.length) {
            throw new MalformedDataException(labelsName, "byte offset 4", "count mismatch: " + labels.length
                    + " labels, but " + imagesName + " holds " + images.count() + " images");
        }
        int[] item = images.itemShape();
        int[] shape = item.length == 2 ? new int[] {1, item[0], item[1]} : item;
        return ArrayDataset.classification(images.pixels(), shape, labels);
    }

    private record Raw(int[] dims, byte[] data) {}

    /** Parses the header (which must be unsigned bytes of {@code rank} dimensions, or at least 2 for rank 2) and reads the data. */
    private static Raw read(InputStream source, String name, int rank, String expected) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(source, 1 << 16);
        boolean gzip = startsWithGzipMagic(buffered);
        InputStream in = buffered;
        if (gzip) {
            try {
                in = new GZIPInputStream(buffered, 1 << 16);
            } catch (IOException e) {
                throw new MalformedDataException(name, "byte offset 0", "corrupt gzip header: " + e.getMessage(), e);
            }
        }
        Reader r = new Reader(in, name, gzip);
        byte[] magic = r.bytes(4, "the 4-byte magic number");
        int type = magic[2] & 0xFF;
        int nd = magic[3] & 0xFF;
        boolean rankOk = rank == 1 ? nd == 1 : nd >= 2;
        if (magic[0] != 0 || magic[1] != 0 || type != UNSIGNED_BYTE || !rankOk) {
            throw new MalformedDataException(name, r.location(0), String.format("wrong magic number 0x%08X: expected %s",
                    bigEndianInt(magic, 0), expected));
        }
        int[] dims = new int[nd];
        long count = 1;
        for (int i = 0; i < nd; i++) {
            int at = r.position();
            dims[i] = bigEndianInt(r.bytes(4, "dimension " + i + " of " + nd), 0);
            if (dims[i] < 0) {
                throw new MalformedDataException(name, r.location(at), "dimension " + i + " is negative (" + dims[i] + ")");
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE - 8) {
                throw new MalformedDataException(name, r.location(at), "dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " hold more values than one Java array can");
            }
        }
        byte[] data = r.bytes((int) count, count + " data bytes for dimensions " + Shapes.str(dims));
        r.expectEnd(Shapes.str(dims));
        return new Raw(dims, data);
    }

    private static boolean startsWithGzipMagic(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    private static int bigEndianInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    /** Reads exactly what the header promises and turns short reads or gzip failures into located errors. */
    private static final class Reader {
        private final InputStream in;
        private final String name;
        private final boolean gzip;
        private int position;

        Reader(InputStream in, String name, boolean gzip) {
            this.in = in;
            this.name = name;
            this.gzip = gzip;
        }

        int position() {
            return position;
        }

        String location(long offset) {
            return "byte offset " + offset + (gzip ? " (after gunzip)" : "");
        }

        byte[] bytes(int n, String what) throws IOException {
            byte[] out = new byte[n];
            int start = position;
            int got = 0;
            while (got < n) {
                int k;
                try {
                    k = in.read(out, got, n - got);
                } catch (IOException e) { // gzip: truncated or corrupt compressed data
                    throw new MalformedDataException(name, location(start + got), "compressed data is truncated or corrupt ("
                            + e.getMessage() + ") while reading " + what, e);
                }
                if (k < 0) {
                    throw new MalformedDataException(name, location(start + got), "truncated: the file ends after " + got
                            + " of " + what);
                }
                got += k;
            }
            position += n;
            return out;
        }

        void expectEnd(String dims) throws IOException {
            int extra;
            try {
                extra = in.read();
            } catch (IOException e) {
                throw new MalformedDataException(name, location(position), "compressed data is corrupt after the values ("
                        + e.getMessage() + ")", e);
            }
            if (extra >= 0) {
                throw new MalformedDataException(name, location(position), "unexpected data after the " + position
                        + " bytes that dimensions " + dims + " need");
            }
        }
    }
}
