package cnnx.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A program rewritten as a task stage: its kernel becomes a static function reading global ids from
 * {@code cnnx_id}, file-scope names are renamed for the length of its text and its macros undefined after it; a
 * program whose meaning could depend on work-groups, or whose file scope the scanner does not understand, is
 * refused.
 */
class TaskStageTest {
  private static final String PROGRAM = """
      #define VW 4
      /* a comment with a 'quote' and __kernel in it */
      __attribute__((always_inline)) inline float twice(float v) { return 2.0f * v; }
      float helper(float v);
      float helper(float v) { return twice(v) + VW; }
      __kernel void k_0123456789(const __global float* restrict x, __global float* restrict y, const int n) {
        const size_t i = get_global_id(0) + get_global_size(0) * get_global_id(1);
        if (i >= n) return;
        y[i] = helper(x[i]); // "get_local_id" in a comment is not a use
      }
      """;

  @Test
  void theKernelBecomesAStaticFunctionAndEveryFileScopeNameIsRenamedForItsTextOnly() {
    TaskStage s = TaskStage.of(PROGRAM, "k_0123456789", "cnnx_t0_").orElseThrow();
    assertEquals("cnnx_t0_k_0123456789", s.function);
    assertTrue(s.text.contains("static void k_0123456789(const size_t* cnnx_id, const __global float*"), s.text);
    assertTrue(s.text.contains("static __attribute__((always_inline)) inline float twice"), s.text);
    assertTrue(s.text.contains("static float helper(float v);"), s.text);
    for (String name : new String[] {"twice", "helper", "k_0123456789"}) {
      assertTrue(s.text.contains("#define " + name + " cnnx_t0_" + name + "\n"), name);
      assertTrue(s.text.contains("#undef " + name + "\n"), name);
    }
    assertTrue(s.text.contains("#undef VW\n"), "the program's own macros end with it");
    assertTrue(s.text.contains("#define get_global_id(d) (cnnx_id[(d)])"));
    assertTrue(s.text.indexOf("#undef get_global_id") > s.text.indexOf("y[i] = helper"));
  }

  @Test
  void twoProgramsFromOneTemplateGetTheirOwnNames() {
    String a = TaskStage.of(PROGRAM, "k_0123456789", "cnnx_t0_").orElseThrow().text;
    String b = TaskStage.of(PROGRAM.replace("VW 4", "VW 8"), "k_0123456789", "cnnx_t1_").orElseThrow().text;
    assertTrue(a.contains("#define helper cnnx_t0_helper") && b.contains("#define helper cnnx_t1_helper"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    // work-group-dependent: local memory, barriers, local ids
    "__kernel void k(__global float* y) { __local float t[4]; t[0] = 1; barrier(CLK_LOCAL_MEM_FENCE); y[0] = t[0]; }",
    "__kernel void k(__global float* y) { y[get_local_id(0)] = 1.0f; }",
    "__kernel void k(__global float* y) { y[get_group_id(0)] = 1.0f; }",
    // only kernel functions may declare __constant tables or take __constant parameters
    "__kernel void k(__global float* y) { __constant float t[2] = {1, 2}; y[get_global_id(0)] = t[0]; }",
    "__kernel void k(__constant float* t, __global float* y) { y[get_global_id(0)] = t[0]; }",
    // a helper reading global ids has no cnnx_id
    "int at() { return get_global_id(0); }\n__kernel void k(__global float* y) { y[at()] = 1.0f; }",
    "#define AT get_global_id(0)\n__kernel void k(__global float* y) { y[AT] = 1.0f; }",
    // two kernels, another kernel's name, attributes on the kernel
    "__kernel void k(__global float* y) { y[0] = 1; }\n__kernel void j(__global float* y) { y[1] = 1; }",
    "__kernel void other(__global float* y) { y[get_global_id(0)] = 1.0f; }",
    "__kernel __attribute__((vec_type_hint(float4))) void k(__global float* y) { y[0] = 1; }",
    // file scope the scanner does not model
    "typedef struct { float a; } pair;\n__kernel void k(__global float* y) { y[0] = 1; }",
    "DECLARE(float)\n__kernel void k(__global float* y) { y[0] = 1; }",
    "__kernel void k(__global float* y) { y[0] = 1; ",
    // a file-scope name that is also a macro
    "#define k kk\nfloat k2(float v) { return v; }\n__kernel void k(__global float* y) { y[0] = 1; }",
  })
  void programsThatCouldChangeMeaningAreRefused(String program) {
    Optional<TaskStage> s = TaskStage.of(program, "k", "p_");
    assertFalse(s.isPresent(), program);
  }

  @Test
  void fileScopeConstantTablesAndPragmasAreKept() {
    String program = """
        #pragma OPENCL EXTENSION cl_khr_fp64 : enable
        __constant float taps[3] = {0.25f, 0.5f, 0.25f};
        __kernel void k(const __global float* x, __global float* y) {
          const size_t i = get_global_id(0);
        #pragma unroll
          for (int t = 0; t < 3; t++) { y[i] += taps[t] * x[i + t]; }
        }
        """;
    TaskStage s = TaskStage.of(program, "k", "p_").orElseThrow();
    assertTrue(s.text.contains("#define taps p_taps"), s.text);
    assertTrue(s.text.contains("__constant float taps[3]"), s.text);
  }
}
