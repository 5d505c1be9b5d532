/**
 * The public Java API of cnnx: {@link cnnx.api.Cnnx#load} → {@link cnnx.api.Model} (inputs, outputs, ops, MACs)
 * → {@link cnnx.api.Model#compile} → immutable {@link cnnx.api.CompiledModel} (plan, save) →
 * {@link cnnx.api.CompiledModel#newSession()} → {@link cnnx.api.Session} ({@code run}, {@code runAsync}).
 *
 * <p>Images: {@link cnnx.api.Images#read} decodes a PNG or JPEG, {@link cnnx.api.Preprocessing} says how it becomes
 * an input (torchvision's resize, center crop, scaling and normalisation; {@link cnnx.api.Images#preprocessingFor}
 * derives it from a model's input shape), {@link cnnx.api.Tensor#fromImages} makes the batch. Long steps report
 * through a {@link cnnx.api.ProgressListener} ({@link cnnx.api.CompiledModel#newSession(ProgressListener)}: kernel
 * builds). {@link cnnx.api.Result#provenance()} says where a result came from ({@link cnnx.api.Provenance}: the
 * device that ran it, each kernel launch and its source hash, whether it was verified, any fallback).
 *
 * <p>Start-up: {@link cnnx.api.PlanCache} keeps compiled plans keyed by the model file, the inputs' shapes, the
 * device and cnnx's build, so that a later run loads its plan instead of parsing and compiling;
 * {@link cnnx.api.Cnnx#discoverDevicesInBackground()} opens the drivers while the model loads.
 *
 * <p>Every failure is a {@link cnnx.api.CnnxException} whose {@link cnnx.api.CnnxException.Kind} says what
 * went wrong (invalid input, unsupported model, device error). Devices come from
 * {@link cnnx.host.device.DeviceProvider}s found through {@link java.util.ServiceLoader}; targets from live
 * devices or presets ({@link cnnx.api.Cnnx#targets()}).
 *
 * <p>Thread safety: {@code Model} and {@code CompiledModel} are immutable and may be shared freely. A
 * {@code Session} is safe for concurrent {@code run} calls from many threads (runs on one device are
 * serialised on its queue; the reference device runs them in parallel); {@code close} waits for a run in
 * flight and fails later runs with a device error.
 */
package cnnx.api;
