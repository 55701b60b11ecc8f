package dev.myelin.optim;

import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Parameters that share hyper-parameters: a backbone with a small learning rate and a head with a
 * large one, or biases without weight decay. Given to an optimizer, a group's own settings override
 * the optimizer's; the optimizer then keeps a resolved copy with every value filled in
 * ({@link Optimizer#groups()}), which schedulers change through {@link Optimizer#setLr}.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final HyperParams hyper;

    private ParamGroup(List<Tensor> params, HyperParams hyper) {
        this.params = List.copyOf(params);
        this.hyper = hyper;
    }

    /** A group that takes every hyper-parameter from the optimizer. */
    public static ParamGroup of(List<Tensor> params) {
        return new ParamGroup(params, HyperParams.of());
    }

    /** A group with its own values for some hyper-parameters, e.g. {@code HyperParams.of().lr(1e-4)}. */
    public static ParamGroup of(List<Tensor> params, HyperParams overrides) {
        return new ParamGroup(params, overrides.copy());
    }

    public List<Tensor> params() {
        return params;
    }

    /** A copy of this group's hyper-parameters (in an optimizer's resolved group: all of them). */
    public HyperParams hyper() {
        return hyper.copy();
    }

    /** The live values, for the optimizer that owns this group. */
    HyperParams settings() {
        return hyper;
    }

    public double lr() {
        return hyper.get("lr");
    }
}
