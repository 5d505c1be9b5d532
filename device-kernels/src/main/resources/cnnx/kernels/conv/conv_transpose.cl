/*
 * Transposed convolution in gather form: output x sums, over each tap, the input at
 * (x + pad - tap * dilation) / stride when that divides exactly and lies inside the input. One
 * work-item computes OCB output channels x XB output x positions; no atomics, so the result is
 * deterministic. Macros as in conv.cl (KD KH KW, SD SH SW, DD DH DW).
 *
 * NDRange: (x blocks, output rows D*H, batch * groups * channel blocks).
 */
#define TAPS (KD * KH * KW)

__kernel void KERNEL_NAME(const __global float* restrict x, const __global float* restrict w,
#if HAS_BIAS
    const __global float* restrict bias,
#endif
    __global float* restrict y, const int C, const int G, const int Cg, const int Mg, const int mBlocks,
    const int ID, const int IH, const int IW, const int OD, const int OH, const int OW,
    const int padD, const int padH, const int padW EPI_PARAMS) {
#if !HAS_BIAS
  const __global float* bias = 0;
#endif
  const int xb = get_global_id(0);
  const int rowIndex = get_global_id(1);
  const int task = get_global_id(2);
  const int mb = task % mBlocks;
  const int g = (task / mBlocks) % G;
  const int n = task / (mBlocks * G);
  const int oz = rowIndex / OH;
  const int oy = rowIndex % OH;
  const int ox0 = xb * XB;
  const long plane = (long)IH * IW;
  const __global float* xg = x + ((long)n * C + (long)g * Cg) * ID * plane;
  const __global float* wg = w + (long)(g * mBlocks + mb) * Cg * (TAPS * OCB);
  VEC acc[NV][XB];
  ZERO_ACC();
  for (int ci = 0; ci < Cg; ci++) {
    const __global float* xc = xg + (long)ci * ID * plane;
    const __global float* wc = wg + (long)ci * (TAPS * OCB);
    for (int kz = 0; kz < KD; kz++) {
      const int tz = oz + padD - kz * DD;
      if (tz < 0 || tz % SD != 0 || tz / SD >= ID) {
        continue;
      }
      for (int ky = 0; ky < KH; ky++) {
        const int ty = oy + padH - ky * DH;
        if (ty < 0 || ty % SH != 0 || ty / SH >= IH) {
          continue;
        }
        const __global float* row = xc + (tz / SD) * plane + (long)(ty / SH) * IW;
        const __global float* wr = wc + (kz * KH + ky) * (KW * OCB);
#pragma unroll
        for (int kx = 0; kx < KW; kx++) {
          VEC wv[NV];
#pragma unroll
          for (int v = 0; v < NV; v++) {
            wv[v] = VLOAD(wr + kx * OCB + v * VW);
          }
#pragma unroll
          for (int i = 0; i < XB; i++) {
            const int tx = ox0 + i + padW - kx * DW;
            const int ix = tx / SW;
            const float xval = row[clamp(ix, 0, IW - 1)];
            const bool hit = tx >= 0 && tx % SW == 0 && ix < IW;
            const VEC xv = (VEC)(hit ? xval : 0.0f);
#pragma unroll
            for (int v = 0; v < NV; v++) {
              acc[v][i] = fma(wv[v], xv, acc[v][i]);
            }
          }
        }
      }
    }
  }
  store_block(y, bias, acc, n, G * Mg, g * Mg + mb * OCB, Mg - mb * OCB, oz, oy, ox0, OD, OH, OW EPI_ARGS);
}
