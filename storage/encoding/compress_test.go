package encoding

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

func compressInputs() map[string][]byte {
	rng := rand.New(rand.NewPCG(11, 12))
	random := make([]byte, 100000)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	return map[string][]byte{
		"empty":      {},
		"one byte":   {7},
		"zeros":      make([]byte, 3<<20),
		"text":       []byte(strings.Repeat("customer churned after 90 days; ", 2000)),
		"random":     random,
		"ints block": AppendInts(nil, intCases()["random small"]),
	}
}

func TestCompressRoundTrip(t *testing.T) {
	for name, src := range compressInputs() {
		for _, c := range []Codec{CodecNone, CodecS2, CodecZstd} {
			t.Run(name+"/"+c.String(), func(t *testing.T) {
				frame := Compress([]byte("hdr"), src, c)
				if string(frame[:3]) != "hdr" || Codec(frame[3]) != c {
					t.Fatalf("frame starts %q", frame[:4])
				}
				frame = frame[3:]
				got, err := Decompress(nil, frame)
				if err != nil || !bytes.Equal(got, src) {
					t.Fatalf("round trip: %v (got %d bytes, want %d)", err, len(got), len(src))
				}
				buf := make([]byte, 5, len(src)+5)
				got, err = Decompress(buf, frame)
				if err != nil || !bytes.Equal(got, src) {
					t.Fatalf("into buffer: %v", err)
				}
				if name == "text" && c != CodecNone && len(frame) > len(src)/10 {
					t.Errorf("%s: %d -> %d bytes", c, len(src), len(frame))
				}
			})
		}
	}
}

func TestDecompressCorrupt(t *testing.T) {
	text := compressInputs()["text"]
	s2Frame := Compress(nil, text, CodecS2)
	zstdFrame := Compress(nil, text, CodecZstd)
	tests := []struct {
		name  string
		frame []byte
	}{
		{"empty", nil},
		{"unknown codec", []byte{9, 1, 2, 3}},
		{"s2 empty payload", []byte{byte(CodecS2)}},
		{"s2 garbage", []byte{byte(CodecS2), 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2}},
		{"s2 huge claim", []byte{byte(CodecS2), 0xff, 0xff, 0xff, 0xff, 0x07, 0}},
		{"s2 truncated", s2Frame[:len(s2Frame)/2]},
		{"zstd truncated", zstdFrame[:len(zstdFrame)/2]},
		{"zstd implausible size", []byte{byte(CodecZstd), 0x28, 0xb5, 0x2f, 0xfd, 0x80, 0, 0, 0, 1, 1, 0, 0}},
		{"zstd garbage", []byte{byte(CodecZstd), 0x28, 0xb5, 0x2f, 0xfd, 0xff, 0xff}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := Decompress(nil, tt.frame); err == nil {
				t.Fatalf("decoded %d bytes without error", len(got))
			}
		})
	}
}

func TestCompressUnknownCodecPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	Compress(nil, []byte("x"), Codec(7))
}

func TestDecompressTruncatedNoPanic(t *testing.T) {
	for name, src := range compressInputs() {
		for _, c := range []Codec{CodecS2, CodecZstd} {
			frame := Compress(nil, src, c)
			for _, i := range prefixLens(len(frame)) {
				got, err := Decompress(nil, frame[:i])
				if err == nil && !bytes.Equal(got, src[:min(len(got), len(src))]) {
					t.Fatalf("%s/%s prefix %d: wrong output without error", name, c, i)
				}
			}
		}
	}
}
