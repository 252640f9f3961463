// Package encoding turns column vectors into compact bytes and back.
//
// Encoders append to a caller's buffer and return it; decoders fill a
// caller's slice (grown only when too small), so steady-state encoding and
// decoding allocate nothing. Every encoded block starts with a one-byte
// scheme tag, so a decoder never guesses and a corrupt or unknown tag is an
// error, not a misread.
//
// # Blocks
//
// A block is: tag byte, value count n (uvarint, at most MaxBlockLen), then a
// scheme-specific body that must be consumed exactly (trailing bytes are an
// error). Count reads n from any block without decoding it. The encoder
// picks the smallest scheme for each block:
//
//	0x01 ints-const      varint v                              all values equal
//	0x02 ints-for        varint min, width, packed v-min       frame of reference
//	0x03 ints-delta      varint v0, width, packed zigzag(v[i]-v[i-1]), n-1 of them
//	0x04 ints-raw        n × 8 bytes little-endian
//	0x11 floats-const    8 bytes IEEE 754 bits
//	0x12 floats-raw      n × 8 bytes IEEE 754 bits
//	0x13 floats-decimal  scale s (0..6), ints block of m where v == float64(m)/10^s
//	0x21 strings-plain   width, packed lengths, the bytes
//	0x22 strings-dict    uvarint k, width, k packed ends, dictionary bytes,
//	                     width, n packed codes (k ≤ n distinct values, first-seen order)
//
// Widths are one byte. Packed values form one little-endian bit stream
// (see bitpack.go). Integer arithmetic (v-min, deltas) wraps in uint64, so
// every int64 round-trips, extremes included; floats round-trip bit for bit.
//
// # Hostile input
//
// Decoders never panic. A header may claim at most MaxBlockLen values;
// schemes whose body size depends on n check the body is present before
// allocating, so only constant-like blocks (ints-const, floats-const,
// width-0 packing) expand a few bytes into many values, and then at most
// MaxBlockLen of them. A dictionary block decodes to at most 256 MiB of
// string bytes.
//
// # Compression
//
// Compress wraps any bytes (typically a block) in a frame: a Codec byte,
// then the payload — raw for CodecNone, S2 for hot columns, zstd for cold
// ones. Decompress refuses output over MaxDecompressedLen and zstd frames
// that claim more than any real frame of their size could hold. The zstd
// encoder and decoder are shared package-wide and safe for concurrent use.
//
// The storage layer calls this package to write and read column chunks.
package encoding
