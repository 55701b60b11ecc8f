package dev.myelin.autograd;

import dev.myelin.ops.Kernels;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Records operations as they run and walks the record backwards to compute gradients. */
public final class Autograd {
    private Autograd() {}

    /**
     * Ties {@code out} to {@code inputs} for backpropagation when recording is on and some input
     * requires a gradient; otherwise returns {@code out} untouched. The backward function receives
     * the gradient of {@code out} and returns one gradient per input, in any shape that broadcasts
     * to the input's: the engine sums broadcast dimensions back.
     */
    public static Tensor record(String name, Tensor out, Tensor[] inputs, Node.Backward backward) {
        if (!GradMode.isEnabled()) {
            return out;
        }
        boolean[] needs = new boolean[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            needs[i] = inputs[i] != null && inputs[i].requiresGrad();
            any |= needs[i];
        }
        if (any) {
            out.attachGradFn(new Node(name, inputs.clone(), needs, backward));
        }
        return out;
    }

    /** Backpropagates {@code gradOutput} (ones for a scalar when null) from {@code root} into every leaf's {@code grad}. */
    public static void backward(Tensor root, Tensor gradOutput, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: tensor of shape " + Shapes.str(root.shape())
                    + " does not require grad and has no grad_fn; call requiresGrad(true) on the leaves first");
        }
        Tensor grad = initialGradient(root, gradOutput);
        try (var off = GradMode.noGrad()) {
            if (root.gradFn() == null) {
                root.accumulateGrad(grad);
                return;
            }
            Map<Node, Tensor> grads = new IdentityHashMap<>();
            grads.put(root.gradFn(), grad);
            for (Node node : topologicalOrder(root.gradFn())) {
                Tensor g = grads.remove(node);
                if (g == null) {
                    continue;
                }
                if (node.backward == null) {
                    throw new IllegalStateException("backward: the graph through '" + node.name + "' was already freed by an "
                            + "earlier backward(); pass retainGraph=true to the first backward to run a second one");
                }
                Tensor[] inputGrads = node.backward.apply(g, node.needsGrad);
                if (!retainGraph) {
                    node.backward = null;
                }
                propagate(node, inputGrads, grads);
            }
        }
    }

    private static Tensor initialGradient(Tensor root, Tensor gradOutput) {
        if (gradOutput == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException("backward: output of shape " + Shapes.str(root.shape())
                        + " is not a scalar; pass the gradient of the output: backward(grad)");
            }
            return Tensor.ones(root.shape());
        }
        if (!Arrays.equals(gradOutput.shape(), root.shape())) {
            throw new IllegalArgumentException("backward: gradient shape " + Shapes.str(gradOutput.shape())
                    + " differs from output shape " + Shapes.str(root.shape()));
        }
        return gradOutput;
    }

    private static void propagate(Node node, Tensor[] inputGrads, Map<Node, Tensor> grads) {
        if (inputGrads.length != node.inputs.length) {
            throw new IllegalStateException(node.name + " backward returned " + inputGrads.length + " gradients for "
                    + node.inputs.length + " inputs");
        }
        for (int i = 0; i < node.inputs.length; i++) {
            if (!node.needsGrad[i] || inputGrads[i] == null) {
                continue;
            }
            Tensor input = node.inputs[i];
            Tensor g = Kernels.sumToShape(inputGrads[i], input.shape());
            if (input.gradFn() != null) {
                grads.merge(input.gradFn(), g, Kernels::add);
            } else {
                input.accumulateGrad(g);
            }
        }
    }

    /** Nodes reachable from {@code root}, each before every node it depends on (iterative: graphs can be deep). */
    static List<Node> topologicalOrder(Node root) {
        List<Node> postOrder = new ArrayList<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Node node = (Node) frame[0];
            int next = (Integer) frame[1];
            if (next < node.inputs.length) {
                frame[1] = next + 1;
                Tensor in = node.inputs[next];
                Node child = in == null ? null : in.gradFn();
                if (child != null && node.needsGrad[next] && seen.put(child, Boolean.TRUE) == null) {
                    stack.push(new Object[] {child, 0});
                }
            } else {
                stack.pop();
                postOrder.add(node);
            }
        }
        return postOrder.reversed();
    }
}
