package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small ResNet for small images (CIFAR-style, He et al. 2015, section 4.2): a 3x3 stem
 * convolution + batch norm + ReLU at full resolution, then stages {@code layer1, layer2, ...} of
 * {@link BasicBlock}s, each stage after the first halving the resolution (stride 2 in its first
 * block) and changing the width, then global average pooling and a linear classifier {@code fc}.
 * Input {@code [N, C, H, W]}, output {@code [N, classes]} logits.
 */
public final class ResNet extends Module {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final List<Sequential> stages = new ArrayList<>();
    private final GlobalAvgPool pool;
    private final Linear fc;

    /**
     * @param inChannels image channels
     * @param classes    outputs of the classifier
     * @param widths     channels of each stage (the stem has {@code widths[0]})
     * @param blocks     basic blocks in each stage, as many entries as {@code widths}
     * @param seed       the initial weights depend only on it
     */
    public ResNet(int inChannels, int classes, int[] widths, int[] blocks, long seed) {
        if (widths.length == 0 || widths.length != blocks.length || Arrays.stream(blocks).anyMatch(b -> b <= 0)
                || Arrays.stream(widths).anyMatch(w -> w <= 0) || classes <= 0) {
            throw new IllegalArgumentException("ResNet: expected as many positive stage widths as positive block counts "
                    + "(at least one stage) and classes > 0, got widths=" + Arrays.toString(widths) + ", blocks="
                    + Arrays.toString(blocks) + ", classes=" + classes);
        }
        long s = seed;
        this.conv1 = module("conv1", new Conv2d(inChannels, widths[0], 3, 1, 1, 1, 1, false, s++));
        this.bn1 = module("bn1", new BatchNorm2d(widths[0]));
        int in = widths[0];
        for (int stage = 0; stage < widths.length; stage++) {
            Sequential layer = new Sequential();
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                layer.add(new BasicBlock(in, widths[stage], stride, s));
                s += 3;
                in = widths[stage];
            }
            stages.add(module("layer" + (stage + 1), layer));
        }
        this.pool = module("avgpool", new GlobalAvgPool());
        this.fc = module("fc", new Linear(in, classes, true, s));
    }

    @Override
    public Tensor forward(Tensor x) {
        requireOpen();
        Tensor y = Activations.relu(bn1.forward(conv1.forward(x)));
        for (Sequential layer : stages) {
            y = layer.forward(y);
        }
        return fc.forward(pool.forward(y));
    }
}
