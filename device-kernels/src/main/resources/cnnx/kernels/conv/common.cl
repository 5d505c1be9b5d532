/*
 * Shared by the conv templates. Set by the compiler: VW (vector width: 1, 2, 4, 8 or 16), NV
 * (vectors per work-item), so OCB = NV * VW output channels per work-item; XB (output x positions
 * per work-item), HAS_BIAS, EPI (the fused epilogue as EPI(value, n, oc, z, y, x)), EPI_PARAMS /
 * EPI_ARGS (its extra buffers). Weights arrive packed as [group][channel block][Cg][taps][OCB],
 * so the OCB weights of one tap are NV vector loads.
 */
#define OCB (NV * VW)
#if VW == 1
#define VEC float
#define VLOAD(p) (*(p))
#define VSTORE(v, p) (*(p) = (v))
#else
#define CNNX_CAT_(a, b) a##b
#define CNNX_CAT(a, b) CNNX_CAT_(a, b)
#define VEC CNNX_CAT(float, VW)
#define VLOAD(p) CNNX_CAT(vload, VW)(0, p)
#define VSTORE(v, p) CNNX_CAT(vstore, VW)(v, 0, p)
#endif

/* Zeroes the accumulators. */
#define ZERO_ACC() \
  _Pragma("unroll") for (int v = 0; v < NV; v++) { \
    _Pragma("unroll") for (int i = 0; i < XB; i++) { \
      acc[v][i] = 0.0f; \
    } \
  }

/* Copies the accumulators to a[XB * OCB], channel j of position i at a[i * OCB + j]. */
#define STORE_ACC(a) \
  _Pragma("unroll") for (int v = 0; v < NV; v++) { \
    _Pragma("unroll") for (int i = 0; i < XB; i++) { \
      VSTORE(acc[v][i], (a) + i * OCB + v * VW); \
    } \
  }

/* Bias, epilogue and store of one block: XB x positions from ox0 of output row (oz, oy). */
__attribute__((always_inline)) inline void store_block(__global float* restrict y, const __global float* restrict bias, VEC acc[NV][XB],
    const int n, const int M, const int ocFirst, const int ocCount, const int oz, const int oy,
    const int ox0, const int OD, const int OH, const int OW EPI_PARAMS) {
  float a[XB * OCB];
  STORE_ACC(a);
  for (int j = 0; j < OCB && j < ocCount; j++) {
    const int oc = ocFirst + j;
    const float b = HAS_BIAS ? bias[oc] : 0.0f;
    __global float* row = y + (((long)n * M + oc) * OD + oz) * OH * OW + (long)oy * OW;
    for (int i = 0; i < XB; i++) {
      const int ox = ox0 + i;
      if (ox < OW) {
        row[ox] = EPI(a[i * OCB + j] + b, n, oc, oz, oy, ox);
      }
    }
  }
}
