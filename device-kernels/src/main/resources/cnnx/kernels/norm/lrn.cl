/*
 * LRN across channels, vectorised along the flat pixel plane: one work-item takes VW consecutive
 * pixels of one image for a block of CB channels and walks those channels, holding the window's
 * values and squares in registers, so each input is read once instead of once per window it lies
 * in. Set by the compiler: VW (1, 2, 4, 8 or 16), SIZE, BEFORE (floor((SIZE - 1) / 2)), CB, K
 * (alpha / size), BIAS, and POW(b) for b^beta.
 *
 * Each output sums its window's squares in channel order from 0.0f, a channel outside the tensor
 * adding +0, as the element kernel does: NaN and inf reach exactly the outputs whose windows hold
 * them. A running sum that subtracts the channel leaving the window would be cheaper, but turns
 * inf - inf into NaN beyond the window and drifts by rounding.
 *
 * NDRange: (pixel blocks of VW, channel blocks of CB, batch).
 */
#if VW == 1
#define VEC float
#define VLOAD(p) (*(p))
#define VSTORE(v, p) (*(p) = (v))
#else
#define LRN_CAT_(a, b) a##b
#define LRN_CAT(a, b) LRN_CAT_(a, b)
#define VEC LRN_CAT(float, VW)
#define VLOAD(p) LRN_CAT(vload, VW)(0, p)
#define VSTORE(v, p) LRN_CAT(vstore, VW)(v, 0, p)
#endif

/* Channel ch's VW pixels from xp (lanes of them inside the plane, the rest 0); 0 outside the channels. */
__attribute__((always_inline)) inline VEC lrn_load(const __global float* xp, const int ch, const int C, const int P,
    const int lanes) {
  if (ch < 0 || ch >= C) {
    return (VEC)0.0f;
  }
  const __global float* p = xp + (long)ch * P;
  if (lanes == VW) {
    return VLOAD(p);
  }
  float a[VW];
  for (int i = 0; i < VW; i++) {
    a[i] = i < lanes ? p[i] : 0.0f;
  }
  return VLOAD(a);
}

__kernel void KERNEL_NAME(const __global float* restrict x, __global float* restrict y, const int C, const int P) {
  const int p0 = get_global_id(0) * VW;
  const int c0 = get_global_id(1) * CB;
  const long image = (long)get_global_id(2) * C * P;
  const __global float* xp = x + image + p0;
  __global float* yp = y + image + p0;
  const int lanes = min(VW, P - p0);
  const int cEnd = min(c0 + CB, C);
  /* v[i] holds channel c - BEFORE + i once channel c's turn comes; start with channel c0 - 1's window. */
  VEC v[SIZE];
  VEC sq[SIZE];
#pragma unroll
  for (int i = 0; i < SIZE; i++) {
    v[i] = lrn_load(xp, c0 - 1 - BEFORE + i, C, P, lanes);
    sq[i] = v[i] * v[i];
  }
  for (int c = c0; c < cEnd; c++) {
#pragma unroll
    for (int i = 0; i < SIZE - 1; i++) {
      v[i] = v[i + 1];
      sq[i] = sq[i + 1];
    }
    v[SIZE - 1] = lrn_load(xp, c + SIZE - 1 - BEFORE, C, P, lanes);
    sq[SIZE - 1] = v[SIZE - 1] * v[SIZE - 1];
    VEC sum = (VEC)0.0f;
#pragma unroll
    for (int i = 0; i < SIZE; i++) {
      sum += sq[i];
    }
    const VEC out = v[BEFORE] / POW(BIAS + K * sum);
    __global float* yc = yp + (long)c * P;
    if (lanes == VW) {
      VSTORE(out, yc);
    } else {
      float a[VW];
      VSTORE(out, a);
      for (int i = 0; i < lanes; i++) {
        yc[i] = a[i];
      }
    }
  }
}
