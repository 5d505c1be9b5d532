/*
 * Row windows of the x-vectorised templates (depthwise conv, max pool): VW consecutive output x
 * positions read XIN inputs of a row (window KW, stride SW, dilation DW); GATHER forms the vector
 * kernel column kx meets. Needs common.cl's VEC / VLOAD.
 */
#define XIN ((VW - 1) * SW + (KW - 1) * DW + 1)

/* Inputs a block loads per row: stride 2 reads two whole vectors, one element past XIN. */
#define XLOAD (SW == 2 ? XIN + 1 : XIN)

/* The VW inputs kernel column kx meets, from src[0 .. XLOAD): stride 1 one vector load, stride 2 two and their even lanes. */
#if SW == 1
#define GATHER(src, kx, out) out = VLOAD((src) + (kx) * DW)
#elif SW == 2
#define GATHER(src, kx, out) \
  { \
    const VEC lo_ = VLOAD((src) + (kx) * DW); \
    const VEC hi_ = VLOAD((src) + (kx) * DW + VW); \
    out = (VEC)(lo_.even, hi_.even); \
  }
#else
#define GATHER(src, kx, out) \
  { \
    float t_[VW]; \
    _Pragma("unroll") for (int i_ = 0; i_ < VW; i_++) { \
      t_[i_] = (src)[i_ * SW + (kx) * DW]; \
    } \
    out = VLOAD(t_); \
  }
#endif

/* Lane numbers 0 .. VW-1, as ints. */
#define IVEC CNNX_CAT(int, VW)
#if VW == 4
#define IOTA ((IVEC)(0, 1, 2, 3))
#elif VW == 8
#define IOTA ((IVEC)(0, 1, 2, 3, 4, 5, 6, 7))
#elif VW == 16
#define IOTA ((IVEC)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
#else
#error "row vectors are 4, 8 or 16 wide"
#endif
