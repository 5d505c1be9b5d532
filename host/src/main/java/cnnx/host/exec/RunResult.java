package cnnx.host.exec;

import cnnx.compiler.ir.Tensor;
import java.util.Map;

/** Outputs by name, in graph order, and where they came from. */
public record RunResult(Map<String, Tensor> outputs, Provenance provenance) {}
