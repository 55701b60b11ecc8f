package dev.myelin.optim;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Resolves parameter groups against an optimizer's defaults and checks their parameters. */
final class Groups {
    private Groups() {}

    /** Each group's values: the defaults, overridden by the optimizer-wide settings, then by the group's own. */
    static List<ParamGroup> resolve(String optimizer, HyperParams defaults, HyperParams settings, ParamGroup... specs) {
        if (specs.length == 0 || specs.length == 1 && specs[0].params().isEmpty()) {
            throw new IllegalArgumentException(optimizer + ": got an empty parameter list");
        }
        HyperParams common = override(optimizer, defaults.copy(), settings);
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ParamGroup> out = new ArrayList<>();
        for (int g = 0; g < specs.length; g++) {
            List<Tensor> params = specs[g].params();
            for (int i = 0; i < params.size(); i++) {
                checkParam(optimizer, specs.length == 1 ? "parameter " + i : "group " + g + " parameter " + i, params.get(i));
                if (!seen.add(params.get(i))) {
                    throw new IllegalArgumentException(optimizer + ": some parameters appear in more than one parameter group"
                            + " (group " + g + " parameter " + i + " " + Shapes.str(params.get(i).shape()) + ")");
                }
            }
            out.add(ParamGroup.of(params, override(optimizer, common.copy(), specs[g].settings())));
        }
        return out;
    }

    private static HyperParams override(String optimizer, HyperParams base, HyperParams with) {
        Map<String, Object> values = base.asMap();
        with.asMap().forEach((key, v) -> {
            Object current = values.get(key);
            if (current == null) {
                throw new IllegalArgumentException(optimizer + ": unknown hyper-parameter '" + key + "'; known: "
                        + String.join(", ", values.keySet()));
            }
            if (current.getClass() != v.getClass()) {
                throw new IllegalArgumentException(optimizer + ": hyper-parameter '" + key + "' is a "
                        + (current instanceof Boolean ? "flag (true/false)" : "number") + ", got " + v);
            }
            values.put(key, v);
        });
        return base;
    }

    private static void checkParam(String optimizer, String which, Tensor p) {
        if (p.dtype() != DType.FLOAT32 || !p.isContiguous() || p.gradFn() != null) {
            throw new IllegalArgumentException(optimizer + ": " + which + " " + Shapes.str(p.shape())
                    + " must be a contiguous float32 leaf tensor, got " + p.dtype()
                    + (p.isContiguous() ? "" : ", non-contiguous") + (p.gradFn() == null ? "" : ", computed by " + p.gradFn()));
        }
    }

    /** Throws PyTorch's {@code "<what>: <value>"} unless {@code ok}. */
    static void requireValid(boolean ok, String what, double value) {
        if (!ok) {
            throw new IllegalArgumentException(what + ": " + HyperParams.str(value));
        }
    }
}
