package dev.myelin.optim;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Adam (Kingma and Ba), as PyTorch's {@code torch.optim.Adam}. At step {@code t}, with gradient
 * {@code g}:
 * <pre>
 *   g = g + wd * p                       (L2 weight decay; {@link AdamW} decays p instead)
 *   m = b1 * m + (1 - b1) * g
 *   v = b2 * v + (1 - b2) * g^2
 *   vmax = max(vmax, v)                  (amsgrad only; then vmax replaces v below)
 *   p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0, amsgrad false.
 */
public class Adam extends AdamBase {
    private final boolean decoupled;

    public Adam(List<Tensor> params, double lr) {
        this(params, HyperParams.of().lr(lr));
    }

    public Adam(List<Tensor> params, HyperParams settings) {
        this(settings, ParamGroup.of(params));
    }

    public Adam(HyperParams settings, ParamGroup... groups) {
        this(0, false, settings, groups);
    }

    /** For {@link AdamW}: its default weight decay, applied to the parameter instead of the gradient. */
    Adam(double defaultWeightDecay, boolean decoupled, HyperParams settings, ParamGroup... groups) {
        super(defaults(1e-3, defaultWeightDecay).set("amsgrad", false), settings, groups);
        this.decoupled = decoupled;
    }

    @Override
    List<String> stateNames() {
        return List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq");
    }

    @Override
    void update(HyperParams h, MemorySegment p, MemorySegment g, int n, ParamState s) {
        double lr = h.get("lr");
        double beta1 = h.get("beta1");
        double beta2 = h.get("beta2");
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float eps = (float) h.get("eps");
        float wd = decoupled ? 0f : (float) h.get("weight_decay");
        float shrink = decoupled ? (float) (1 - lr * h.get("weight_decay")) : 1f;
        float stepSize = (float) (lr / (1 - Math.pow(beta1, s.step)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, s.step));
        boolean amsgrad = h.flag("amsgrad");
        MemorySegment m = s.buffer("exp_avg", 0f);
        MemorySegment v = s.buffer("exp_avg_sq", 0f);
        MemorySegment vmax = amsgrad ? s.buffer("max_exp_avg_sq", 0f) : v;
        for (int i = 0; i < n; i++) {
            float pi = p.getAtIndex(JAVA_FLOAT, i) * shrink;
            float gi = withDecay(g.getAtIndex(JAVA_FLOAT, i), pi, wd);
            float mi = b1 * m.getAtIndex(JAVA_FLOAT, i) + c1 * gi;
            float vi = b2 * v.getAtIndex(JAVA_FLOAT, i) + c2 * gi * gi;
            m.setAtIndex(JAVA_FLOAT, i, mi);
            v.setAtIndex(JAVA_FLOAT, i, vi);
            if (amsgrad) {
                vi = Math.max(vmax.getAtIndex(JAVA_FLOAT, i), vi);
                vmax.setAtIndex(JAVA_FLOAT, i, vi);
            }
            p.setAtIndex(JAVA_FLOAT, i, pi - stepSize * (mi / ((float) Math.sqrt(vi) / bc2Sqrt + eps)));
        }
    }
}
