package dev.myelin.optim;

import static dev.myelin.optim.Groups.requireValid;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * AdaGrad (Duchi et al.), as PyTorch's {@code torch.optim.Adagrad}. At step {@code t}:
 * <pre>
 *   g   = g + wd * p
 *   s   = s + g^2                    (s starts at initial_accumulator_value)
 *   p   = p - lr / (1 + (t - 1) * lr_decay) * g / (sqrt(s) + eps)
 * </pre>
 * Defaults: lr 1e-2, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10.
 */
public final class Adagrad extends Optimizer {
    private static final HyperParams DEFAULTS = HyperParams.of().lr(1e-2).set("lr_decay", 0).weightDecay(0)
            .set("initial_accumulator_value", 0).eps(1e-10);

    public Adagrad(List<Tensor> params, double lr) {
        this(params, HyperParams.of().lr(lr));
    }

    public Adagrad(List<Tensor> params, HyperParams settings) {
        this(settings, ParamGroup.of(params));
    }

    public Adagrad(HyperParams settings, ParamGroup... groups) {
        super(DEFAULTS, settings, groups);
    }

    @Override
    void validate(HyperParams h) {
        requireValid(h.get("lr") >= 0, "Invalid learning rate", h.get("lr"));
        requireValid(h.get("lr_decay") >= 0, "Invalid lr_decay value", h.get("lr_decay"));
        requireValid(h.get("weight_decay") >= 0, "Invalid weight_decay value", h.get("weight_decay"));
        requireValid(h.get("initial_accumulator_value") >= 0, "Invalid initial_accumulator_value value",
                h.get("initial_accumulator_value"));
        requireValid(h.get("eps") >= 0, "Invalid epsilon value", h.get("eps"));
    }

    @Override
    List<String> stateNames() {
        return List.of("sum");
    }

    @Override
    void update(HyperParams h, MemorySegment p, MemorySegment g, int n, ParamState s) {
        float clr = (float) (h.get("lr") / (1 + (s.step - 1) * h.get("lr_decay")));
        float wd = (float) h.get("weight_decay");
        float eps = (float) h.get("eps");
        MemorySegment sum = s.buffer("sum", (float) h.get("initial_accumulator_value"));
        for (int i = 0; i < n; i++) {
            float pi = p.getAtIndex(JAVA_FLOAT, i);
            float gi = withDecay(g.getAtIndex(JAVA_FLOAT, i), pi, wd);
            float si = sum.getAtIndex(JAVA_FLOAT, i) + gi * gi;
            sum.setAtIndex(JAVA_FLOAT, i, si);
            p.setAtIndex(JAVA_FLOAT, i, pi - clr * (gi / ((float) Math.sqrt(si) + eps)));
        }
    }
}
