package cnnx.compiler.codegen;

import cnnx.compiler.ir.Node;

/**
 * One step of an element chain: a node, which of its outputs, and its emitter. In a chain, each
 * step after the first reads the previous step's output as its fused operand.
 */
public record ChainStep(Node node, int output, ElementEmitter emitter) {}
