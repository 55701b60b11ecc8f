package dev.myelin.nn.functional;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.autograd.Autograd;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * PReLU, y = x > 0 ? x : w[c] x, where c is the channel (dimension 1) of each element, or 0 when
 * there is a single weight. One fused op with gradients for x and w (plain Java: oneDNN's PReLU
 * would need a primitive of its own, and the loop is as cheap as ReLU's).
 */
final class PreluKernel {
    private PreluKernel() {}

    static Tensor apply(Tensor x, Tensor weight) {
        Checks.requireFloat("prelu", "input", x);
        Checks.requireFloat("prelu", "weight", weight);
        Along channels = channels(x, weight);
        MemorySegment xs = x.detach().contiguous().data();
        MemorySegment ws = weight.detach().contiguous().data();
        Tensor out = Tensor.empty(x.shape());
        MemorySegment o = out.data();
        forEach(channels, (at, c) -> {
            float v = xs.getAtIndex(JAVA_FLOAT, at);
            o.setAtIndex(JAVA_FLOAT, at, v > 0 ? v : ws.getAtIndex(JAVA_FLOAT, c) * v);
        });
        return Autograd.record("prelu", out, new Tensor[] {x, weight}, (g, needs) -> {
            MemorySegment gs = g.detach().contiguous().data();
            Tensor gx = Tensor.empty(x.shape());
            MemorySegment gxs = gx.data();
            double[] gw = new double[channels.size()];
            forEach(channels, (at, c) -> {
                float v = xs.getAtIndex(JAVA_FLOAT, at);
                float gv = gs.getAtIndex(JAVA_FLOAT, at);
                gxs.setAtIndex(JAVA_FLOAT, at, v > 0 ? gv : ws.getAtIndex(JAVA_FLOAT, c) * gv);
                gw[c] += v > 0 ? 0 : (double) v * gv;
            });
            float[] gwf = new float[gw.length];
            for (int c = 0; c < gw.length; c++) {
                gwf[c] = (float) gw[c];
            }
            return new Tensor[] {needs[0] ? gx : null, needs[1] ? Tensor.of(gwf, weight.shape()) : null};
        });
    }

    /** x seen as [outer, channels, inner]; a single weight makes it one channel over everything. */
    private static Along channels(Tensor x, Tensor weight) {
        long n = weight.numel();
        if (n == 1) {
            return new Along(1, 1, Math.toIntExact(x.numel()));
        }
        if (x.dim() < 2 || x.size(1) != n) {
            String channels = x.dim() < 2 ? "the input has no channel dimension" : "dimension 1 has size " + x.size(1);
            throw new IllegalArgumentException("prelu: weight " + Shapes.str(weight.shape()) + " has " + n
                    + " elements; expected 1 or one per channel of input " + Shapes.str(x.shape()) + " (" + channels + ")");
        }
        return Along.of(x.shape(), 1);
    }

    private interface Visit {
        void at(long index, int channel);
    }

    private static void forEach(Along ax, Visit visit) {
        for (int p = 0, n = ax.positions(); p < n; p++) {
            long base = ax.base(p);
            for (int c = 0; c < ax.size(); c++) {
                visit.at(base + (long) c * ax.inner(), c);
            }
        }
    }
}
