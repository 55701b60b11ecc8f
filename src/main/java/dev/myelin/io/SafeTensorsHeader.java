package dev.myelin.io;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The JSON header of a safetensors file: one entry per tensor ({@code dtype}, {@code shape},
 * {@code data_offsets} into the data that follows the header) and an optional
 * {@code "__metadata__"} map of strings. Parsing checks everything a reader relies on.
 */
final class SafeTensorsHeader {
    static final String METADATA = "__metadata__";

    /** One tensor's place in the data: bytes [begin, end) after the header. */
    record Entry(String name, DType dtype, int[] shape, long begin, long end) {
        long byteSize() {
            return end - begin;
        }
    }

    final List<Entry> entries; // in data order
    final Map<String, String> metadata;

    SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    static String dtypeName(DType t) {
        return switch (t) {
            case FLOAT32 -> "F32";
            case INT32 -> "I32";
            case INT64 -> "I64";
        };
    }

    private static DType dtype(String name) {
        return switch (name) {
            case "F32" -> DType.FLOAT32;
            case "I32" -> DType.INT32;
            case "I64" -> DType.INT64;
            default -> null;
        };
    }

    /** The header's JSON text, without padding; tensors in {@link #entries} order, metadata first. */
    String toJson() {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            sb.append(Json.quote(METADATA)).append(":{");
            String sep = "";
            for (var e : metadata.entrySet()) {
                sb.append(sep).append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
                sep = ",";
            }
            sb.append('}');
        }
        for (Entry e : entries) {
            sb.append(sb.length() > 1 ? "," : "").append(Json.quote(e.name())).append(":{\"dtype\":\"")
                    .append(dtypeName(e.dtype())).append("\",\"shape\":[");
            for (int i = 0; i < e.shape().length; i++) {
                sb.append(i == 0 ? "" : ",").append(e.shape()[i]);
            }
            sb.append("],\"data_offsets\":[").append(e.begin()).append(',').append(e.end()).append("]}");
        }
        return sb.append('}').toString();
    }

    /**
     * Starts a checksum over what the header means (names, types, shapes, offsets and metadata
     * other than {@code skipKey}), independent of JSON spacing, key order and escapes; the caller
     * adds the data bytes.
     */
    CRC32 checksumStart(String skipKey) {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e.name()).append('\0').append(dtypeName(e.dtype())).append('\0').append(Shapes.str(e.shape()))
                    .append('\0').append(e.begin()).append('\0').append(e.end()).append('\n');
        }
        new TreeMap<>(metadata).forEach((k, v) -> {
            if (!k.equals(skipKey)) {
                sb.append(k).append('\0').append(v).append('\n');
            }
        });
        CRC32 crc = new CRC32();
        crc.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        return crc;
    }

    /**
     * Parses and validates a header for a file whose data part has {@code dataLength} bytes: JSON
     * well-formed, known dtypes, byte sizes equal to shape times element size, and offsets that
     * tile the data exactly (in bounds, no overlap, no gap, nothing after the last tensor).
     */
    static SafeTensorsHeader parse(Path file, byte[] json, long dataLength) throws CorruptFileException {
        Object root;
        try {
            root = Json.parse(json, 0, json.length);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file, "header is not valid JSON: " + e.getMessage() + " of the header");
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new CorruptFileException(file, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (var e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA)) {
                metadata = metadata(file, e.getValue());
            } else {
                entries.add(entry(file, name, e.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        checkTiling(file, entries, dataLength);
        return new SafeTensorsHeader(entries, metadata);
    }

    private static Map<String, String> metadata(Path file, Object value) throws CorruptFileException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new CorruptFileException(file, "\"__metadata__\" is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new CorruptFileException(file, "metadata value of " + Json.quote((String) e.getKey()) + " is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Entry entry(Path file, String name, Object value) throws CorruptFileException {
        String where = "tensor " + Json.quote(name) + ": ";
        if (!(value instanceof Map<?, ?> m)) {
            throw new CorruptFileException(file, where + "entry is not a JSON object");
        }
        for (Object key : m.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new CorruptFileException(file, where + "unexpected field " + Json.quote((String) key));
            }
        }
        if (!(m.get("dtype") instanceof String dtypeName)) {
            throw new CorruptFileException(file, where + "missing or non-string \"dtype\"");
        }
        DType dtype = dtype(dtypeName);
        if (dtype == null) {
            throw new CorruptFileException(file, where + "dtype " + Json.quote(dtypeName) + " is not supported (F32, I32, I64)");
        }
        long[] shapeValues = integers(file, where, "shape", m.get("shape"), -1);
        int[] shape = new int[shapeValues.length];
        for (int i = 0; i < shape.length; i++) {
            if (shapeValues[i] < 0 || shapeValues[i] > Integer.MAX_VALUE) {
                throw new CorruptFileException(file, where + "shape dimension " + shapeValues[i] + " out of range");
            }
            shape[i] = (int) shapeValues[i];
        }
        long[] offsets = integers(file, where, "data_offsets", m.get("data_offsets"), 2);
        if (offsets[0] < 0 || offsets[1] < offsets[0]) {
            throw new CorruptFileException(file, where + "invalid data_offsets [" + offsets[0] + ", " + offsets[1] + "]");
        }
        long needed;
        try {
            needed = Math.multiplyExact(Shapes.numel(shape), (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            needed = -1;
        }
        if (needed != offsets[1] - offsets[0]) {
            throw new CorruptFileException(file, where + "data_offsets [" + offsets[0] + ", " + offsets[1] + "] hold "
                    + (offsets[1] - offsets[0]) + " bytes but shape " + Shapes.str(shape) + " of " + dtypeName + " needs "
                    + (needed < 0 ? "more than 2^63" : needed));
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] integers(Path file, String where, String field, Object value, int length) throws CorruptFileException {
        if (!(value instanceof List<?> list)) {
            throw new CorruptFileException(file, where + "missing or non-array \"" + field + "\"");
        }
        if (length >= 0 && list.size() != length) {
            throw new CorruptFileException(file, where + "\"" + field + "\" has " + list.size() + " values, expected " + length);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v)) {
                throw new CorruptFileException(file, where + "\"" + field + "\" holds a non-integer");
            }
            out[i] = v;
        }
        return out;
    }

    /** The sorted entries must cover [0, dataLength) exactly once. */
    private static void checkTiling(Path file, List<Entry> sorted, long dataLength) throws CorruptFileException {
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw new CorruptFileException(file, "tensors " + Json.quote(previous.name()) + " " + range(previous)
                        + " and " + Json.quote(e.name()) + " " + range(e) + " overlap");
            }
            if (e.begin() > covered) {
                throw new CorruptFileException(file, "data bytes [" + covered + ", " + e.begin() + ") belong to no tensor");
            }
            if (e.end() > dataLength) {
                throw new CorruptFileException(file, "tensor " + Json.quote(e.name()) + " " + range(e) + " ends past the "
                        + dataLength + " data bytes in the file: the file is truncated");
            }
            covered = e.end();
            previous = e;
        }
        if (covered < dataLength) {
            throw new CorruptFileException(file, (dataLength - covered) + " data bytes after the last tensor belong to no tensor");
        }
    }

    private static String range(Entry e) {
        return "[" + e.begin() + ", " + e.end() + ")";
    }
}
