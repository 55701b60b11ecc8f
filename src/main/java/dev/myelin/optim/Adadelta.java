package dev.myelin.optim;

import static dev.myelin.optim.Groups.requireValid;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * AdaDelta (Zeiler), as PyTorch's {@code torch.optim.Adadelta}:
 * <pre>
 *   g  = g + wd * p
 *   v  = rho * v + (1 - rho) * g^2                 (square_avg)
 *   d  = sqrt(u + eps) / sqrt(v + eps) * g         (u = acc_delta)
 *   u  = rho * u + (1 - rho) * d^2
 *   p  = p - lr * d
 * </pre>
 * Defaults: lr 1.0, rho 0.9, eps 1e-6, weight_decay 0.
 */
public final class Adadelta extends Optimizer {
    private static final HyperParams DEFAULTS = HyperParams.of().lr(1.0).set("rho", 0.9).eps(1e-6).weightDecay(0);

    public Adadelta(List<Tensor> params, double lr) {
        this(params, HyperParams.of().lr(lr));
    }

    public Adadelta(List<Tensor> params, HyperParams settings) {
        this(settings, ParamGroup.of(params));
    }

    public Adadelta(HyperParams settings, ParamGroup... groups) {
        super(DEFAULTS, settings, groups);
    }

    @Override
    void validate(HyperParams h) {
        requireValid(h.get("lr") >= 0, "Invalid learning rate", h.get("lr"));
        requireValid(h.get("rho") >= 0 && h.get("rho") <= 1, "Invalid rho value", h.get("rho"));
        requireValid(h.get("eps") >= 0, "Invalid epsilon value", h.get("eps"));
        requireValid(h.get("weight_decay") >= 0, "Invalid weight_decay value", h.get("weight_decay"));
    }

    @Override
    List<String> stateNames() {
        return List.of("square_avg", "acc_delta");
    }

    @Override
    void update(HyperParams h, MemorySegment p, MemorySegment g, int n, ParamState s) {
        float lr = (float) h.get("lr");
        float rho = (float) h.get("rho");
        float keep = (float) (1 - h.get("rho"));
        float eps = (float) h.get("eps");
        float wd = (float) h.get("weight_decay");
        MemorySegment v = s.buffer("square_avg", 0f);
        MemorySegment u = s.buffer("acc_delta", 0f);
        for (int i = 0; i < n; i++) {
            float pi = p.getAtIndex(JAVA_FLOAT, i);
            float gi = withDecay(g.getAtIndex(JAVA_FLOAT, i), pi, wd);
            float vi = rho * v.getAtIndex(JAVA_FLOAT, i) + keep * gi * gi;
            float ui = u.getAtIndex(JAVA_FLOAT, i);
            float d = (float) Math.sqrt(ui + eps) / (float) Math.sqrt(vi + eps) * gi;
            v.setAtIndex(JAVA_FLOAT, i, vi);
            u.setAtIndex(JAVA_FLOAT, i, rho * ui + keep * d * d);
            p.setAtIndex(JAVA_FLOAT, i, pi - lr * d);
        }
    }
}
