package dev.myelin.optim;

import dev.myelin.autograd.GradMode;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Plain stochastic gradient descent: {@code p <- p - lr * grad(p)} for every parameter that has a
 * gradient, in place on the parameter's memory and without recording for autograd.
 */
public final class Sgd {
    private final List<Tensor> params;
    private final float lr;

    public Sgd(List<Tensor> params, float lr) {
        if (!(lr >= 0) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("Invalid learning rate: " + lr);
        }
        if (params.isEmpty()) {
            throw new IllegalArgumentException("Sgd: got an empty parameter list");
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.dtype() != DType.FLOAT32 || !p.isContiguous() || p.gradFn() != null) {
                throw new IllegalArgumentException("Sgd: parameter " + i + " " + Shapes.str(p.shape())
                        + " must be a contiguous float32 leaf tensor, got " + p.dtype()
                        + (p.isContiguous() ? "" : ", non-contiguous") + (p.gradFn() == null ? "" : ", computed by " + p.gradFn()));
            }
        }
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    /** One update of every parameter that has a gradient. */
    public void step() {
        try (var off = GradMode.noGrad()) {
            for (Tensor p : params) {
                if (p.grad() != null) {
                    Kernels.axpyInPlace(p.detach(), -lr, p.grad());
                }
            }
        }
    }

    /** Sets every parameter's gradient to zero in place. */
    public void zeroGrad() {
        params.forEach(Tensor::zeroGrad);
    }

    public float lr() {
        return lr;
    }

    public List<Tensor> params() {
        return params;
    }
}
