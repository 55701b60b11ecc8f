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
    // Scratch for one chunk of parameter, gradient and state; an optimizer steps on one thread at a time.
    private final float[] ps = new float[CHUNK];
    private final float[] gs = new float[CHUNK];
    private final float[] ms = new float[CHUNK];
    private final float[] vs = new float[CHUNK];
    private final float[] vmaxs = new float[CHUNK];

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
        // Heap chunks (see Optimizer.CHUNK): about twice as fast as the loop over five native segments.
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            long at = (long) start * Float.BYTES;
            MemorySegment.copy(p, JAVA_FLOAT, at, ps, 0, len);
            MemorySegment.copy(g, JAVA_FLOAT, at, gs, 0, len);
            MemorySegment.copy(m, JAVA_FLOAT, at, ms, 0, len);
            MemorySegment.copy(v, JAVA_FLOAT, at, vs, 0, len);
            if (amsgrad) {
                MemorySegment.copy(vmax, JAVA_FLOAT, at, vmaxs, 0, len);
            }
            for (int i = 0; i < len; i++) {
                float pi = ps[i] * shrink;
                float gi = withDecay(gs[i], pi, wd);
                float mi = b1 * ms[i] + c1 * gi;
                float vi = b2 * vs[i] + c2 * gi * gi;
                ms[i] = mi;
                vs[i] = vi;
                if (amsgrad) {
                    vi = Math.max(vmaxs[i], vi);
                    vmaxs[i] = vi;
                }
                ps[i] = pi - stepSize * (mi / ((float) Math.sqrt(vi) / bc2Sqrt + eps));
            }
            MemorySegment.copy(ps, 0, p, JAVA_FLOAT, at, len);
            MemorySegment.copy(ms, 0, m, JAVA_FLOAT, at, len);
            MemorySegment.copy(vs, 0, v, JAVA_FLOAT, at, len);
            if (amsgrad) {
                MemorySegment.copy(vmaxs, 0, vmax, JAVA_FLOAT, at, len);
            }
        }
    }
}
