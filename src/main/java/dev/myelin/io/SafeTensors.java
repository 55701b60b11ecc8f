package dev.myelin.io;

import dev.myelin.io.SafeTensorsHeader.Entry;
import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format,
 * so PyTorch's {@code safetensors.torch.load_file} reads the weights Myelin saves, and the other way
 * round. Layout: an 8-byte little-endian header length N, N bytes of JSON header (padded with spaces
 * so the data starts 8-byte aligned), then the raw little-endian tensor data, each tensor at its
 * {@code data_offsets}. Supported element types: F32, I32, I64.
 *
 * <p>Writing is atomic ({@link AtomicFile}). Files written here also carry, in {@code __metadata__},
 * {@code "myelin.format"} and a CRC-32 {@code "myelin.crc32"} over the header's content and all the
 * data; a file with any {@code myelin.*} key must have a matching checksum, so a flipped bit anywhere
 * that matters is refused. Files from other writers, without these keys, are checked structurally.
 */
public final class SafeTensors {
    static final String CHECKSUM_KEY = "myelin.crc32";
    static final String FORMAT_KEY = "myelin.format";
    static final String FORMAT_VALUE = "safetensors+crc32 1";
    private static final String RESERVED_PREFIX = "myelin.";
    /** As the reference implementation: a larger header is a damaged length, not a real header. */
    static final long MAX_HEADER_BYTES = 100_000_000;

