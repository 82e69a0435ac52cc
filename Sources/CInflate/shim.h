// zlib, for inflating the deflate streams of .xlsx parts (Datasets/ZipArchive.swift).
#include <zlib.h>
