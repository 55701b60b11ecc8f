package dev.myelin.optim;

import static dev.myelin.optim.Groups.requireValid;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Adam with Nesterov momentum (Dozat), as PyTorch 2.0's {@code torch.optim.NAdam}. At step {@code t},
 * with momentum decay {@code psi}:
 * <pre>
 *   g     = g + wd * p
 *   mu_t  = b1 * (1 - 0.5 * 0.96^(t * psi)),   mu_t+1 likewise
 *   P_t   = P_t-1 * mu_t                       (running product, P_0 = 1)
 *   m     = b1 * m + (1 - b1) * g
 *   v     = b2 * v + (1 - b2) * g^2
 *   d     = sqrt(v / (1 - b2^t)) + eps
 *   p     = p - lr * (1 - mu_t) / (1 - P_t) * g / d - lr * mu_t+1 / (1 - P_t * mu_t+1) * m / d
 * </pre>
 * PyTorch 1.13 multiplied {@code mu_t} in twice for the last denominator ({@code P_t * mu_t * mu_t+1},
 * pytorch/pytorch#92699); this follows the corrected rule of 2.0. Defaults: lr 2e-3, betas (0.9, 0.999),
 * eps 1e-8, weight_decay 0, momentum_decay 4e-3.
 */
public final class NAdam extends AdamBase {
    public NAdam(List<Tensor> params, double lr) {
        this(params, HyperParams.of().lr(lr));
    }

    public NAdam(List<Tensor> params, HyperParams settings) {
        this(settings, ParamGroup.of(params));
    }

    public NAdam(HyperParams settings, ParamGroup... groups) {
        super(defaults(2e-3, 0).set("momentum_decay", 4e-3), settings, groups);
    }

    @Override
    void validate(HyperParams h) {
        super.validate(h);
        requireValid(h.get("momentum_decay") >= 0, "Invalid momentum_decay value", h.get("momentum_decay"));
    }

    @Override
    List<String> stateNames() {
        return List.of("mu_product", "exp_avg", "exp_avg_sq");
    }

    @Override
    List<String> scalarStateNames() {
        return List.of("mu_product");
    }

    @Override
    void update(HyperParams h, MemorySegment p, MemorySegment g, int n, ParamState s) {
        double lr = h.get("lr");
        double beta1 = h.get("beta1");
        double beta2 = h.get("beta2");
        double psi = h.get("momentum_decay");
        double mu = beta1 * (1 - 0.5 * Math.pow(0.96, s.step * psi));
        double muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (s.step + 1) * psi));
        MemorySegment product = s.scalar("mu_product", 1f);
        float muProduct = (float) (product.get(JAVA_FLOAT, 0) * mu); // float32 state, as in PyTorch
        product.set(JAVA_FLOAT, 0, muProduct);
        float gradScale = (float) (-lr * (1 - mu) / (1 - muProduct));
        float momentumScale = (float) (-lr * muNext / (1 - muProduct * muNext));
        float bc2 = (float) (1 - Math.pow(beta2, s.step));
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float eps = (float) h.get("eps");
        float wd = (float) h.get("weight_decay");
        MemorySegment m = s.buffer("exp_avg", 0f);
        MemorySegment v = s.buffer("exp_avg_sq", 0f);
        for (int i = 0; i < n; i++) {
            float pi = p.getAtIndex(JAVA_FLOAT, i);
            float gi = withDecay(g.getAtIndex(JAVA_FLOAT, i), pi, wd);
            float mi = b1 * m.getAtIndex(JAVA_FLOAT, i) + c1 * gi;
            float vi = b2 * v.getAtIndex(JAVA_FLOAT, i) + c2 * gi * gi;
            m.setAtIndex(JAVA_FLOAT, i, mi);
            v.setAtIndex(JAVA_FLOAT, i, vi);
            float d = (float) Math.sqrt(vi / bc2) + eps;
            float half = pi + gradScale * (gi / d);
            p.setAtIndex(JAVA_FLOAT, i, half + momentumScale * (mi / d));
        }
    }
}