    static {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new ExceptionInInitializerError("safetensors data is little-endian; this host is big-endian");
        }
    }

    /** What a file holds: tensors in the order of their data, and the user metadata (without Myelin's own keys). */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    private SafeTensors() {}

    /**
     * Writes {@code tensors} (any strides; stored row-major) and {@code metadata} to {@code file},
     * atomically. Names must be non-empty and not {@code "__metadata__"}; metadata keys must not
     * start with {@code "myelin."} (reserved).
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        validate(file, tensors, metadata);
        try (Scope temporaries = Scope.open("safetensors write")) {
            List<Entry> entries = new ArrayList<>();
            List<Tensor> data = new ArrayList<>();
            long offset = 0;
            for (var e : tensors.entrySet()) {
                Tensor t = e.getValue().detach().contiguous();
                long bytes = t.numel() * t.dtype().byteSize();
                entries.add(new Entry(e.getKey(), t.dtype(), t.shape(), offset, offset + bytes));
                data.add(t);
                offset += bytes;
            }
            Map<String, String> meta = new LinkedHashMap<>(metadata);
            meta.put(FORMAT_KEY, FORMAT_VALUE);
            SafeTensorsHeader header = new SafeTensorsHeader(entries, meta);
            CRC32 crc = header.checksumStart(CHECKSUM_KEY);
            for (Tensor t : data) {
                crc.update(bytes(t));
            }
            meta.put(CHECKSUM_KEY, String.format("%08x", crc.getValue()));
            byte[] json = padded(header.toJson().getBytes(StandardCharsets.UTF_8));
            AtomicFile.write(file, ch -> {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).flip();
                writeFully(ch, length);
                writeFully(ch, ByteBuffer.wrap(json));
                for (Tensor t : data) {
                    writeFully(ch, bytes(t));
                }
            });
        }
    }

    /** Writes tensors without metadata. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    private static void validate(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        for (var e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals(SafeTensorsHeader.METADATA)) {
                throw new IllegalArgumentException("SafeTensors.write " + file + ": invalid tensor name "
                        + (name == null ? "null" : Json.quote(name)));
            }
            if (e.getValue() == null || !e.getValue().storage().isAlive()) {
                throw new IllegalArgumentException("SafeTensors.write " + file + ": tensor " + Json.quote(name)
                        + (e.getValue() == null ? " is null" : " was freed (its scope is closed)"));
            }
        }
        for (var e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("SafeTensors.write " + file + ": null metadata key or value");
            }
            if (e.getKey().startsWith(RESERVED_PREFIX)) {
                throw new IllegalArgumentException("SafeTensors.write " + file + ": metadata key " + Json.quote(e.getKey())
                        + " is reserved (keys starting with \"" + RESERVED_PREFIX + "\")");
            }
        }
    }

    /** Spaces after the JSON so that 8 + its length is a multiple of 8, as the reference writer does. */
    private static byte[] padded(byte[] json) {
        int pad = (8 - json.length % 8) % 8;
        byte[] out = new byte[json.length + pad];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < out.length; i++) {
            out[i] = ' ';
        }
        return out;
    }

    private static ByteBuffer bytes(Tensor contiguous) {
        return contiguous.data().asSlice(0, contiguous.numel() * contiguous.dtype().byteSize()).asByteBuffer();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /**
     * Reads every tensor of {@code file} into new tensors of the caller's scope. A truncated or
     * damaged file is refused with a {@link CorruptFileException} naming the file and the problem,
     * before any tensor is handed out.
     */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            SafeTensorsHeader header = readHeader(file, ch, size);
            long dataStart = size - header.entries.stream().mapToLong(Entry::byteSize).sum(); // they tile the data
            CRC32 crc = header.checksumStart(CHECKSUM_KEY);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            try (Scope reading = Scope.open("safetensors read")) {
                for (Entry e : header.entries) {
                    Tensor t = Tensor.empty(e.dtype(), e.shape());
                    readFully(file, ch, bytes(t), dataStart + e.begin());
                    crc.update(bytes(t));
                    tensors.put(e.name(), t);
                }
                verifyChecksum(file, header.metadata, crc);
                tensors.values().forEach(reading::keep);
            }
            Map<String, String> metadata = new LinkedHashMap<>(header.metadata);
            metadata.keySet().removeIf(k -> k.equals(CHECKSUM_KEY) || k.equals(FORMAT_KEY));
            return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
        }
    }

    private static SafeTensorsHeader readHeader(Path file, FileChannel ch, long size) throws IOException {
        if (size < 8) {
            throw new CorruptFileException(file, "file has " + size + " bytes, fewer than the 8-byte header length: "
                    + "truncated or not a safetensors file");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, lengthBytes, 0);
        long n = lengthBytes.flip().getLong();
        if (n < 2 || n > MAX_HEADER_BYTES) {
            throw new CorruptFileException(file, "header length " + n + " is out of range [2, " + MAX_HEADER_BYTES
                    + "]: not a safetensors file, or a damaged one");
        }
        if (n > size - 8) {
            throw new CorruptFileException(file, "header length " + n + " exceeds the " + (size - 8)
                    + " bytes after it: the file is truncated");
        }
        byte[] json = new byte[(int) n];
        readFully(file, ch, ByteBuffer.wrap(json), 8);
        if (json[0] != '{') {
            throw new CorruptFileException(file, "header does not start with '{'");
        }
        return SafeTensorsHeader.parse(file, json, size - 8 - n);
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = ch.read(into, at);
            if (n < 0) {
                throw new CorruptFileException(file, "file ended at byte " + at + " while reading (it shrank while being read)");
            }
            at += n;
        }
    }

    private static void verifyChecksum(Path file, Map<String, String> metadata, CRC32 crc) throws CorruptFileException {
        String stored = metadata.get(CHECKSUM_KEY);
        if (stored == null) {
            for (String key : metadata.keySet()) {
                if (key.startsWith(RESERVED_PREFIX)) {
                    throw new CorruptFileException(file, "metadata has " + Json.quote(key) + " but no " + CHECKSUM_KEY
                            + ": the header is damaged");
                }
            }
            return; // written by another tool: structural checks only
        }
        String actual = String.format("%08x", crc.getValue());
        if (!stored.equals(actual)) {
            throw new CorruptFileException(file, "checksum mismatch (stored " + stored + ", computed " + actual
                    + "): the file is damaged");
        }
    }
}
