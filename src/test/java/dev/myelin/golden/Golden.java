package dev.myelin.golden;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Reads the PyTorch golden fixtures in {@code src/test/resources/golden}, written by
 * {@code src/test/python/make_golden.py}. Each case holds an op with its parameters, its inputs,
 * PyTorch's output, an upstream gradient {@code w}, and the gradients of sum(out * w).
 */
final class Golden {
    private Golden() {}

    private static final Map<String, Fixture> LOADED = new ConcurrentHashMap<>();

    /** A fixture file: the PyTorch version that wrote it and its cases. */
    record Fixture(String file, String torch, List<Case> cases) {}

    /**
     * Shape and values of one array. {@code floats} parses each number straight to float32, which
     * gives back the exact bits of the float32 inputs and {@code w} (written shortest-exact);
     * {@code values} keeps the float64 references at full precision.
     */
    record Array(int[] shape, double[] values, float[] floats) {
        long[] longs() {
            return Arrays.stream(values).mapToLong(v -> (long) v).toArray();
        }
    }

    /** A named input; {@code dtype} is "float32" or "int64" (index tensors). */
    record Input(String name, String dtype, Array array) {}

    record Case(String file, String name, String op, JsonObject params, List<Input> inputs, Array output, Array w,
                Map<String, Array> grads) {
        int intParam(String key) {
            return param(key).getAsInt();
        }

        float floatParam(String key) {
            return param(key).getAsFloat();
        }

        boolean boolParam(String key) {
            return param(key).getAsBoolean();
        }

        String stringParam(String key) {
            return param(key).getAsString();
        }

        int[] intsParam(String key) {
            return ints(param(key).getAsJsonArray());
        }

        private JsonElement param(String key) {
            JsonElement e = params.get(key);
            if (e == null) {
                throw new IllegalArgumentException("golden case '" + name + "' in " + file + " has no parameter '" + key
                        + "' (has " + params.keySet() + ")");
            }
            return e;
        }

        /** Shown as the parameterized test's name. */
        @Override
        public String toString() {
            return name + (params.isEmpty() ? "" : " " + params);
        }
    }

    /** The cases of one fixture file, parsed once per run. */
    static Stream<Case> cases(String file) {
        return load(file).cases().stream();
    }

    static Fixture load(String file) {
        return LOADED.computeIfAbsent(file, Golden::parse);
    }

    private static Fixture parse(String file) {
        String resource = "/golden/" + file;
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("golden fixture " + resource + " is not on the test classpath; "
                        + "regenerate it with /usr/bin/python3 src/test/python/make_golden.py");
            }
            JsonObject root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            List<Case> cases = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("cases")) {
                cases.add(parseCase(file, e.getAsJsonObject()));
            }
            return new Fixture(file, root.get("torch").getAsString(), List.copyOf(cases));
        } catch (IOException e) {
            throw new UncheckedIOException("reading golden fixture " + resource, e);
        }
    }

    private static Case parseCase(String file, JsonObject c) {
        List<Input> inputs = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("inputs")) {
            JsonObject in = e.getAsJsonObject();
            inputs.add(new Input(in.get("name").getAsString(), in.get("dtype").getAsString(), array(in)));
        }
        Map<String, Array> grads = new LinkedHashMap<>();
        for (var g : c.getAsJsonObject("grads").entrySet()) {
            grads.put(g.getKey(), array(g.getValue().getAsJsonObject()));
        }
        return new Case(file, c.get("name").getAsString(), c.get("op").getAsString(), c.getAsJsonObject("params"),
                List.copyOf(inputs), array(c.getAsJsonObject("output")), array(c.getAsJsonObject("w")), grads);
    }

    private static Array array(JsonObject o) {
        JsonArray values = o.getAsJsonArray("values");
        double[] v = new double[values.size()];
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).getAsDouble();
            f[i] = values.get(i).getAsFloat();
        }
        return new Array(ints(o.getAsJsonArray("shape")), v, f);
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }
}
