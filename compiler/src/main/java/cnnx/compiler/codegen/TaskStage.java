package cnnx.compiler.codegen;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kernel's program rewritten as a function that a single-work-item task kernel calls once per work-item of the
 * kernel's NDRange ({@link TaskSequences}). The kernel becomes {@code static void NAME(const size_t* cnnx_id, ...)},
 * with {@code get_global_id(d)} and {@code get_global_size(d)} read from {@code cnnx_id} (ids, then sizes); its
 * helper functions become {@code static}. Every name the program defines at file scope is renamed by a macro
 * for the length of its text, and every macro it defines is undefined after it, so programs built from the same
 * template share one source without clashing.
 *
 * <p>Only programs whose meaning cannot depend on how work-items are grouped qualify: no local memory, barriers,
 * fences, work-group or sub-group functions or ids, no kernel attributes, no {@code __constant} parameters or
 * tables inside the kernel (only kernel functions may declare those), one kernel, global ids read only in its
 * body. Anything the scanner does not understand at file scope disqualifies the program rather than risking a
 * source that does not build.
 */
final class TaskStage {
  private static final Pattern FORBIDDEN = Pattern.compile("\\b(get_local_id|get_local_size|get_group_id"
      + "|get_num_groups|get_enqueued_local_size|get_global_offset|get_global_linear_id|get_local_linear_id"
      + "|get_work_dim|barrier|work_group_barrier|mem_fence|read_mem_fence|write_mem_fence|__local|local"
      + "|reqd_work_group_size|work_group_size_hint|vec_type_hint|printf|enqueue_kernel|image1d_t|image2d_t"
      + "|image3d_t|sampler_t|work_group_\\w+|sub_group_\\w+|get_sub_group_\\w+|get_max_sub_group_size"
      + "|get_num_sub_groups)\\b");
  private static final Pattern GLOBAL_IDS = Pattern.compile("\\b(get_global_id|get_global_size)\\b");
  private static final Pattern CONSTANT = Pattern.compile("\\b(__constant|constant)\\b");
  private static final Pattern DEFINE = Pattern.compile("(?m)^[ \\t]*#[ \\t]*define[ \\t]+([A-Za-z_]\\w*)");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_]\\w*");

  /** The rewritten program text, to be placed in the task kernel's source before the task kernel itself. */
  final String text;
  /** The name the stage function is called by, outside the program's text. */
  final String function;

  private TaskStage(String text, String function) {
    this.text = text;
    this.function = function;
  }

  /**
   * The program rewritten as a stage function under {@code prefix} (unique per program in one task source), or
   * empty when the program does not qualify.
   */
  static Optional<TaskStage> of(String source, String kernelName, String prefix) {
    String code = blankCommentsAndStrings(source);
    if (FORBIDDEN.matcher(code).find()) {
      return Optional.empty();
    }
    Set<String> macros = new LinkedHashSet<>();
    Matcher d = DEFINE.matcher(code);
    while (d.find()) {
      macros.add(d.group(1));
    }
    String scan = blankPreprocessorLines(code);
    if (hasGlobalIdInDirectives(code, scan)) {
      return Optional.empty();
    }
    List<Decl> decls = declarations(scan);
    if (decls == null) {
      return Optional.empty();
    }
    Decl kernel = null;
    Set<String> names = new LinkedHashSet<>();
    for (Decl decl : decls) {
      if (decl.kernel) {
        if (kernel != null || !decl.name.equals(kernelName)) {
          return Optional.empty();
        }
        kernel = decl;
      }
      names.add(decl.name);
    }
    if (kernel == null || kernel.attributed || names.stream().anyMatch(macros::contains)) {
      return Optional.empty();
    }
    String params = scan.substring(kernel.paramsOpen + 1, kernel.paramsClose);
    String body = scan.substring(kernel.bodyOpen, kernel.bodyClose + 1);
    if (CONSTANT.matcher(params).find() || CONSTANT.matcher(body).find() || params.isBlank()
        || params.strip().equals("void")) {
      return Optional.empty();
    }
    for (Decl decl : decls) {
      if (decl != kernel && decl.bodyOpen >= 0 && GLOBAL_IDS.matcher(
          scan.substring(decl.bodyOpen, decl.bodyClose + 1)).find()) {
        return Optional.empty(); // a helper reads global ids: it has no cnnx_id to read them from
      }
    }
    StringBuilder out = new StringBuilder(source);
    // edits from the end, so earlier positions stay valid
    List<Decl> reversed = new ArrayList<>(decls);
    java.util.Collections.reverse(reversed);
    for (Decl decl : reversed) {
      if (decl == kernel) {
        out.insert(decl.paramsOpen + 1, "const size_t* cnnx_id, ");
        out.replace(decl.kernelToken, decl.kernelToken + decl.kernelTokenLength, "static");
      } else if (decl.function && !decl.isStatic) {
        out.insert(decl.start, "static ");
      }
    }
    StringBuilder text = new StringBuilder();
    for (String n : names) {
      text.append("#define ").append(n).append(' ').append(prefix).append(n).append('\n');
    }
    text.append("#define get_global_id(d) (cnnx_id[(d)])\n#define get_global_size(d) (cnnx_id[3 + (d)])\n");
    text.append(out);
    if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
      text.append('\n');
    }
    text.append("#undef get_global_id\n#undef get_global_size\n");
    for (String m : macros) {
      text.append("#undef ").append(m).append('\n');
    }
    for (String n : names) {
      text.append("#undef ").append(n).append('\n');
    }
    return Optional.of(new TaskStage(text.toString(), prefix + kernelName));
  }

  /** Whether a preprocessor directive mentions global ids (a macro could carry them into a helper). */
  private static boolean hasGlobalIdInDirectives(String code, String scan) {
    for (int i = 0; i < code.length(); i++) {
      if (code.charAt(i) != scan.charAt(i) && code.startsWith("get_global_", i)) {
        return true;
      }
    }
    return false;
  }

  /** A file-scope declaration or definition. */
  private static final class Decl {
    String name;
    int start;
    boolean function;
    boolean kernel;
    boolean attributed;
    boolean isStatic;
    int kernelToken = -1;
    int kernelTokenLength;
    int paramsOpen = -1;
    int paramsClose = -1;
    int bodyOpen = -1;
    int bodyClose = -1;
  }

  /**
   * The file-scope declarations of preprocessed-away text (directives blanked): functions (with their parameter
   * and body ranges) and variables. Null where the text holds anything else (struct or enum definitions, macro
   * invocations at file scope, unbalanced brackets).
   */
  private static List<Decl> declarations(String s) {
    List<Decl> decls = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (true) {
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return decls;
      }
      if (s.charAt(i) == ';') {
        i++;
        continue;
      }
      Decl decl = new Decl();
      decl.start = i;
      String lastIdent = null;
      boolean initializer = false;
      boolean done = false;
      while (!done) {
        if (i >= n) {
          return null;
        }
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (Character.isLetter(c) || c == '_') {
          Matcher m = IDENT.matcher(s).region(i, n);
          m.lookingAt();
          String word = m.group();
          int at = i;
          i = m.end();
          switch (word) {
            case "__attribute__" -> {
              int close = matching(s, skipSpace(s, i), '(', ')');
              if (close < 0) {
                return null;
              }
              decl.attributed = true;
              i = close + 1;
              continue;
            }
            case "__kernel", "kernel" -> {
              decl.kernel = true;
              decl.kernelToken = at;
              decl.kernelTokenLength = word.length();
            }
            case "static" -> decl.isStatic = true;
            case "struct", "union", "enum", "typedef" -> {
              return null;
            }
            default -> { }
          }
          lastIdent = word;
        } else if (c == '(') {
          int close = matching(s, i, '(', ')');
          if (close < 0) {
            return null;
          }
          if (decl.name == null && !initializer) {
            if (lastIdent == null) {
              return null;
            }
            decl.name = lastIdent;
            decl.function = true;
            decl.paramsOpen = i;
            decl.paramsClose = close;
          }
          i = close + 1;
        } else if (c == '{') {
          int close = matching(s, i, '{', '}');
          if (close < 0) {
            return null;
          }
          if (!initializer) {
            if (!decl.function || decl.paramsClose < 0 || !s.substring(decl.paramsClose + 1, i).isBlank()) {
              return null; // a body after anything but a parameter list
            }
            decl.bodyOpen = i;
            decl.bodyClose = close;
            i = close + 1;
            done = true;
          } else {
            i = close + 1;
          }
        } else if (c == '=') {
          if (decl.name == null) {
            decl.name = lastIdent;
          }
          initializer = true;
          i++;
        } else if (c == '[') {
          if (decl.name == null && !initializer) {
            decl.name = lastIdent;
          }
          int close = matching(s, i, '[', ']');
          if (close < 0) {
            return null;
          }
          i = close + 1;
        } else if (c == ';') {
          if (decl.name == null) {
            decl.name = lastIdent;
          }
          i++;
          done = true;
        } else if (c == ')' || c == '}' || c == ']') {
          return null;
        } else {
          i++;
        }
      }
      if (decl.name == null) {
        return null;
      }
      if (decl.function && decl.bodyOpen < 0 && decl.kernel) {
        return null; // a kernel prototype
      }
      decls.add(decl);
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The index of the bracket closing the one at {@code open}, or -1. */
  private static int matching(String s, int open, char o, char c) {
    if (open >= s.length() || s.charAt(open) != o) {
      return -1;
    }
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == o) {
        depth++;
      } else if (ch == c && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** Comments and string or character literals as spaces (newlines kept), so positions stay those of the source. */
  static String blankCommentsAndStrings(String s) {
    StringBuilder b = new StringBuilder(s);
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        blank(b, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
        int end = s.indexOf('\n', i);
        end = end < 0 ? n : end;
        blank(b, i, end);
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        int end = Math.min(n, j + 1);
        blank(b, i, end);
        i = end;
      } else {
        i++;
      }
    }
    return b.toString();
  }

  /** Preprocessor directives (with their continuation lines) as spaces. */
  static String blankPreprocessorLines(String s) {
    StringBuilder b = new StringBuilder(s);
    int n = s.length();
    int lineStart = 0;
    boolean continued = false;
    while (lineStart < n) {
      int end = s.indexOf('\n', lineStart);
      end = end < 0 ? n : end;
      String line = s.substring(lineStart, end);
      boolean directive = continued || line.stripLeading().startsWith("#");
      if (directive) {
        blank(b, lineStart, end);
      }
      continued = directive && line.stripTrailing().endsWith("\\");
      lineStart = end + 1;
    }
    return b.toString();
  }

  private static void blank(StringBuilder b, int from, int to) {
    for (int k = from; k < to; k++) {
      if (b.charAt(k) != '\n') {
        b.setCharAt(k, ' ');
      }
    }
  }
}
