package dev.myelin.optim;

import static dev.myelin.optim.Groups.requireValid;

/**
 * What Adam, AdamW, AdaMax and NAdam share: the hyper-parameters {@code lr, betas, eps,
 * weight_decay}, their defaults and PyTorch's checks of them.
 */
abstract class AdamBase extends Optimizer {
    AdamBase(HyperParams defaults, HyperParams settings, ParamGroup... groups) {
        super(defaults, settings, groups);
    }

    /** lr, betas (0.9, 0.999), eps 1e-8 and weight_decay, in PyTorch's order. */
    static HyperParams defaults(double lr, double weightDecay) {
        return HyperParams.of().lr(lr).betas(0.9, 0.999).eps(1e-8).weightDecay(weightDecay);
    }

    @Override
    void validate(HyperParams h) {
        requireValid(h.get("lr") >= 0, "Invalid learning rate", h.get("lr"));
        requireValid(h.get("eps") >= 0, "Invalid epsilon value", h.get("eps"));
        requireValid(h.get("beta1") >= 0 && h.get("beta1") < 1, "Invalid beta parameter at index 0", h.get("beta1"));
        requireValid(h.get("beta2") >= 0 && h.get("beta2") < 1, "Invalid beta parameter at index 1", h.get("beta2"));
        requireValid(h.get("weight_decay") >= 0, "Invalid weight_decay value", h.get("weight_decay"));
    }
}
