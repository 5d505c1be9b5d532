package cnnx.api;

import cnnx.boards.Target;

/** A compile target as listings show it: its id and one line of its figures. */
public record TargetInfo(String id, String kind, String summary) {
  static TargetInfo of(Target t) {
    return new TargetInfo(t.id(), t.kind().name(), t.summary());
  }
}
