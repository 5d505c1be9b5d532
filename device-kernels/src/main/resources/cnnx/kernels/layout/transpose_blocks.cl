/*
 * A Transpose whose last axes stay in place (a channel shuffle: [N, G, C/G, H, W] to [N, C/G, G, H, W]) moves
 * whole contiguous runs of L floats. One work-item copies one run, as float16 vectors and a scalar tail: the
 * element kernel turned every element's flat index into coordinates, five 64-bit divisions an element.
 * The outer axes come as arguments so that every such transpose shares this program: output outer axis k has
 * D_k positions and advances the input by S_k runs; unused axes have D 1 and S 0.
 *
 * NDRange: (runs).
 */
#define OUTER_AXIS(k) \
  { \
    const long c = rem % D##k; \
    rem /= D##k; \
    src += c * S##k; \
  }

__kernel void KERNEL_NAME(const __global float* restrict x, __global float* restrict y, const long L,
    const long D0, const long D1, const long D2, const long D3, const long D4, const long D5, const long S0,
    const long S1, const long S2, const long S3, const long S4, const long S5) {
  const long run = get_global_id(0);
  long rem = run;
  long src = 0;
  OUTER_AXIS(5)
  OUTER_AXIS(4)
  OUTER_AXIS(3)
  OUTER_AXIS(2)
  OUTER_AXIS(1)
  OUTER_AXIS(0)
  const __global float* from = x + src * L;
  __global float* to = y + run * L;
  long i = 0;
  for (; i + 16 <= L; i += 16) {
    vstore16(vload16(0, from + i), 0, to + i);
  }
  for (; i < L; i++) {
    to[i] = from[i];
  }
}
