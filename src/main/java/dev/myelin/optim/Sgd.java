package dev.myelin.optim;

import static dev.myelin.optim.Groups.requireValid;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Stochastic gradient descent with momentum, as PyTorch's {@code torch.optim.SGD}. With gradient
 * {@code g}, weight decay {@code wd}, momentum {@code mu}, dampening {@code tau}:
 * <pre>
 *   g   = g + wd * p
 *   b   = g                          on the first step (b is the momentum buffer)
 *   b   = mu * b + (1 - tau) * g     afterwards
 *   d   = nesterov ? g + mu * b : b  (d = g when mu = 0)
 *   p   = p - lr * d
 * </pre>
 * Defaults: lr 1e-3 (PyTorch requires one), momentum 0, dampening 0, weight_decay 0, nesterov false.
 */
public final class Sgd extends Optimizer {
    private static final HyperParams DEFAULTS = HyperParams.of().lr(1e-3).momentum(0).set("dampening", 0)
            .weightDecay(0).set("nesterov", false);

    // Scratch for one chunk of parameter, gradient and momentum; an optimizer steps on one thread at a time.
    private final float[] ps = new float[CHUNK];
    private final float[] gs = new float[CHUNK];
    private final float[] bs = new float[CHUNK];

    /** Plain SGD: {@code p <- p - lr * grad}. */
    public Sgd(List<Tensor> params, double lr) {
        this(params, HyperParams.of().lr(lr));
    }

    public Sgd(List<Tensor> params, HyperParams settings) {
        this(settings, ParamGroup.of(params));
    }

    public Sgd(HyperParams settings, ParamGroup... groups) {
        super(DEFAULTS, settings, groups);
    }

    @Override
    void validate(HyperParams h) {
        requireValid(h.get("lr") >= 0, "Invalid learning rate", h.get("lr"));
        requireValid(h.get("momentum") >= 0, "Invalid momentum value", h.get("momentum"));
        requireValid(h.get("weight_decay") >= 0, "Invalid weight_decay value", h.get("weight_decay"));
        if (h.flag("nesterov") && (h.get("momentum") <= 0 || h.get("dampening") != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
    }

    @Override
    List<String> stateNames() {
        return List.of("momentum_buffer");
    }

    @Override
    void update(HyperParams h, MemorySegment p, MemorySegment g, int n, ParamState s) {
        float lr = (float) h.get("lr");
        float wd = (float) h.get("weight_decay");
        float mu = (float) h.get("momentum");
        float keep = (float) (1 - h.get("dampening"));
        boolean nesterov = h.flag("nesterov");
        if (mu == 0) {
            for (int i = 0; i < n; i++) {
                float pi = p.getAtIndex(JAVA_FLOAT, i);
                p.setAtIndex(JAVA_FLOAT, i, pi - lr * withDecay(g.getAtIndex(JAVA_FLOAT, i), pi, wd));
            }
            return;
        }
        boolean first = !s.has("momentum_buffer");
        MemorySegment b = s.buffer("momentum_buffer", 0f);
        // Heap chunks: see Optimizer.CHUNK.
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            long at = (long) start * Float.BYTES;
            MemorySegment.copy(p, JAVA_FLOAT, at, ps, 0, len);
            MemorySegment.copy(g, JAVA_FLOAT, at, gs, 0, len);
            MemorySegment.copy(b, JAVA_FLOAT, at, bs, 0, len);
            for (int i = 0; i < len; i++) {
                float gi = withDecay(gs[i], ps[i], wd);
                float bi = first ? gi : mu * bs[i] + keep * gi;
                bs[i] = bi;
                ps[i] -= lr * (nesterov ? gi + mu * bi : bi);
            }
            MemorySegment.copy(ps, 0, p, JAVA_FLOAT, at, len);
            MemorySegment.copy(bs, 0, b, JAVA_FLOAT, at, len);
        }
    }
}
