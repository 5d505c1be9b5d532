/**
 * Heterogeneous scheduling: what each launch of a plan does ({@link cnnx.compiler.schedule.LaunchWork}), how long
 * it takes on a device ({@link cnnx.compiler.schedule.DeviceModel}: a calibrated roofline for CPUs and GPUs, a
 * conv-engine model for FPGA boards), and where it runs: HEFT list scheduling for one run's latency
 * ({@link cnnx.compiler.schedule.Placement}) or balanced pipeline stages for a stream
 * ({@link cnnx.compiler.schedule.Pipeline}). Depends on boards and the plan format; never on a device.
 */
package cnnx.compiler.schedule;
