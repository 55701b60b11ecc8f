package dev.myelin.optim;

import dev.myelin.autograd.GradMode;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Saving and restoring an optimizer as an {@link OptimizerState}. */
final class StateDicts {
    private StateDicts() {}

    static OptimizerState save(List<ParamGroup> groups, List<ParamState[]> states) {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        LinkedHashMap<String, String> meta = new LinkedHashMap<>();
        try (var off = GradMode.noGrad()) {
            for (int g = 0; g < groups.size(); g++) {
                int group = g;
                groups.get(g).settings().asMap().forEach((k, v) -> meta.put(group + "." + k, v.toString()));
                ParamState[] s = states.get(g);
                for (int i = 0; i < s.length; i++) {
                    String prefix = g + "." + i + ".";
                    if (s[i].step > 0 || !s[i].liveBuffers().isEmpty()) {
                        meta.put(prefix + "step", Long.toString(s[i].step));
                    }
                    s[i].liveBuffers().forEach((name, t) -> tensors.put(prefix + name, t.copy()));
                }
            }
        }
        return new OptimizerState(tensors, meta);
    }

    static void load(String optimizer, OptimizerState state, List<ParamGroup> groups, List<ParamState[]> states,
                     List<String> stateNames, List<String> scalarNames, Consumer<HyperParams> validate) {
        String what = "loadStateDict into " + optimizer + ": ";
        TreeSet<String> unexpected = new TreeSet<>(state.tensors().keySet());
        unexpected.addAll(state.metadata().keySet());
        TreeSet<String> missing = new TreeSet<>();
        HyperParams[] hypers = new HyperParams[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            hypers[g] = groups.get(g).settings().copy();
            for (var e : hypers[g].asMap().entrySet()) {
                String key = g + "." + e.getKey();
                String text = state.metadata().get(key);
                if (text == null) {
                    missing.add(key);
                    continue;
                }
                unexpected.remove(key);
                e.setValue(parse(what, key, text, e.getValue() instanceof Boolean));
            }
            for (int i = 0; i < states.get(g).length; i++) {
                checkParamState(what, g + "." + i + ".", groups.get(g).params().get(i).shape(), state, stateNames,
                        scalarNames, missing, unexpected);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException(what + (missing.isEmpty() ? "" : "missing keys " + missing)
                    + (missing.isEmpty() || unexpected.isEmpty() ? "" : "; ")
                    + (unexpected.isEmpty() ? "" : "unexpected keys " + unexpected));
        }
        for (HyperParams h : hypers) {
            validate.accept(h);
        }
        try (var off = GradMode.noGrad()) {
            for (int g = 0; g < groups.size(); g++) {
                groups.get(g).settings().asMap().putAll(hypers[g].asMap());
                for (int i = 0; i < states.get(g).length; i++) {
                    restore(g + "." + i + ".", state, states.get(g)[i], stateNames);
                }
            }
        }
    }

    /** Checks one parameter's entries, crossing the keys it accounts for off {@code unexpected}. */
    private static void checkParamState(String what, String prefix, int[] shape, OptimizerState state, List<String> names,
                                        List<String> scalars, TreeSet<String> missing, TreeSet<String> unexpected) {
        boolean any = false;
        for (String name : names) {
            Tensor t = state.tensors().get(prefix + name);
            if (t != null) {
                checkBuffer(what, prefix + name, t, scalars.contains(name) ? new int[0] : shape);
                unexpected.remove(prefix + name);
                any = true;
            }
        }
        String step = state.metadata().get(prefix + "step");
        if (step != null) {
            unexpected.remove(prefix + "step");
            parseStep(what, prefix + "step", step);
        } else if (any) {
            missing.add(prefix + "step");
        }
    }

    private static void restore(String prefix, OptimizerState state, ParamState s, List<String> names) {
        s.reset();
        String step = state.metadata().get(prefix + "step");
        s.step = step == null ? 0 : Long.parseLong(step);
        for (String name : names) {
            Tensor src = state.tensors().get(prefix + name);
            if (src != null) {
                Tensor dst = s.tensor(name, 0f, src.shape());
                Kernels.assign(dst, src.detach());
            }
        }
    }

    private static void checkBuffer(String what, String key, Tensor t, int[] shape) {
        if (t.dtype() != DType.FLOAT32 || !Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException(what + "'" + key + "' is " + t.dtype() + " " + Shapes.str(t.shape())
                    + ", expected float32 " + Shapes.str(shape));
        }
    }

    private static Object parse(String what, String key, String text, boolean flag) {
        if (flag) {
            if (!text.equals("true") && !text.equals("false")) {
                throw new IllegalArgumentException(what + "'" + key + "' is a flag, got '" + text + "'");
            }
            return Boolean.parseBoolean(text);
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + "'" + key + "' is a number, got '" + text + "'", e);
        }
    }

    private static void parseStep(String what, String key, String text) {
        try {
            if (Long.parseLong(text) >= 0) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + "'" + key + "' is a step count (an integer >= 0), got '" + text + "'");
    }
}
