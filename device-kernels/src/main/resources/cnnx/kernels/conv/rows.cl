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
