package dev.myelin.optim;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * AdaMax, Adam with an infinity norm, as PyTorch's {@code torch.optim.Adamax}. At step {@code t}:
 * <pre>
 *   g = g + wd * p
 *   m = b1 * m + (1 - b1) * g
 *   u = max(b2 * u, |g| + eps)
 *   p = p - lr / (1 - b1^t) * m / u
 * </pre>
 * Defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0.
 */
public final class AdaMax extends AdamBase {
    public AdaMax(List<Tensor> params, double lr) {
        this(params, HyperParams.of().lr(lr));
    }

    public AdaMax(List<Tensor> params, HyperParams settings) {
        this(settings, ParamGroup.of(params));
    }

    public AdaMax(HyperParams settings, ParamGroup... groups) {
        super(defaults(2e-3, 0), settings, groups);
    }

    @Override
    List<String> stateNames() {
        return List.of("exp_avg", "exp_inf");
    }

    @Override
    void update(HyperParams h, MemorySegment p, MemorySegment g, int n, ParamState s) {
        double beta1 = h.get("beta1");
        float b1 = (float) beta1;
        float c1 = (float) (1 - beta1);
        float b2 = (float) h.get("beta2");
        float eps = (float) h.get("eps");
        float wd = (float) h.get("weight_decay");
        float clr = (float) (h.get("lr") / (1 - Math.pow(beta1, s.step)));
        MemorySegment m = s.buffer("exp_avg", 0f);
        MemorySegment u = s.buffer("exp_inf", 0f);
        for (int i = 0; i < n; i++) {
            float pi = p.getAtIndex(JAVA_FLOAT, i);
            float gi = withDecay(g.getAtIndex(JAVA_FLOAT, i), pi, wd);
            float mi = b1 * m.getAtIndex(JAVA_FLOAT, i) + c1 * gi;
            float ui = Math.max(b2 * u.getAtIndex(JAVA_FLOAT, i), Math.abs(gi) + eps);
            m.setAtIndex(JAVA_FLOAT, i, mi);
            u.setAtIndex(JAVA_FLOAT, i, ui);
            p.setAtIndex(JAVA_FLOAT, i, pi - clr * (mi / ui));
        }
    }
}
