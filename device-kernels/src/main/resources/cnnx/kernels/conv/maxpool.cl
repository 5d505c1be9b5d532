/*
 * 2-D MaxPool vectorised along x: one work-item takes VW consecutive outputs of one output row of
 * one plane, each input row it reads as vectors (rows.cl). Padding never wins (it reads as
 * -INFINITY); a window is clipped to the input (ceil_mode changes only the output size).
 * Set by the compiler besides common.cl's VW: KH KW, SH SW, DH DW.
 *
 * NDRange: (x blocks of VW, output rows, batch * channels).
 */
__kernel void KERNEL_NAME(const __global float* restrict x, __global float* restrict y, const int IH,
    const int IW, const int OH, const int OW, const int padH, const int padW) {
  const int ox0 = get_global_id(0) * VW;
  const int oy = get_global_id(1);
  const long nc = get_global_id(2);
  const __global float* xc = x + nc * IH * IW;
  VEC best = -INFINITY;
  const int ix0 = ox0 * SW - padW;
  const bool inner = ix0 >= 0 && ix0 + XLOAD <= IW;
  bool anyRow = false;
#pragma unroll
  for (int ky = 0; ky < KH; ky++) {
    const int iy = oy * SH - padH + ky * DH;
    if (iy >= 0 && iy < IH) {
      anyRow = true;
      const __global float* row = xc + (long)iy * IW;
      if (inner) {
        const __global float* xr = row + ix0;
#pragma unroll
        for (int kx = 0; kx < KW; kx++) {
          VEC v;
          GATHER(xr, kx, v);
          best = fmax(best, v);
        }
      } else {
        float xin[XLOAD];
#pragma unroll
        for (int t = 0; t < XLOAD; t++) {
          const int ix = ix0 + t;
          const float v = row[clamp(ix, 0, IW - 1)];
          xin[t] = (ix >= 0 && ix < IW) ? v : -INFINITY;
        }
#pragma unroll
        for (int kx = 0; kx < KW; kx++) {
          VEC v;
          GATHER(xin, kx, v);
          best = fmax(best, v);
        }
      }
    }
  }
  float a[VW];
  VSTORE(best, a);
  __global float* yr = y + (nc * OH + oy) * OW;
  for (int i = 0; i < VW && ox0 + i < OW; i++) {
    bool any = false;
    for (int kx = 0; kx < KW; kx++) {
      const int ix = ix0 + i * SW + kx * DW;
      any |= ix >= 0 && ix < IW;
    }
    yr[ox0 + i] = anyRow && any ? a[i] : -FLT_MAX;
  }
}
