package cnnx.host.cl;

import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Typed reads of {@code clGetPlatformInfo} / {@code clGetDeviceInfo}. */
final class ClInfo {
  private ClInfo() {}

  static String platformString(cl_platform_id platform, int param) {
    long[] size = new long[1];
    ClErrors.check(clGetPlatformInfo(platform, param, 0, null, size), "clGetPlatformInfo");
    byte[] bytes = new byte[(int) size[0]];
    ClErrors.check(
        clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null),
        "clGetPlatformInfo");
    return cString(bytes);
  }

  static String deviceString(cl_device_id device, int param) {
    long[] size = new long[1];
    ClErrors.check(clGetDeviceInfo(device, param, 0, null, size), "clGetDeviceInfo");
    byte[] bytes = new byte[(int) size[0]];
    ClErrors.check(
        clGetDeviceInfo(device, param, bytes.length, Pointer.to(bytes), null), "clGetDeviceInfo");
    return cString(bytes);
  }

  /** A cl_uint / cl_bool device property. */
  static int deviceUint(cl_device_id device, int param) {
    int[] value = new int[1];
    ClErrors.check(
        clGetDeviceInfo(device, param, Sizeof.cl_uint, Pointer.to(value), null), "clGetDeviceInfo");
    return value[0];
  }

  /** A cl_ulong (or cl_bitfield) device property. */
  static long deviceUlong(cl_device_id device, int param) {
    long[] value = new long[1];
    ClErrors.check(
        clGetDeviceInfo(device, param, Sizeof.cl_ulong, Pointer.to(value), null),
        "clGetDeviceInfo");
    return value[0];
  }

  /** A size_t device property, whatever the native width of size_t. */
  static long deviceSize(cl_device_id device, int param) {
    ByteBuffer buffer = ByteBuffer.allocate(Sizeof.size_t).order(ByteOrder.nativeOrder());
    ClErrors.check(
        clGetDeviceInfo(device, param, Sizeof.size_t, Pointer.to(buffer), null), "clGetDeviceInfo");
    return readSize(buffer);
  }

  static long readSize(ByteBuffer buffer) {
    return Sizeof.size_t == 8 ? buffer.getLong(0) : Integer.toUnsignedLong(buffer.getInt(0));
  }

  /** Decodes a NUL-terminated string as returned by the info queries. */
  static String cString(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8).strip();
  }
}
