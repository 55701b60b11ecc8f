package dev.myelin.golden;

import dev.myelin.ops.Ops;
import java.util.Map;

/** Arithmetic, selection, matmul and reductions against PyTorch (fixture tensor_ops.json). */
class TensorOpsGoldenTest extends GoldenTest {
    static final Map<String, GoldenCheck.Op> OPS = Map.ofEntries(
            Map.entry("add", (c, in) -> in.get("a").add(in.get("b"))),
            Map.entry("sub", (c, in) -> in.get("a").sub(in.get("b"))),
            Map.entry("mul", (c, in) -> in.get("a").mul(in.get("b"))),
            Map.entry("div", (c, in) -> in.get("a").div(in.get("b"))),
            Map.entry("add_scalar", (c, in) -> in.get("x").add(c.floatParam("scalar"))),
            Map.entry("sub_scalar", (c, in) -> in.get("x").sub(c.floatParam("scalar"))),
            Map.entry("mul_scalar", (c, in) -> in.get("x").mul(c.floatParam("scalar"))),
            Map.entry("div_scalar", (c, in) -> in.get("x").div(c.floatParam("scalar"))),
            Map.entry("neg", (c, in) -> in.get("x").neg()),
            Map.entry("exp", (c, in) -> in.get("x").exp()),
            Map.entry("log", (c, in) -> in.get("x").log()),
            Map.entry("sqrt", (c, in) -> in.get("x").sqrt()),
            Map.entry("abs", (c, in) -> in.get("x").abs()),
            Map.entry("pow_scalar", (c, in) -> in.get("x").pow(c.floatParam("exponent"))),
            Map.entry("pow", (c, in) -> in.get("a").pow(in.get("b"))),
            Map.entry("clamp", (c, in) -> in.get("x").clamp(c.floatParam("min"), c.floatParam("max"))),
            Map.entry("where", (c, in) -> Ops.where(in.get("cond"), in.get("a"), in.get("b"))),
            Map.entry("masked_fill", (c, in) -> Ops.maskedFill(in.get("x"), in.get("mask"), c.floatParam("value"))),
            Map.entry("matmul", (c, in) -> in.get("a").matmul(in.get("b"))),
            Map.entry("sum", (c, in) -> in.get("x").sum(c.boolParam("keepdim"), c.intsParam("dims"))),
            Map.entry("mean", (c, in) -> in.get("x").mean(c.boolParam("keepdim"), c.intsParam("dims"))),
            Map.entry("max", (c, in) -> Ops.max(in.get("x"), c.intParam("dim"), c.boolParam("keepdim")).values()),
            Map.entry("min", (c, in) -> Ops.min(in.get("x"), c.intParam("dim"), c.boolParam("keepdim")).values()));

    TensorOpsGoldenTest() {
        super("tensor_ops.json", OPS);
    }
}
