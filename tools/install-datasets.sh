#!/usr/bin/env bash
# Installs Debian's Fashion-MNIST test set (dataset-fashion-mnist) for `cnnx demo` and its tests when it is
# missing and this runs as root with apt-get. Without it the demo classifies the 32 bundled images instead.
set -u
dir=/usr/share/datasets/fashion-mnist
if [ -f "$dir/t10k-images-idx3-ubyte.gz" ] && [ -f "$dir/t10k-labels-idx1-ubyte.gz" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "cnnx: the Fashion-MNIST test set (dataset-fashion-mnist) is missing and cannot be installed here;" \
       "the demo uses its 32 bundled images." >&2
  exit 0
fi
echo "cnnx: installing the Fashion-MNIST test set (dataset-fashion-mnist, 31 MB)..." >&2
{ apt-get install -y -qq dataset-fashion-mnist || { apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist; }; } >&2 \
  || echo "cnnx: dataset-fashion-mnist could not be installed; the demo uses its 32 bundled images." >&2
