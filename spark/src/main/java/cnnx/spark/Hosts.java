package cnnx.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The executor's host name, for the provenance columns and messages. */
final class Hosts {
  private static final String NAME = lookUp();

  private Hosts() {}

  static String name() {
    return NAME;
  }

  private static String lookUp() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env != null ? env : "unknown-host";
    }
  }
}
