package dev.myelin.optim;

import static dev.myelin.optim.Groups.requireValid;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * RMSProp (Hinton), as PyTorch's {@code torch.optim.RMSprop}:
 * <pre>
 *   g  = g + wd * p
 *   v  = alpha * v + (1 - alpha) * g^2
 *   a  = alpha * a + (1 - alpha) * g,  d = sqrt(v - a^2) + eps     (centered)
 *                                      d = sqrt(v) + eps           (otherwise)
 *   b  = momentum * b + g / d,  p = p - lr * b                     (momentum > 0)
 *                               p = p - lr * g / d                 (otherwise)
 * </pre>
 * Defaults: lr 1e-2, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, centered false.
 */
public final class RmsProp extends Optimizer {
    private static final HyperParams DEFAULTS = HyperParams.of().lr(1e-2).set("alpha", 0.99).eps(1e-8).weightDecay(0)
            .momentum(0).set("centered", false);

    public RmsProp(List<Tensor> params, double lr) {
        this(params, HyperParams.of().lr(lr));
    }

    public RmsProp(List<Tensor> params, HyperParams settings) {
        this(settings, ParamGroup.of(params));
    }

    public RmsProp(HyperParams settings, ParamGroup... groups) {
        super(DEFAULTS, settings, groups);
    }

    @Override
    void validate(HyperParams h) {
        requireValid(h.get("lr") >= 0, "Invalid learning rate", h.get("lr"));
        requireValid(h.get("eps") >= 0, "Invalid epsilon value", h.get("eps"));
        requireValid(h.get("momentum") >= 0, "Invalid momentum value", h.get("momentum"));
        requireValid(h.get("weight_decay") >= 0, "Invalid weight_decay value", h.get("weight_decay"));
        requireValid(h.get("alpha") >= 0, "Invalid alpha value", h.get("alpha"));
    }

    @Override
    List<String> stateNames() {
        return List.of("square_avg", "grad_avg", "momentum_buffer");
    }

    @Override
    void update(HyperParams h, MemorySegment p, MemorySegment g, int n, ParamState s) {
        float lr = (float) h.get("lr");
        float alpha = (float) h.get("alpha");
        float keep = (float) (1 - h.get("alpha"));
        float eps = (float) h.get("eps");
        float wd = (float) h.get("weight_decay");
        float mu = (float) h.get("momentum");
        boolean centered = h.flag("centered");
        MemorySegment v = s.buffer("square_avg", 0f);
        MemorySegment a = centered ? s.buffer("grad_avg", 0f) : v;
        MemorySegment b = mu > 0 ? s.buffer("momentum_buffer", 0f) : v;
        for (int i = 0; i < n; i++) {
            float pi = p.getAtIndex(JAVA_FLOAT, i);
            float gi = withDecay(g.getAtIndex(JAVA_FLOAT, i), pi, wd);
            float vi = alpha * v.getAtIndex(JAVA_FLOAT, i) + keep * gi * gi;
            v.setAtIndex(JAVA_FLOAT, i, vi);
            if (centered) {
                float ai = alpha * a.getAtIndex(JAVA_FLOAT, i) + keep * gi;
                a.setAtIndex(JAVA_FLOAT, i, ai);
                vi = vi - ai * ai;
            }
            float step = gi / ((float) Math.sqrt(vi) + eps);
            if (mu > 0) {
                step = mu * b.getAtIndex(JAVA_FLOAT, i) + step;
                b.setAtIndex(JAVA_FLOAT, i, step);
            }
            p.setAtIndex(JAVA_FLOAT, i, pi - lr * step);
        }
    }
}
