package cnnx.host.cl;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_NOT_FOUND;
import static org.jocl.CL.CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_VENDOR;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_DRIVER_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_PLATFORM_VERSION;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetPlatformIDs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jocl.CLException;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Finds every OpenCL platform and device on this machine. */
public final class OpenClPlatforms {
  // Returned by the ICD loader when no vendor driver is installed.
  private static final int CL_PLATFORM_NOT_FOUND_KHR = -1001;

  private OpenClPlatforms() {}

  /**
   * Lists all devices of all platforms. Never throws: a missing native library, a missing ICD or a
   * failing platform becomes a problem in the result, and the other platforms are still listed.
   */
  public static Discovery discover() {
    List<DeviceInfo> devices = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try {
      cl_platform_id[] platforms = platforms();
      if (platforms.length == 0) {
        problems.add("no OpenCL platform is installed (the ICD loader found no driver)");
      }
      for (int p = 0; p < platforms.length; p++) {
        try {
          cl_device_id[] platformDevices = devices(platforms[p]);
          if (platformDevices.length == 0) {
            problems.add(
                "OpenCL platform "
                    + p
                    + " ("
                    + ClInfo.platformString(platforms[p], CL_PLATFORM_NAME)
                    + ") has no devices");
          }
          for (int d = 0; d < platformDevices.length; d++) {
            devices.add(describe(devices.size(), p, d, platforms[p], platformDevices[d]));
          }
        } catch (DeviceException | CLException e) {
          problems.add("OpenCL platform " + p + " skipped: " + e.getMessage());
        }
      }
    } catch (LinkageError e) {
      // UnsatisfiedLinkError on the first touch, NoClassDefFoundError on later ones.
      problems.add("the OpenCL native library could not be loaded: " + e);
    } catch (DeviceException | CLException e) {
      problems.add("OpenCL platforms could not be listed: " + e.getMessage());
    }
    return new Discovery(devices, problems);
  }

  /** The handles of a device found earlier by {@link #discover()}, checked by name. */
  static Handles locate(DeviceInfo info) {
    cl_platform_id[] platforms = platforms();
    if (info.platformIndex() >= platforms.length) {
      throw new DeviceException("OpenCL device " + info.summary() + " is no longer present");
    }
    cl_platform_id platform = platforms[info.platformIndex()];
    cl_device_id[] devices = devices(platform);
    if (info.deviceIndex() >= devices.length
        || !ClInfo.deviceString(devices[info.deviceIndex()], CL_DEVICE_NAME)
            .equals(info.deviceName())) {
      throw new DeviceException("OpenCL device " + info.summary() + " is no longer present");
    }
    return new Handles(platform, devices[info.deviceIndex()]);
  }

  record Handles(cl_platform_id platform, cl_device_id device) {}

  private static cl_platform_id[] platforms() {
    int[] count = new int[1];
    int code = clGetPlatformIDs(0, null, count);
    if (code == CL_PLATFORM_NOT_FOUND_KHR) {
      return new cl_platform_id[0];
    }
    ClErrors.check(code, "clGetPlatformIDs");
    cl_platform_id[] platforms = new cl_platform_id[count[0]];
    if (platforms.length > 0) {
      ClErrors.check(clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs");
    }
    return platforms;
  }

  private static cl_device_id[] devices(cl_platform_id platform) {
    int[] count = new int[1];
    int code = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, count);
    if (code == CL_DEVICE_NOT_FOUND) {
      return new cl_device_id[0];
    }
    ClErrors.check(code, "clGetDeviceIDs");
    cl_device_id[] devices = new cl_device_id[count[0]];
    ClErrors.check(
        clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, devices.length, devices, null),
        "clGetDeviceIDs");
    return devices;
  }

  private static DeviceInfo describe(
      int index, int platformIndex, int deviceIndex, cl_platform_id platform, cl_device_id device) {
    String extensions = ClInfo.deviceString(device, CL_DEVICE_EXTENSIONS);
    return new DeviceInfo(
        index,
        platformIndex,
        deviceIndex,
        ClInfo.platformString(platform, CL_PLATFORM_NAME),
        ClInfo.platformString(platform, CL_PLATFORM_VERSION),
        ClInfo.deviceString(device, CL_DEVICE_NAME),
        ClInfo.deviceString(device, CL_DEVICE_VENDOR),
        ClInfo.deviceString(device, CL_DRIVER_VERSION),
        ClInfo.deviceString(device, CL_DEVICE_VERSION),
        ClDeviceType.fromBits(ClInfo.deviceUlong(device, CL_DEVICE_TYPE)),
        ClInfo.deviceUint(device, CL_DEVICE_MAX_COMPUTE_UNITS),
        ClInfo.deviceUlong(device, CL_DEVICE_GLOBAL_MEM_SIZE),
        ClInfo.deviceUlong(device, CL_DEVICE_LOCAL_MEM_SIZE),
        ClInfo.deviceUlong(device, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
        ClInfo.deviceSize(device, CL_DEVICE_MAX_WORK_GROUP_SIZE),
        extensions.isBlank() ? List.of() : Arrays.asList(extensions.strip().split("\\s+")),
        ClInfo.deviceUint(device, CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT));
  }
}
