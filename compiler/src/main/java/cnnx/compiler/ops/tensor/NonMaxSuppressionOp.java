package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.ArrayList;
import java.util.List;

/**
 * NonMaxSuppression-11, as ONNX Runtime computes it (in float): per batch and class, boxes with a
 * score above score_threshold are taken by descending score (equal scores: lower index first) and
 * kept unless their IoU with a kept box exceeds iou_threshold, up to max_output_boxes_per_class.
 * Output: int64 [selected, 3] rows of (batch, class, box), a count known only at run time.
 */
public final class NonMaxSuppressionOp implements OpDef {
  @Override
  public String opType() {
    return "NonMaxSuppression";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    if (ctx.inputCount() < 2 || ctx.inputCount() > 5 || node.outputs().size() != 1) {
      throw node.invalid("expects 2 to 5 inputs (boxes, scores, max_output_boxes_per_class, iou_threshold, "
          + "score_threshold) and one output");
    }
    TensorType boxes = ctx.inputType(0);
    TensorType scores = ctx.inputType(1);
    if (boxes.dtype() != DataType.FLOAT || boxes.rank() != 3 || scores.dtype() != DataType.FLOAT || scores.rank() != 3) {
      throw node.invalid("boxes [batch, boxes, 4] and scores [batch, classes, boxes] must be float, are " + boxes
          + " and " + scores);
    }
    Dims.unify(node, boxes.dim(0), scores.dim(0), "batch of boxes and scores");
    Dims.unify(node, boxes.dim(1), scores.dim(2), "box count of boxes and scores");
    if (boxes.dim(2).isKnown() && boxes.dim(2).value() != 4) {
      throw node.invalid("boxes must have 4 coordinates, have " + boxes.dim(2));
    }
    long center = node.intAttr("center_point_box", 0);
    if (center != 0 && center != 1) {
      throw node.invalid("center_point_box must be 0 or 1, is " + center);
    }
    return List.of(new TensorType(DataType.INT64, List.of(Dim.unknown(), Dim.of(3))));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    inferTypes(new cnnx.compiler.ops.ConcreteContext(node, inputs));
    Tensor boxes = inputs.get(0);
    Tensor scores = inputs.get(1);
    long maxPerClass = scalar(inputs, 2) == null ? 0 : inputs.get(2).longs()[0];
    float iou = scalar(inputs, 3) == null ? 0f : inputs.get(3).floats()[0];
    Float scoreThreshold = scalar(inputs, 4) == null ? null : inputs.get(4).floats()[0];
    boolean center = node.intAttr("center_point_box", 0) == 1;
    int batches = boxes.dim(0);
    int n = boxes.dim(1);
    int classes = scores.dim(1);
    float[] b = boxes.floats();
    float[] s = scores.floats();
    List<long[]> selected = new ArrayList<>();
    for (int batch = 0; batch < batches && maxPerClass > 0; batch++) {
      for (int c = 0; c < classes; c++) {
        int base = (batch * classes + c) * n;
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (scoreThreshold == null || s[base + i] > scoreThreshold) {
            candidates.add(i);
          }
        }
        candidates.sort((p, q) -> s[base + p] != s[base + q] ? Float.compare(s[base + q], s[base + p])
            : Integer.compare(p, q));
        List<Integer> kept = new ArrayList<>();
        for (int i : candidates) {
          if (kept.size() >= maxPerClass) {
            break;
          }
          boolean keep = true;
          for (int k : kept) {
            if (suppresses(b, (batch * n + i) * 4, (batch * n + k) * 4, center, iou)) {
              keep = false;
              break;
            }
          }
          if (keep) {
            kept.add(i);
            selected.add(new long[] {batch, c, i});
          }
        }
      }
    }
    long[] out = new long[selected.size() * 3];
    for (int i = 0; i < selected.size(); i++) {
      System.arraycopy(selected.get(i), 0, out, i * 3, 3);
    }
    return List.of(Tensor.ofLongs(new int[] {selected.size(), 3}, out));
  }

  private static Tensor scalar(List<Tensor> inputs, int i) {
    Tensor t = i < inputs.size() ? inputs.get(i) : null;
    return t == null || t.size() == 0 ? null : t;
  }

  /** IoU above the threshold, in float as ONNX Runtime computes it. */
  private static boolean suppresses(float[] b, int p, int q, boolean center, float threshold) {
    float[] one = corners(b, p, center);
    float[] two = corners(b, q, center);
    float ixMin = Math.max(one[0], two[0]);
    float ixMax = Math.min(one[2], two[2]);
    if (ixMax <= ixMin) {
      return false;
    }
    float iyMin = Math.max(one[1], two[1]);
    float iyMax = Math.min(one[3], two[3]);
    if (iyMax <= iyMin) {
      return false;
    }
    float inter = (ixMax - ixMin) * (iyMax - iyMin);
    if (inter <= 0f) {
      return false;
    }
    float area1 = (one[2] - one[0]) * (one[3] - one[1]);
    float area2 = (two[2] - two[0]) * (two[3] - two[1]);
    float union = area1 + area2 - inter;
    if (area1 <= 0f || area2 <= 0f || union <= 0f) {
      return false;
    }
    return inter / union > threshold;
  }

  /** x min, y min, x max, y max of a box given as [y1, x1, y2, x2] or [x center, y center, w, h]. */
  private static float[] corners(float[] b, int at, boolean center) {
    if (center) {
      float hw = b[at + 2] / 2;
      float hh = b[at + 3] / 2;
      return new float[] {b[at] - hw, b[at + 1] - hh, b[at] + hw, b[at + 1] + hh};
    }
    return new float[] {Math.min(b[at + 1], b[at + 3]), Math.min(b[at], b[at + 2]), Math.max(b[at + 1], b[at + 3]),
        Math.max(b[at], b[at + 2])};
  }
}
