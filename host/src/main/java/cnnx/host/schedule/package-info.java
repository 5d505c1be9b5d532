/**
 * The host side of placement: models of named devices (live ones calibrated and their kernel families' efficiency
 * measured once and cached, presets from their figures, FPGA boards through the conv-engine model), per-launch
 * profiling, and the {@link cnnx.host.schedule.Planner} that compiles once and places. Devices are reached through
 * the device SPI only.
 */
package cnnx.host.schedule;
