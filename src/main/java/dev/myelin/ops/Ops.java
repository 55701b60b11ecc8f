package dev.myelin.ops;

import static dev.myelin.autograd.Autograd.record;

import dev.myelin.backend.blas.MatMul;
import dev.myelin.ops.Kernels.Binary;
import dev.myelin.ops.Kernels.Unary;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * The differentiable primitives: each computes its result with a kernel and records, next to it,
 * how the gradient of the result maps to gradients of its inputs. Gradients may come back in a
 * broadcast shape; the engine sums them to each input's shape.
 */
public final class Ops {
    private Ops() {}

    private static Tensor[] grads(Tensor... g) {
        return g;
    }

    // ---- arithmetic with broadcasting ----

    public static Tensor add(Tensor a, Tensor b) {
        return record("add", Kernels.binary(Binary.ADD, a, b), new Tensor[] {a, b}, (g, n) -> grads(g, g));
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return record("sub", Kernels.binary(Binary.SUB, a, b), new Tensor[] {a, b},
                (g, n) -> grads(g, n[1] ? neg(g) : null));
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return record("mul", Kernels.binary(Binary.MUL, a, b), new Tensor[] {a, b},
                (g, n) -> grads(n[0] ? mul(g, b) : null, n[1] ? mul(g, a) : null));
    }

    public static Tensor div(Tensor a, Tensor b) {
        return record("div", Kernels.binary(Binary.DIV, a, b), new Tensor[] {a, b},
                (g, n) -> grads(n[0] ? div(g, b) : null, n[1] ? neg(div(mul(g, a), mul(b, b))) : null));
    }

