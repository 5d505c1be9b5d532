/*
 * Resize of the last two axes of an NCHW tensor from per-axis tap tables: output row oy reads input rows
 * yi[t * OH + oy] with weights yw[t * OH + oy] (t < TY), output column ox input columns xi[t * OW + ox] with
 * weights xw[t * OW + ox] (t < TX). Tables are tap-major, so VW consecutive outputs read each table as one vector.
 * Set by the compiler besides common.cl's VW: TY, TX (1 for nearest, 2 linear, 4 cubic, more with antialias) and
 * NEAREST (one tap per axis, copied without weights).
 *
 * Each output sums (wy * wx) * x over the row taps, then the column taps, as the element kernel and the reference
 * do; a zero weight contributes nothing, not even 0 * inf.
 *
 * NDRange: (1, OH, N * C): a work-item walks its whole output row in blocks of VW.
 */
__kernel void KERNEL_NAME(const __global float* restrict x, const __global long* restrict yi,
    const __global float* restrict yw, const __global long* restrict xi, const __global float* restrict xw,
    __global float* restrict y, const int IH, const int IW, const int OH, const int OW) {
  const int oy = get_global_id(1);
  const long nc = get_global_id(2);
  const __global float* xc = x + nc * IH * IW;
  __global float* yr = y + (nc * OH + oy) * OW;
  int ox0 = 0;
  for (; ox0 + VW <= OW; ox0 += VW) {
    VEC acc = (VEC)(0.0f);
#pragma unroll
    for (int ty = 0; ty < TY; ty++) {
      const __global float* row = xc + yi[ty * OH + oy] * IW;
#if !NEAREST
      const float wy = yw[ty * OH + oy];
#endif
#pragma unroll
      for (int tx = 0; tx < TX; tx++) {
        float g[VW];
#pragma unroll
        for (int i = 0; i < VW; i++) {
          g[i] = row[xi[tx * OW + ox0 + i]];
        }
        const VEC v = VLOAD(g);
#if NEAREST
        acc = v;
#else
        const VEC w = wy * VLOAD(xw + tx * OW + ox0);
        acc = select(acc + w * v, acc, w == (VEC)(0.0f));
#endif
      }
    }
    VSTORE(acc, yr + ox0);
  }
  for (; ox0 < OW; ox0++) {
    float acc = 0.0f;
    for (int ty = 0; ty < TY; ty++) {
      const __global float* row = xc + yi[ty * OH + oy] * IW;
#if !NEAREST
      const float wy = yw[ty * OH + oy];
#endif
      for (int tx = 0; tx < TX; tx++) {
        const float v = row[xi[tx * OW + ox0]];
#if NEAREST
        acc = v;
#else
        const float w = wy * xw[tx * OW + ox0];
        if (w != 0.0f) {
          acc += w * v;
        }
#endif
      }
    }
    yr[ox0] = acc;
  }
}
