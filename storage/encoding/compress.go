package encoding

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
)

// Codec is a general-purpose compressor applied to whole encoded blocks.
type Codec uint8

const (
	CodecNone Codec = 0
	CodecS2   Codec = 1 // hot columns: fast
	CodecZstd Codec = 2 // cold columns: small
)

func (c Codec) String() string {
	switch c {
	case CodecNone:
		return "none"
	case CodecS2:
		return "s2"
	case CodecZstd:
		return "zstd"
	}
	return fmt.Sprintf("codec(%d)", uint8(c))
}

// MaxDecompressedLen bounds the output of Decompress, so a hostile frame
// cannot claim gigabytes.
const MaxDecompressedLen = 256 << 20

// maxZstdRatio bounds how far a zstd frame can expand: at best a 3-byte
// RLE block header plus one byte stands for a 128 KiB block.
const maxZstdRatio = 128 << 10 / 4

// The shared zstd encoder and decoder are safe for concurrent EncodeAll and
// DecodeAll; they are built on first use.
var (
	zstdEncoder = sync.OnceValue(func() *zstd.Encoder {
		e, err := zstd.NewWriter(nil,
			zstd.WithEncoderLevel(zstd.SpeedBetterCompression),
			zstd.WithEncoderCRC(false))
		if err != nil {
			panic(fmt.Sprintf("encoding: zstd encoder: %v", err))
		}
		return e
	})
	zstdDecoder = sync.OnceValue(func() *zstd.Decoder {
		d, err := zstd.NewReader(nil,
			zstd.WithDecoderMaxMemory(MaxDecompressedLen),
			zstd.WithDecoderConcurrency(0))
		if err != nil {
			panic(fmt.Sprintf("encoding: zstd decoder: %v", err))
		}
		return d
	})
)

// Compress appends a frame (codec byte, then payload) to dst. CodecNone
// copies src. It panics on an unknown codec (a caller bug).
func Compress(dst, src []byte, c Codec) []byte {
	dst = append(dst, byte(c))
	switch c {
	case CodecNone:
		return append(dst, src...)
	case CodecS2:
		maxLen := s2.MaxEncodedLen(len(src))
		if maxLen < 0 {
			panic(fmt.Sprintf("encoding: s2 cannot compress %d bytes", len(src)))
		}
		dst = slices.Grow(dst, maxLen)
		out := s2.Encode(dst[len(dst):len(dst)+maxLen], src)
		return dst[:len(dst)+len(out)]
	case CodecZstd:
		return zstdEncoder().EncodeAll(src, dst)
	}
	panic(fmt.Sprintf("encoding: unknown %s", c))
}

// Decompress decodes a frame made by Compress into dst[:0] (reusing its
// capacity) and returns it. Output longer than MaxDecompressedLen is an
// error.
func Decompress(dst, src []byte) ([]byte, error) {
	if len(src) == 0 {
		return dst[:0], errors.New("decompress: empty frame")
	}
	c, payload := Codec(src[0]), src[1:]
	switch c {
	case CodecNone:
		if len(payload) > MaxDecompressedLen {
			return dst[:0], fmt.Errorf("decompress: %d bytes exceeds %d", len(payload), MaxDecompressedLen)
		}
		return append(dst[:0], payload...), nil
	case CodecS2:
		n, err := s2.DecodedLen(payload)
		if err != nil {
			return dst[:0], fmt.Errorf("decompress s2: %w", err)
		}
		if n > MaxDecompressedLen {
			return dst[:0], fmt.Errorf("decompress s2: frame claims %d bytes, limit %d", n, MaxDecompressedLen)
		}
		dst = grow(dst, n)
		out, err := s2.Decode(dst, payload)
		if err != nil {
			return dst[:0], fmt.Errorf("decompress s2: %w", err)
		}
		return out, nil
	case CodecZstd:
		// The decoder sizes its output from the frame's claimed content
		// size; refuse claims no real frame of this length could make.
		var h zstd.Header
		if h.Decode(payload) == nil && h.HasFCS && h.FrameContentSize > maxZstdRatio*uint64(len(payload)) {
			return dst[:0], fmt.Errorf("decompress zstd: %d-byte frame claims %d bytes", len(payload), h.FrameContentSize)
		}
		out, err := zstdDecoder().DecodeAll(payload, dst[:0])
		if err != nil {
			return dst[:0], fmt.Errorf("decompress zstd: %w", err)
		}
		return out, nil
	}
	return dst[:0], fmt.Errorf("decompress: unknown codec %d", src[0])
}
