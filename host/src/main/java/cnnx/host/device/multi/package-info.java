/**
 * Devices made of other devices: {@code pipeline:A+B} (stages balanced by the performance model for a stream)
 * and {@code auto} (launches placed for one run's latency). A model is cut into stage graphs, each prepared and
 * loaded by its member's own provider; values between stages move through the host. Members are reached only
 * through the {@link cnnx.host.device.DeviceRegistry}: nothing here names a provider.
 */
package cnnx.host.device.multi;
