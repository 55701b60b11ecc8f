package dev.myelin.golden;

import dev.myelin.nn.functional.Losses;
import dev.myelin.nn.functional.Reduction;
import java.util.Locale;
import java.util.Map;

/**
 * {@link Losses} against {@code torch.nn.functional} (fixture losses.json), each with the three
 * reductions; float targets are differentiated too.
 */
class LossesGoldenTest extends GoldenTest {
    static final Map<String, GoldenCheck.Op> OPS = Map.ofEntries(
            Map.entry("mse", (c, in) -> Losses.mse(in.get("input"), in.get("target"), reduction(c))),
            Map.entry("l1", (c, in) -> Losses.l1(in.get("input"), in.get("target"), reduction(c))),
            Map.entry("huber", (c, in) -> Losses.huber(in.get("input"), in.get("target"), c.floatParam("delta"), reduction(c))),
            Map.entry("binary_cross_entropy",
                    (c, in) -> Losses.binaryCrossEntropy(in.get("input"), in.get("target"), reduction(c))),
            Map.entry("binary_cross_entropy_with_logits",
                    (c, in) -> Losses.binaryCrossEntropyWithLogits(in.get("input"), in.get("target"), reduction(c))),
            Map.entry("nll_loss", (c, in) -> Losses.nllLoss(in.get("input"), in.get("target"), reduction(c))),
            Map.entry("cross_entropy", (c, in) -> Losses.crossEntropy(in.get("input"), in.get("target"), reduction(c))),
            Map.entry("cross_entropy_smooth", (c, in) -> Losses.crossEntropy(in.get("input"), in.get("target"),
                    c.floatParam("label_smoothing"), reduction(c))),
            Map.entry("cross_entropy_soft", (c, in) -> Losses.crossEntropySoft(in.get("input"), in.get("target"), reduction(c))));

    LossesGoldenTest() {
        super("losses.json", OPS);
    }

    /** PyTorch's reduction string ("mean", "sum", "none") as the enum. */
    private static Reduction reduction(Golden.Case c) {
        return Reduction.valueOf(c.stringParam("reduction").toUpperCase(Locale.ROOT));
    }
}
