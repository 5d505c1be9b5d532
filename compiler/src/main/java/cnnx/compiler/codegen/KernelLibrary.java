package cnnx.compiler.codegen;

import cnnx.compiler.codegen.elementwise.ElementwiseKernels;
import cnnx.compiler.codegen.spatial.SpatialKernels;
import cnnx.compiler.codegen.tensor.TensorKernels;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which ops have kernels, and how each is lowered: an element emitter, a template lowering, or
 * an alias (ops that only reinterpret a buffer: Reshape, Flatten, Squeeze, Unsqueeze, Identity).
 * An op with none of these cannot be compiled: codegen refuses the model rather than running the
 * op anywhere else.
 */
public final class KernelLibrary implements cnnx.compiler.pass.FusionPolicy {
  private static final Map<Winograd, KernelLibrary> BY_WINOGRAD = new java.util.concurrent.ConcurrentHashMap<>();

  private final Map<String, ElementEmitter> emitters;
  private final Map<String, Lowering> lowerings;
  private final Set<String> aliases;
  private final Map<String, String> refusals;

  private KernelLibrary(Builder b) {
    this.emitters = Collections.unmodifiableMap(new HashMap<>(b.emitters));
    this.lowerings = Collections.unmodifiableMap(new HashMap<>(b.lowerings));
    this.aliases = Set.copyOf(b.aliases);
    this.refusals = Map.copyOf(b.refusals);
  }

  /**
   * The standard kernels, with the Winograd mode {@link Winograd#fromProperty()} names (an unknown mode is refused
   * as invalid input, saying which values it takes).
   */
  public static KernelLibrary standard() {
    return standard(Winograd.fromProperty());
  }

  /** The standard kernels with Winograd convs {@code off}, where they gain ({@code auto}), or {@code always}. */
  public static KernelLibrary standard(Winograd winograd) {
    return BY_WINOGRAD.computeIfAbsent(winograd, KernelLibrary::buildStandard);
  }

  public Optional<ElementEmitter> emitter(String opType) {
    return Optional.ofNullable(emitters.get(opType));
  }

  public Optional<Lowering> lowering(String opType) {
    return Optional.ofNullable(lowerings.get(opType));
  }

  /** Why an op has no kernel, for ops refused on purpose (their output shape depends on data). */
  public Optional<String> refusal(String opType) {
    return Optional.ofNullable(refusals.get(opType));
  }

  /** The ops refused on purpose, with the reasons. */
  public Map<String, String> refusals() {
    return refusals;
  }

  public boolean isAlias(String opType) {
    return aliases.contains(opType);
  }

  public boolean supports(String opType) {
    return emitters.containsKey(opType) || lowerings.containsKey(opType) || aliases.contains(opType);
  }

  @Override
  public boolean hasElementKernel(String opType) {
    return emitters.containsKey(opType);
  }

  @Override
  public boolean canFusePool(cnnx.compiler.ir.Node head, cnnx.compiler.ir.Node pool, cnnx.compiler.ir.Graph graph) {
    Lowering l = lowerings.get(head.opType());
    return l != null && l.canFusePool(head, pool, graph);
  }

  @Override
  public String poolNote(cnnx.compiler.ir.Node head, cnnx.compiler.ir.Node pool, cnnx.compiler.ir.Graph graph) {
    Lowering l = lowerings.get(head.opType());
    return l == null ? "" : l.poolNote(head, pool, graph);
  }

  /**
   * The fusion policy for one target: this library's, except that a pool its kernels could take stays a launch of
   * its own where, on this target, the conv runs faster without it ({@link Lowering#poolBetterApartOn}).
   */
  public cnnx.compiler.pass.FusionPolicy on(cnnx.boards.Target target) {
    KernelLibrary library = this;
    return new cnnx.compiler.pass.FusionPolicy() {
      @Override
      public boolean hasElementKernel(String opType) {
        return library.hasElementKernel(opType);
      }

      @Override
      public boolean canFusePool(cnnx.compiler.ir.Node head, cnnx.compiler.ir.Node pool, cnnx.compiler.ir.Graph graph) {
        return library.canFusePool(head, pool, graph) && apart(head, pool, graph) == null;
      }

      @Override
      public String poolNote(cnnx.compiler.ir.Node head, cnnx.compiler.ir.Node pool, cnnx.compiler.ir.Graph graph) {
        String why = library.canFusePool(head, pool, graph) ? apart(head, pool, graph) : null;
        return why != null ? why : library.poolNote(head, pool, graph);
      }

      @Override
      public boolean canJoinContraction(cnnx.compiler.ir.Node head, java.util.List<cnnx.compiler.ir.Node> steps,
          cnnx.compiler.ir.Node next, cnnx.compiler.ir.Graph graph) {
        return library.canJoinContraction(head, steps, next, graph);
      }

      private String apart(cnnx.compiler.ir.Node head, cnnx.compiler.ir.Node pool, cnnx.compiler.ir.Graph graph) {
        Lowering l = lowerings.get(head.opType());
        return l == null ? null : l.poolBetterApartOn(target, head, pool, graph);
      }
    };
  }

  @Override
  public boolean canJoinContraction(cnnx.compiler.ir.Node head, java.util.List<cnnx.compiler.ir.Node> steps,
      cnnx.compiler.ir.Node next, cnnx.compiler.ir.Graph graph) {
    return lowerings.containsKey("Conv") && cnnx.compiler.codegen.spatial.SeparableConv.canJoin(graph, head, steps, next);
  }

  /** Collects kernels; each op may be registered once. */
  public static final class Builder {
    private final Map<String, ElementEmitter> emitters = new HashMap<>();
    private final Map<String, Lowering> lowerings = new HashMap<>();
    private final Set<String> aliases = new HashSet<>();
    private final Map<String, String> refusals = new HashMap<>();

    /** Records that an op has no kernel on purpose, and why (named in the unsupported-model error). */
    public Builder refuse(String opType, String reason) {
      claim(opType);
      refusals.put(opType, reason);
      return this;
    }

    public Builder emitter(String opType, ElementEmitter e) {
      claim(opType);
      emitters.put(opType, e);
      return this;
    }

    public Builder lowering(String opType, Lowering l) {
      claim(opType);
      lowerings.put(opType, l);
      return this;
    }

    public Builder alias(String opType) {
      claim(opType);
      aliases.add(opType);
      return this;
    }

    private void claim(String opType) {
      if (emitters.containsKey(opType) || lowerings.containsKey(opType) || aliases.contains(opType)
          || refusals.containsKey(opType)) {
        throw new IllegalStateException("kernel registered twice for " + opType);
      }
    }

    public KernelLibrary build() {
      return new KernelLibrary(this);
    }
  }

  private static KernelLibrary buildStandard(Winograd winograd) {
    Builder b = new Builder();
    for (String op : new String[] {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity"}) {
      b.alias(op);
    }
    ElementwiseKernels.register(b);
    TensorKernels.register(b);
    SpatialKernels.register(b, winograd);
    DataDependentOps.register(b);
    cnnx.compiler.codegen.quant.QuantKernels.register(b);
    return b.build();
  }
}
