package dev.myelin.optim;

import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), as PyTorch's {@code torch.optim.AdamW}:
 * first {@code p = p * (1 - lr * wd)}, then the {@link Adam} update with no decay in the gradient.
 * Unlike an L2 term, the decay is not rescaled by Adam's per-element step size. Defaults as Adam's,
 * but weight_decay 1e-2.
 */
public final class AdamW extends Adam {
    public AdamW(List<Tensor> params, double lr) {
        this(params, HyperParams.of().lr(lr));
    }

    public AdamW(List<Tensor> params, HyperParams settings) {
        this(settings, ParamGroup.of(params));
    }

    public AdamW(HyperParams settings, ParamGroup... groups) {
        super(1e-2, true, settings, groups);
    }
}
