package dev.myelin.optim;

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
import java.util.List;
import java.util.Map;

/**
 * Reads the fixtures that {@code src/test/python/make_optim_golden.py} writes from PyTorch:
 * {@code golden/optim.json} (optimizer trajectories) and {@code golden/optim_lr.json} (schedules).
 */
final class OptimFixtures {
    private OptimFixtures() {}

    /** One optimizer run: settings, optional groups (indices into params), and per step the gradients and results. */
    record Trajectory(String name, String optimizer, JsonObject settings, JsonArray groups, List<int[]> shapes,
                      List<float[]> init, List<Step> steps) {
        @Override
        public String toString() {
            return name + " " + settings;
        }
    }

    /** One step: a gradient per parameter (null: none this step) and PyTorch's parameters after it. */
    record Step(List<float[]> grads, List<double[]> after) {}

    /** A schedule: its arguments, the base rates of two groups, the metrics fed (plateau only), the rates per epoch. */
    record Schedule(String name, String schedule, JsonObject args, double[] baseLrs, double[] metrics, List<double[]> lrs) {
        @Override
        public String toString() {
            return name + " " + args;
        }
    }

    static List<Trajectory> trajectories() {
        List<Trajectory> out = new ArrayList<>();
        for (JsonElement e : load("optim.json").getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            List<int[]> shapes = new ArrayList<>();
            List<float[]> init = new ArrayList<>();
            for (JsonElement p : c.getAsJsonArray("params")) {
                shapes.add(ints(p.getAsJsonObject().getAsJsonArray("shape")));
                init.add(floats(p.getAsJsonObject().getAsJsonArray("init")));
            }
            List<Step> steps = new ArrayList<>();
            for (JsonElement s : c.getAsJsonArray("steps")) {
                List<float[]> grads = new ArrayList<>();
                for (JsonElement g : s.getAsJsonObject().getAsJsonArray("grads")) {
                    grads.add(g.isJsonNull() ? null : floats(g.getAsJsonArray()));
                }
                List<double[]> after = new ArrayList<>();
                for (JsonElement a : s.getAsJsonObject().getAsJsonArray("after")) {
                    after.add(doubles(a.getAsJsonArray()));
                }
                steps.add(new Step(grads, after));
            }
            out.add(new Trajectory(c.get("name").getAsString(), c.get("optimizer").getAsString(),
                    c.getAsJsonObject("settings"), c.has("groups") ? c.getAsJsonArray("groups") : null, shapes, init, steps));
        }
        return out;
    }

    static List<Schedule> schedules() {
        List<Schedule> out = new ArrayList<>();
        for (JsonElement e : load("optim_lr.json").getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            List<double[]> lrs = new ArrayList<>();
            for (JsonElement l : c.getAsJsonArray("lrs")) {
                lrs.add(doubles(l.getAsJsonArray()));
            }
            out.add(new Schedule(c.get("name").getAsString(), c.get("schedule").getAsString(), c.getAsJsonObject("args"),
                    doubles(c.getAsJsonArray("base_lrs")), c.has("metrics") ? doubles(c.getAsJsonArray("metrics")) : null, lrs));
        }
        return out;
    }

    /** PyTorch's hyper-parameters as {@link HyperParams}: numbers stay numbers, booleans become flags. */
    static HyperParams hyper(JsonObject settings) {
        HyperParams h = HyperParams.of();
        for (Map.Entry<String, JsonElement> e : settings.entrySet()) {
            var v = e.getValue().getAsJsonPrimitive();
            if (v.isBoolean()) {
                h.set(e.getKey(), v.getAsBoolean());
            } else {
                h.set(e.getKey(), v.getAsDouble());
            }
        }
        return h;
    }

    private static JsonObject load(String file) {
        String resource = "/golden/" + file;
        try (InputStream in = OptimFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + resource + " is not on the test classpath; regenerate it with "
                        + "/usr/bin/python3 src/test/python/make_optim_golden.py");
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    /** Parsed straight to float32: the fixture writes float32 values shortest-exact, so the bits come back. */
    private static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }

    private static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }
}