    /** a^b element-wise; d/db uses log(a), so a must be positive where b's gradient matters. */
    public static Tensor pow(Tensor a, Tensor b) {
        Tensor out = Kernels.binary(Binary.POW, a, b);
        return record("pow", out, new Tensor[] {a, b}, (g, n) -> grads(
                n[0] ? mul(g, mul(b, Kernels.binary(Binary.POW, a, addScalar(b, -1)))) : null,
                n[1] ? mul(g, mul(out, log(a))) : null));
    }

    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor mask = Kernels.binary(Binary.GE, a, b);
        return record("maximum", Kernels.binary(Binary.MAXIMUM, a, b), new Tensor[] {a, b},
                (g, n) -> grads(n[0] ? mul(g, mask) : null, n[1] ? mul(g, addScalar(neg(mask), 1)) : null));
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        Tensor mask = Kernels.binary(Binary.LE, a, b);
        return record("minimum", Kernels.binary(Binary.MINIMUM, a, b), new Tensor[] {a, b},
                (g, n) -> grads(n[0] ? mul(g, mask) : null, n[1] ? mul(g, addScalar(neg(mask), 1)) : null));
    }

    // ---- with a scalar ----

    public static Tensor addScalar(Tensor a, float s) {
        return record("add_scalar", Kernels.unary(Unary.ADD_SCALAR, a, s), new Tensor[] {a}, (g, n) -> grads(g));
    }

    public static Tensor mulScalar(Tensor a, float s) {
        return record("mul_scalar", Kernels.unary(Unary.SCALE, a, s), new Tensor[] {a}, (g, n) -> grads(mulScalar(g, s)));
    }

    public static Tensor powScalar(Tensor a, float p) {
        return record("pow_scalar", Kernels.unary(Unary.POW_SCALAR, a, p), new Tensor[] {a},
                (g, n) -> grads(mul(g, mulScalar(powScalar(a, p - 1), p))));
    }

    // ---- unary ----

    public static Tensor neg(Tensor a) {
        return record("neg", Kernels.unary(Unary.NEG, a, 0), new Tensor[] {a}, (g, n) -> grads(neg(g)));
    }

    public static Tensor exp(Tensor a) {
        Tensor out = Kernels.unary(Unary.EXP, a, 0);
        return record("exp", out, new Tensor[] {a}, (g, n) -> grads(mul(g, out)));
    }

    public static Tensor log(Tensor a) {
        return record("log", Kernels.unary(Unary.LOG, a, 0), new Tensor[] {a}, (g, n) -> grads(div(g, a)));
    }

    public static Tensor sqrt(Tensor a) {
        Tensor out = Kernels.unary(Unary.SQRT, a, 0);
        return record("sqrt", out, new Tensor[] {a}, (g, n) -> grads(div(mulScalar(g, 0.5f), out)));
    }

    public static Tensor abs(Tensor a) {
        return record("abs", Kernels.unary(Unary.ABS, a, 0), new Tensor[] {a},
                (g, n) -> grads(mul(g, Kernels.unary(Unary.SIGN, a, 0))));
    }

    /** Limits values to [min, max]; the gradient passes where min <= x <= max (as in PyTorch). */
    public static Tensor clamp(Tensor a, float min, float max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
        Tensor lo = Tensor.scalar(min);
        Tensor hi = Tensor.scalar(max);
        Tensor out = Kernels.binary(Binary.MINIMUM, Kernels.binary(Binary.MAXIMUM, a, lo), hi);
        return record("clamp", out, new Tensor[] {a}, (g, n) -> grads(
                mul(g, Kernels.mul(Kernels.binary(Binary.GE, a, lo), Kernels.binary(Binary.LE, a, hi)))));
    }

    // ---- selection ----

    /** cond ? a : b element-wise, with cond a 0/1 float mask (broadcasting). */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Tensor c = Kernels.binary(Binary.GT, cond, Tensor.scalar(0));
        Tensor notC = Kernels.unary(Unary.ADD_SCALAR, Kernels.unary(Unary.NEG, c, 0), 1);
        Tensor out = Kernels.add(Kernels.mul(c, a), Kernels.mul(notC, b));
        return record("where", out, new Tensor[] {cond, a, b},
                (g, n) -> grads(null, n[1] ? mul(g, c) : null, n[2] ? mul(g, notC) : null));
    }

    /** x with {@code value} wherever mask (a 0/1 float tensor broadcasting to x) is non-zero. */
    public static Tensor maskedFill(Tensor x, Tensor mask, float value) {
        Tensor m = Kernels.binary(Binary.GT, mask, Tensor.scalar(0));
        Tensor keep = Kernels.unary(Unary.ADD_SCALAR, Kernels.unary(Unary.NEG, m, 0), 1);
        Tensor out = Kernels.add(Kernels.mul(x, keep), Kernels.scale(m, value));
        if (!java.util.Arrays.equals(out.shape(), x.shape())) {
            throw new IllegalArgumentException("masked_fill: mask " + Shapes.str(mask.shape()) + " does not broadcast to "
                    + Shapes.str(x.shape()));
        }
        return record("masked_fill", out, new Tensor[] {x, mask}, (g, n) -> grads(mul(g, keep), null));
    }

    // ---- matrix product ----

    /** PyTorch's matmul: 1-D operands are promoted and the added dimension removed again. */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 1 || b.dim() == 1) {
            MatMul.check(a, b);
            Tensor out = matmul(a.dim() == 1 ? a.unsqueeze(0) : a, b.dim() == 1 ? b.unsqueeze(1) : b);
            out = a.dim() == 1 ? out.squeeze(-2) : out;
            return b.dim() == 1 ? out.squeeze(-1) : out;
        }
        return record("matmul", MatMulDispatch.matmul(a, b), new Tensor[] {a, b}, (g, n) -> grads(
                n[0] ? matmulGrad(a, g, b.transpose(-1, -2)) : null,
                n[1] ? matmulGrad(b, a.transpose(-1, -2), g) : null));
    }

    /**
     * PyTorch's {@code F.linear}: {@code x W^T + b} for x {@code [..., in]}, W {@code [out, in]}, b
     * {@code [out]} (or null). When oneDNN takes the product the bias is added inside it, and its
     * gradient, the column sums of dL/dy, is one more GEMM (a row of ones times dL/dy) instead of a
     * reduction pass.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2 || x.dim() < 1 || x.size(-1) != weight.size(1)
                || (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0)))) {
            throw new IllegalArgumentException("linear: input " + Shapes.str(x.shape()) + ", weight " + Shapes.str(weight.shape())
                    + (bias == null ? "" : " and bias " + Shapes.str(bias.shape()))
                    + " do not fit: expected input [..., in], weight [out, in] and bias [out]");
        }
        Tensor rows = x.dim() == 2 ? x : x.reshape(-1, x.size(-1));
        Tensor fused = bias == null || x.dim() == 1 ? null : MatMulDispatch.matmulBias(rows.detach(), weight.detach().t(), bias.detach());
        if (fused == null) {
            Tensor y = x.matmul(weight.t());
            return bias == null ? y : y.add(bias);
        }
        int[] shape = x.shape();
        shape[shape.length - 1] = weight.size(0);
        Tensor y = record("linear", fused, new Tensor[] {rows, weight, bias}, (g, n) -> grads(
                n[0] ? MatMulDispatch.matmul(g, weight.detach()) : null,
                n[1] ? MatMulDispatch.matmul(g.t(), rows.detach()) : null,
                n[2] ? MatMulDispatch.matmul(Tensor.ones(1, g.size(0)), g).view(bias.shape()) : null));
        return x.dim() == 2 ? y : y.view(shape);
    }

    /**
     * The gradient of a matmul operand, left * right. When the operand is a transposed view (a
     * Linear layer's weight.t()), the product is computed transposed, as (right^T left^T)^T, so the
     * gradient arrives in the layout of the parameter behind the view and accumulates without a
     * strided pass.
     */
    private static Tensor matmulGrad(Tensor operand, Tensor left, Tensor right) {
        boolean transposed = operand.dim() == 2 && left.dim() == 2 && right.dim() == 2
                && operand.stride(0) == 1 && operand.size(0) > 1 && operand.size(1) > 1;
        return transposed ? matmul(right.t(), left.t()).t() : matmul(left, right);
    }

    // ---- reductions ----

    /** Sum over {@code dims} (all when none are given). */
    public static Tensor sum(Tensor x, boolean keepDim, int... dims) {
        boolean[] reduce = Reductions.mask("sum", x.dim(), dims);
        int[] shape = x.shape();
        int[] kept = Reductions.reducedShape(shape, reduce, true);
        return record("sum", Reductions.sum(x, reduce, keepDim), new Tensor[] {x},
                (g, n) -> grads(g.reshape(kept).expand(shape)));
    }

    /** Mean over {@code dims} (all when none are given). */
    public static Tensor mean(Tensor x, boolean keepDim, int... dims) {
        boolean[] reduce = Reductions.mask("mean", x.dim(), dims);
        long count = 1;
        for (int d = 0; d < reduce.length; d++) {
            count *= reduce[d] ? x.size(d) : 1;
        }
        if (count == 0) {
            throw new IllegalArgumentException("mean: no elements to average in " + Shapes.str(x.shape()));
        }
        return mulScalar(sum(x, keepDim, dims), 1f / count);
    }

    /** Largest values along {@code dim}; the gradient goes to the (first) position of each maximum. */
    public static Reductions.Extremum max(Tensor x, int dim, boolean keepDim) {
        return extremum(x, dim, keepDim, true);
    }

    public static Reductions.Extremum min(Tensor x, int dim, boolean keepDim) {
        return extremum(x, dim, keepDim, false);
    }

    private static Reductions.Extremum extremum(Tensor x, int dim, boolean keepDim, boolean max) {
        Reductions.Extremum e = Reductions.extremum(x, dim, keepDim, max);
        if (x.dim() == 0) {
            return new Reductions.Extremum(record("max", e.values().reshape(), new Tensor[] {x}, (g, n) -> grads(g)), e.indices());
        }
        int d = Shapes.dim(max ? "max" : "min", dim, x.dim());
        int[] kept = x.shape();
        kept[d] = 1;
        Tensor idx = e.indices().reshape(kept);
        Tensor values = record(max ? "max" : "min", e.values(), new Tensor[] {x}, (g, n) -> {
            Tensor z = Tensor.zeros(x.shape());
            Indexing.scatterAdd(z, d, idx, g.reshape(kept));
            return grads(z);
        });
        return new Reductions.Extremum(values, e.indices());
    }

    // ---- joining and indexing ----

    /** Joins tensors along an existing dimension. */
    public static Tensor concat(int dim, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        int d = Shapes.dim("concat", dim, parts[0].dim());
        int[] shape = parts[0].shape();
        int total = 0;
        for (Tensor p : parts) {
            int[] s = p.shape();
            Kernels.requireFloat("concat", p);
            if (s.length != shape.length) {
                throw new IllegalArgumentException("concat: tensors of rank " + shape.length + " and " + s.length
                        + " (shapes " + Shapes.str(shape) + ", " + Shapes.str(s) + ")");
            }
            for (int k = 0; k < s.length; k++) {
                if (k != d && s[k] != shape[k]) {
                    throw new IllegalArgumentException("concat: shapes " + Shapes.str(shape) + " and " + Shapes.str(s)
                            + " differ in dimension " + k + " (only dimension " + d + " may differ)");
                }
            }
            total += s[d];
        }
        shape[d] = total;
        Tensor out = Tensor.empty(shape);
        int[] starts = new int[parts.length];
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            starts[i] = at;
            int len = parts[i].size(d);
            Kernels.assign(out.detach().slice(d, at, at + len), parts[i]);
            at += len;
        }
        return record("concat", out, parts, (g, n) -> {
            Tensor[] gs = new Tensor[parts.length];
            for (int i = 0; i < parts.length; i++) {
                gs[i] = n[i] ? g.slice(d, starts[i], starts[i] + parts[i].size(d)) : null;
            }
            return gs;
        });
    }

    /** Stacks equally shaped tensors along a new dimension. */
    public static Tensor stack(int dim, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        int d = Shapes.dim("stack", dim, parts[0].dim() + 1);
        Tensor[] expanded = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!java.util.Arrays.equals(parts[i].shape(), parts[0].shape())) {
                throw new IllegalArgumentException("stack: shapes " + Shapes.str(parts[0].shape()) + " and "
                        + Shapes.str(parts[i].shape()) + " differ");
            }
            expanded[i] = parts[i].unsqueeze(d);
        }
        return concat(d, expanded);
    }

    /** Rows (or slices along {@code dim}) picked by a 1-D index; the gradient is scatter-added back. */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int d = Shapes.dim("index_select", dim, x.dim());
        return record("index_select", Indexing.indexSelect(x, d, index), new Tensor[] {x, index}, (g, n) -> {
            Tensor z = Tensor.zeros(x.shape());
            Indexing.indexAdd(z, d, index, g);
            return grads(z, null);
        });
    }

    /**
     * Rows of {@code weight [V, D]} looked up by an int index of any shape (out: index.shape + [D]);
     * the gradient is scatter-added into the rows used, except row {@code paddingIdx} (negative: none).
     */
    public static Tensor embedding(Tensor weight, Tensor index, int paddingIdx) {
        return record("embedding", Indexing.embeddingLookup(weight, index), new Tensor[] {weight, index},
                (g, n) -> grads(Indexing.embeddingBackward(g, index, weight.size(0), paddingIdx), null));
    }

    /** out[p] = x[p with coordinate dim replaced by index[p]]; the gradient is scatter-added back. */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = Shapes.dim("gather", dim, x.dim());
        return record("gather", Indexing.gather(x, d, index), new Tensor[] {x, index}, (g, n) -> {
            Tensor z = Tensor.zeros(x.shape());
            Indexing.scatterAdd(z, d, index, g);
            return grads(z, null);
        });
    }
}
