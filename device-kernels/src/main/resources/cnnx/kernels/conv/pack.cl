/*
 * Repacks conv weights into the templates' layout [group][channel block][Cg][taps][ocb]:
 * the ocb output channels of one tap become contiguous (zero where a block runs past the
 * group's Mg channels). The source is addressed by strides, so Conv (M x Cg x k...) and
 * ConvTranspose (C x Mg x k...) weights share this kernel.
 */
__kernel void pack_weights(const __global float* restrict w, __global float* restrict wp, const int Mg,
    const int mBlocks, const int Cg, const int taps, const int ocb, const long groupStride,
    const long channelStride, const long inputStride, const long total) {
  const long i = get_global_id(0);
  if (i >= total) {
    return;
  }
  const int j = i % ocb;
  long r = i / ocb;
  const int t = r % taps;
  r /= taps;
  const int ci = r % Cg;
  r /= Cg;
  const int mb = r % mBlocks;
  const long g = r / mBlocks;
  const int m = mb * ocb + j;
  wp[i] = m < Mg ? w[g * groupStride + m * channelStride + ci * inputStride + t] : 0.0f;
}
