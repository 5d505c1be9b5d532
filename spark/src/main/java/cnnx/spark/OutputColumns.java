package cnnx.spark;

import cnnx.api.CnnxException;
import cnnx.api.Provenance;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns scoring adds after the input's own: the predictions ({@code prediction}, {@code score},
 * {@code top_indices}, {@code top_scores}, and with labels {@code label}, {@code top_labels}; or {@code output},
 * the raw output tensor) and the provenance ({@code cnnx_host}, {@code cnnx_device}, {@code cnnx_kernel_hash},
 * {@code cnnx_verified}, {@code cnnx_fallback}, {@code cnnx_model_hash}).
 */
final class OutputColumns {
  static final String PREDICTION = "prediction";
  static final String SCORE = "score";
  static final String TOP_INDICES = "top_indices";
  static final String TOP_SCORES = "top_scores";
  static final String LABEL = "label";
  static final String TOP_LABELS = "top_labels";
  static final String OUTPUT = "output";
  static final String HOST = "cnnx_host";
  static final String DEVICE = "cnnx_device";
  static final String KERNEL_HASH = "cnnx_kernel_hash";
  static final String VERIFIED = "cnnx_verified";
  static final String FALLBACK = "cnnx_fallback";
  static final String MODEL_HASH = "cnnx_model_hash";

  private OutputColumns() {}

  /** The input's schema followed by the added columns; a clash with an input column is refused. */
  static StructType schema(StructType input, ScoreOptions options) {
    List<StructField> added = new ArrayList<>();
    if (options.topK() == 0) {
      added.add(field(OUTPUT, DataTypes.createArrayType(DataTypes.FloatType, false), false));
    } else {
      added.add(field(PREDICTION, DataTypes.IntegerType, false));
      added.add(field(SCORE, DataTypes.FloatType, false));
      added.add(field(TOP_INDICES, DataTypes.createArrayType(DataTypes.IntegerType, false), false));
      added.add(field(TOP_SCORES, DataTypes.createArrayType(DataTypes.FloatType, false), false));
      if (!options.labels().isEmpty()) {
        added.add(field(LABEL, DataTypes.StringType, true));
        added.add(field(TOP_LABELS, DataTypes.createArrayType(DataTypes.StringType, true), false));
      }
    }
    added.add(field(HOST, DataTypes.StringType, false));
    added.add(field(DEVICE, DataTypes.StringType, false));
    added.add(field(KERNEL_HASH, DataTypes.StringType, true));
    added.add(field(VERIFIED, DataTypes.BooleanType, false));
    added.add(field(FALLBACK, DataTypes.StringType, true));
    added.add(field(MODEL_HASH, DataTypes.StringType, false));
    List<String> existing = List.of(input.fieldNames());
    StructType out = input;
    for (StructField f : added) {
      if (existing.contains(f.name())) {
        throw new CnnxException(CnnxException.Kind.INVALID, "the input already has a column '" + f.name()
            + "', which scoring adds: rename or drop it first");
      }
      out = out.add(f);
    }
    return out;
  }

  /**
   * The provenance values, in the order of {@link #schema}, of a run on this executor: the API's record of it, and
   * why the executor's own fallback device serves, if it does (else the API's fallback reason, if any).
   */
  static List<Object> provenance(Provenance p, String executorFallback, String modelHash) {
    List<Object> v = new ArrayList<>(6);
    v.add(Hosts.name());
    v.add(p.deviceId());
    v.add(p.kernelHash());
    v.add(p.verified());
    v.add(executorFallback != null ? executorFallback : p.fallbackFrom());
    v.add(modelHash);
    return v;
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }
}
