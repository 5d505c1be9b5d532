package cnnx.host.schedule;

import cnnx.compiler.schedule.DeviceModel;
import cnnx.host.device.Device;
import java.util.Optional;

/** A device named for placement: its model, and the live device behind it when it is on this machine. */
public record PlacedDevice(DeviceModel model, Optional<Device> device) {}
