/**
 * The host side of placement: models of named devices (live ones calibrated and their kernel families' efficiency
 * measured once and cached, presets from their figures, FPGA boards through the conv-engine model), per-launch
 * profiling, the {@link cnnx.host.schedule.Planner} that compiles once and places, and per-device kernel tuning
 * ({@link cnnx.host.schedule.Tuner} measures layers' kernel variants, {@link cnnx.host.schedule.TuningStore} keeps
 * the fastest and applies them to every later compile for the device). Devices are reached through
 * the device SPI only.
 */
package cnnx.host.schedule;
