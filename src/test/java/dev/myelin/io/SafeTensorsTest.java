package dev.myelin.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.memory.Scope;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors layout byte by byte, round trips, and refusal of truncated, damaged and malformed files. */
class SafeTensorsTest extends ScopedTest {
    @TempDir
    Path dir;
    private static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("fc.weight", Tensor.randn(1, 3, 4));
        m.put("fc.weight_t", Tensor.randn(2, 4, 3).t()); // non-contiguous: stored row-major
        m.put("steps", Tensor.ofLongs(new long[] {7, -1L << 40}, 2));
        m.put("labels", Tensor.ofInts(new int[] {3, 1, 4, 1, 5}, 5));
        m.put("scalar", Tensor.scalar(2.5f).reshape());
        m.put("empty", Tensor.zeros(0, 3));
        m.put("ünïcode \"name\"", Tensor.ones(1));
        return m;
    }

    @Test
    void roundTripKeepsNamesOrderShapesTypesValuesAndMetadata() throws IOException {
        Path f = dir.resolve("a.safetensors");
        Map<String, Tensor> in = sample();
        SafeTensors.write(f, in, Map.of("epoch", "3", "note", "line\nbreak"));
        SafeTensors.Contents out = SafeTensors.read(f);
        assertEquals(List.copyOf(in.keySet()), List.copyOf(out.tensors().keySet()));
        assertEquals(Map.of("epoch", "3", "note", "line\nbreak"), out.metadata());
        in.forEach((name, t) -> {
            Tensor r = out.tensors().get(name);
            assertArrayEquals(t.shape(), r.shape(), name);
            assertEquals(t.dtype(), r.dtype(), name);
            switch (t.dtype()) {
                case FLOAT32 -> assertArrayEquals(t.toFloatArray(), r.toFloatArray(), name);
                case INT32 -> assertArrayEquals(t.toIntArray(), r.toIntArray(), name);
                case INT64 -> assertArrayEquals(t.toLongArray(), r.toLongArray(), name);
            }
            assertEquals(scope, r.storage().owner(), "read tensors belong to the caller's scope");
        });
    }

    @Test
    void layoutIsTheSafetensorsFormat() throws IOException {
        Path f = dir.resolve("layout.safetensors");
        Tensor w = Tensor.of(new float[] {1.5f, -2f, 3.25f, 0f}, 2, 2);
        Tensor idx = Tensor.ofLongs(new long[] {5, 6}, 2);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", w);
        tensors.put("idx", idx);
        SafeTensors.write(f, tensors, Map.of());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        String header = new String(Arrays.copyOfRange(b.array(), 8, 8 + (int) n), StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"myelin.format\":\"safetensors+crc32 1\",\"myelin.crc32\":\""), header);
        assertTrue(header.contains("\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}"), header);
        assertTrue(header.contains("\"idx\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[16,32]}"), header);
        assertEquals(header.strip().length(), header.indexOf('}', header.lastIndexOf(']')) + 2, "only spaces pad the header");
        int data = 8 + (int) n;
        assertEquals(8 + n + 32, b.capacity());
        assertEquals(1.5f, b.getFloat(data));
        assertEquals(-2f, b.getFloat(data + 4));
        assertEquals(3.25f, b.getFloat(data + 8));
        assertEquals(5L, b.getLong(data + 16));
        assertEquals(6L, b.getLong(data + 24));
    }

    /** A file as another writer makes it: no checksum, spaces, keys in another order. */
    private Path foreign(String json, byte[] data) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path f = dir.resolve("foreign.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    @Test
    void readsFilesFromOtherWriters() throws IOException {
        Path f = foreign("{\"b\": {\"data_offsets\": [8, 12], \"shape\": [], \"dtype\": \"F32\"}, "
                + "\"__metadata__\": {\"format\": \"pt\"}, \"a\": {\"dtype\": \"F32\", \"shape\": [1, 2], \"data_offsets\": [0, 8]}}  ",
                floats(1, 2, 3));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.of("a", "b"), List.copyOf(c.tensors().keySet()), "in data order");
        assertArrayEquals(new float[] {1, 2}, c.tensors().get("a").toFloatArray());
        assertArrayEquals(new int[] {1, 2}, c.tensors().get("a").shape());
        assertEquals(3f, c.tensors().get("b").item());
        assertEquals(Map.of("format", "pt"), c.metadata());
    }

    private void assertRefused(Path f, String problem) {
        var e = assertThrows(CorruptFileException.class, () -> SafeTensors.read(f));
        assertEquals(f + ": " + problem, e.getMessage());
        assertEquals(f, e.file());
    }

    @Test
    void malformedHeadersAreRefusedWithTheProblem() throws IOException {
        String a = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        byte[] two = floats(1, 2);
        assertRefused(foreign("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", two),
                "tensors \"a\" [0, 8) and \"b\" [4, 8) overlap");
        assertRefused(foreign("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", two),
                "data bytes [0, 4) belong to no tensor");
        assertRefused(foreign("{" + a + "}", floats(1, 2, 3)), "4 data bytes after the last tensor belong to no tensor");
        assertRefused(foreign("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", two),
                "tensor \"a\": data_offsets [0, 8] hold 8 bytes but shape [3] of F32 needs 12");
        assertRefused(foreign("{\"a\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]}}", two),
                "tensor \"a\": dtype \"F16\" is not supported (F32, I32, I64)");
        assertRefused(foreign("{" + a + "," + a + "}", two), "header is not valid JSON: duplicate key \"a\" at byte 54 of the header");
        assertRefused(foreign("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", two),
                "header is not valid JSON: expected an integer at byte 29 of the header");
        assertRefused(foreign("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", two),
                "tensor \"a\": unexpected field \"x\"");
        assertRefused(foreign("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", two),
                "tensor \"a\": invalid data_offsets [8, 0]");
        assertRefused(foreign("{\"__metadata__\":{\"k\":1}}", new byte[0]), "metadata value of \"k\" is not a string");
        assertRefused(foreign("[1]", new byte[0]), "header does not start with '{'");
        assertRefused(foreign("{\"__metadata__\":{\"myelin.format\":\"x\"}}", new byte[0]),
                "metadata has \"myelin.format\" but no myelin.crc32: the header is damaged");
        Path f = dir.resolve("garbage.safetensors");
        Files.write(f, "PK\u0003\u0004 this is a zip file".getBytes(StandardCharsets.ISO_8859_1));
        // "PK\3\4 thi" read as a little-endian long is 0x6968742004034b50
        assertRefused(f, "header length " + 0x6968742004034b50L + " is out of range [2, 100000000]: not a safetensors file, or a damaged one");
    }

    @Test
    void truncatedFilesAreRefusedAtEveryCut() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, sample(), Map.of("k", "v"));
        byte[] all = Files.readAllBytes(good);
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        Path cut = dir.resolve("cut.safetensors");
        int[] cuts = {0, 3, 8, 8 + (int) n / 2, 8 + (int) n - 1, 8 + (int) n, 8 + (int) n + 5, all.length - 1};
        for (int length : cuts) {
            Files.write(cut, Arrays.copyOf(all, length));
            var e = assertThrows(CorruptFileException.class, () -> SafeTensors.read(cut), "cut at " + length);
            String m = e.getMessage();
            assertTrue(m.startsWith(cut + ": "), m);
            assertTrue(length < 8 ? m.contains("fewer than the 8-byte header length")
                    : length < 8 + n ? m.contains("exceeds the " + (length - 8) + " bytes after it: the file is truncated")
                    : m.contains("ends past the " + (length - 8 - n) + " data bytes in the file: the file is truncated"), m);
        }
    }

    @Test
    void everyFlippedHeaderBitAndADamagedDataByteAreRefused() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, sample(), Map.of("epoch", "12"));
        byte[] all = Files.readAllBytes(good);
        int headerEnd = 8 + (int) ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        Path bad = dir.resolve("bad.safetensors");
        for (int i = 0; i < headerEnd; i++) {
            for (int bit : new int[] {0, 5}) {
                byte[] copy = all.clone();
                copy[i] ^= (byte) (1 << bit);
                Files.write(bad, copy);
                int at = i;
                var e = assertThrows(CorruptFileException.class, () -> SafeTensors.read(bad),
                        "flipped bit " + bit + " of byte " + at + " ('" + (char) all[at] + "')");
                assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
            }
        }
        byte[] copy = all.clone();
        copy[headerEnd + 5] ^= 0x10;
        Files.write(bad, copy);
        var e = assertThrows(CorruptFileException.class, () -> SafeTensors.read(bad));
        assertTrue(e.getMessage().matches(".*: checksum mismatch \\(stored [0-9a-f]{8}, computed [0-9a-f]{8}\\): the file is damaged"),
                e.getMessage());
    }

    @Test
    void aFailedSaveLeavesThePreviousFileIntact() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        SafeTensors.write(f, Map.of("w", Tensor.ones(3)), Map.of("epoch", "1"));
        byte[] before = Files.readAllBytes(f);
        var e = assertThrows(IOException.class, () -> AtomicFile.write(f, ch -> {
            ch.write(ByteBuffer.wrap(new byte[1000]));
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertThrows(IllegalStateException.class, () -> AtomicFile.write(f, ch -> {
            ch.write(ByteBuffer.wrap(new byte[10]));
            throw new IllegalStateException("crash midway");
        }));
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(1f, SafeTensors.read(f).tensors().get("w").getFloat(0));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left behind");
        }
        Tensor freed;
        try (Scope inner = Scope.open("inner")) {
            freed = Tensor.ones(2);
        }
        var bad = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(f, Map.of("w", freed)));
        assertEquals("SafeTensors.write " + f + ": tensor \"w\" was freed (its scope is closed)", bad.getMessage());
        var reserved = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(f, Map.of("w", Tensor.ones(1)), Map.of("myelin.crc32", "0")));
        assertEquals("SafeTensors.write " + f + ": metadata key \"myelin.crc32\" is reserved (keys starting with \"myelin.\")",
                reserved.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test
    void aSuccessfulSaveReplacesTheFile() throws IOException {
        Path f = dir.resolve("sub/dir/ckpt.safetensors");
        SafeTensors.write(f, Map.of("w", Tensor.ones(3)));
        SafeTensors.write(f, Map.of("w", Tensor.full(2f, 3), "i", Tensor.ofInts(new int[] {1}, 1)));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertArrayEquals(new float[] {2, 2, 2}, c.tensors().get("w").toFloatArray());
        assertEquals(DType.INT32, c.tensors().get("i").dtype());
        assertEquals(Map.of(), c.metadata());
    }
}
