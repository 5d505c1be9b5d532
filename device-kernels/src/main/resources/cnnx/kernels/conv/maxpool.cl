/*
 * 2-D MaxPool vectorised along x: one work-item takes VW consecutive outputs of one output row of
 * one plane, each input row it reads as vectors (rows.cl). Set by the compiler besides common.cl's
 * VW: KH KW, SH SW, DH DW.
 *
 * Each lane folds its window's taps in the reference's order (rows, then columns) with the
 * reference's step: from the lowest float, a tap replaces the best unless tap <= best, so a larger
 * tap or a NaN replaces it and any tap replaces a NaN. That is one compare and one select, as cheap
 * as fmax, which would drop NaN instead. Taps in the padding are skipped, not read as a value: no
 * value leaves a NaN best unchanged.
 *
 * NDRange: (1, output rows, batch * channels): a work-item walks its whole output row in blocks of
 * VW, as a work-item per block left PoCL spending more time scheduling than pooling.
 */
#define KEEP(v, best) islessequal(v, best)
#define OUTSIDE(o) isnotequal(o, (VEC)0.0f)

__kernel void KERNEL_NAME(const __global float* restrict x, __global float* restrict y, const int IH,
    const int IW, const int OH, const int OW, const int padH, const int padW) {
  const int oy = get_global_id(1);
  const long nc = get_global_id(2);
  const __global float* xc = x + nc * IH * IW;
  const long plane = (long)IH * IW;
  const long tensor = (long)get_global_size(2) * plane;
  __global float* yr = y + (nc * OH + oy) * OW;
  for (int ox0 = 0; ox0 < OW; ox0 += VW) {
    VEC best = -FLT_MAX;
    const int ix0 = ox0 * SW - padW;
    const bool inner = ix0 >= 0 && ix0 + XLOAD <= IW;
#pragma unroll
    for (int ky = 0; ky < KH; ky++) {
      const int iy = oy * SH - padH + ky * DH;
      if (iy >= 0 && iy < IH) {
        const __global float* row = xc + (long)iy * IW;
        if (inner) {
          const __global float* xr = row + ix0;
#pragma unroll
          for (int kx = 0; kx < KW; kx++) {
            VEC v;
            GATHER(xr, kx, v);
            best = select(v, best, KEEP(v, best));
          }
        } else if (nc * plane + (long)iy * IW + ix0 >= 0 && nc * plane + (long)iy * IW + ix0 + XLOAD <= tensor) {
          /* The window leaves the row but not the tensor: vector loads, and the taps outside the row are skipped. */
          const __global float* xr = row + ix0;
#pragma unroll
          for (int kx = 0; kx < KW; kx++) {
            VEC v;
            GATHER(xr, kx, v);
            const IVEC ix = ix0 + kx * DW + IOTA * SW;
            best = select(v, best, KEEP(v, best) | (ix < 0) | (ix >= IW));
          }
        } else {
          /* Clamped loads stay in bounds; out[t] marks the inputs outside the row (padding). */
          float xin[XLOAD];
          float out[XLOAD];
#pragma unroll
          for (int t = 0; t < XLOAD; t++) {
            const int ix = ix0 + t;
            xin[t] = row[clamp(ix, 0, IW - 1)];
            out[t] = (ix >= 0 && ix < IW) ? 0.0f : 1.0f;
          }
#pragma unroll
          for (int kx = 0; kx < KW; kx++) {
            VEC v;
            VEC o;
            GATHER(xin, kx, v);
            GATHER(out, kx, o);
            best = select(v, best, KEEP(v, best) | OUTSIDE(o));
          }
        }
      }
    }
    if (ox0 + VW <= OW) {
      VSTORE(best, yr + ox0);
    } else {
      float a[VW];
      VSTORE(best, a);
      for (int i = 0; ox0 + i < OW; i++) {
        yr[ox0 + i] = a[i];
      }
    }
  }
}
