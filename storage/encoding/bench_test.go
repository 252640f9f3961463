package encoding

import (
	"math/rand/v2"
	"testing"
)

const benchN = 1 << 16

func benchInts() map[string][]int64 {
	rng := rand.New(rand.NewPCG(13, 14))
	m := map[string][]int64{"dates-sorted": {}, "ids-delta": {}, "for-w12": {}, "for-w40": {}, "random-raw": {}}
	for i := range benchN {
		m["dates-sorted"] = append(m["dates-sorted"], 19000+int64(i)*1000/benchN)
		m["ids-delta"] = append(m["ids-delta"], 1e12+int64(i)*7+rng.Int64N(5))
		m["for-w12"] = append(m["for-w12"], 5000+rng.Int64N(1<<12))
		m["for-w40"] = append(m["for-w40"], rng.Int64N(1<<40))
		m["random-raw"] = append(m["random-raw"], int64(rng.Uint64()))
	}
	return m
}

func BenchmarkEncodeInts(b *testing.B) {
	for name, src := range benchInts() {
		b.Run(name, func(b *testing.B) {
			dst := AppendInts(nil, src)
			b.SetBytes(8 * int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				dst = AppendInts(dst[:0], src)
			}
			b.ReportMetric(float64(len(dst))/float64(len(src)), "B/value")
		})
	}
}

func BenchmarkDecodeInts(b *testing.B) {
	for name, src := range benchInts() {
		b.Run(name, func(b *testing.B) {
			block := AppendInts(nil, src)
			dst := make([]int64, len(src))
			b.SetBytes(8 * int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				dst, _ = DecodeInts(dst, block)
			}
		})
	}
}

func BenchmarkDecodeFloats(b *testing.B) {
	rng := rand.New(rand.NewPCG(15, 16))
	prices, random := make([]float64, benchN), make([]float64, benchN)
	for i := range prices {
		prices[i] = float64(rng.IntN(100000)) / 100
		random[i] = rng.NormFloat64()
	}
	for name, src := range map[string][]float64{"prices-decimal": prices, "random-raw": random} {
		b.Run(name, func(b *testing.B) {
			block := AppendFloats(nil, src)
			dst := make([]float64, len(src))
			b.SetBytes(8 * int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				dst, _ = DecodeFloats(dst, block)
			}
		})
	}
}

func BenchmarkDecodeStrings(b *testing.B) {
	cases := stringCases()
	for _, name := range []string{"few distinct", "countries", "all distinct"} {
		vals := cases[name]
		for len(vals) < benchN {
			vals = append(vals, vals...)
		}
		data, offsets := column(vals[:benchN])
		block := AppendStrings(nil, data, offsets)
		b.Run(name, func(b *testing.B) {
			d, o := make([]byte, 0, len(data)), make([]uint32, 0, len(offsets))
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				d, o, _ = DecodeStrings(d, o, block)
			}
		})
	}
}

func BenchmarkEncodeStrings(b *testing.B) {
	cases := stringCases()
	for _, name := range []string{"few distinct", "all distinct"} {
		vals := cases[name]
		for len(vals) < benchN {
			vals = append(vals, vals...)
		}
		data, offsets := column(vals[:benchN])
		b.Run(name, func(b *testing.B) {
			dst := AppendStrings(nil, data, offsets)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				dst = AppendStrings(dst[:0], data, offsets)
			}
		})
	}
}

func BenchmarkCompress(b *testing.B) {
	src := AppendInts(nil, benchInts()["for-w40"])
	for _, c := range []Codec{CodecS2, CodecZstd} {
		frame := Compress(nil, src, c)
		b.Run("compress-"+c.String(), func(b *testing.B) {
			dst := make([]byte, 0, 2*len(src))
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				dst = Compress(dst[:0], src, c)
			}
		})
		b.Run("decompress-"+c.String(), func(b *testing.B) {
			dst := make([]byte, 0, len(src))
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				dst, _ = Decompress(dst, frame)
			}
		})
	}
	small := compressInputs()["text"][:2000]
	b.Run("compress-zstd-2KB", func(b *testing.B) {
		b.ReportAllocs()
		var dst []byte
		for b.Loop() {
			dst = Compress(dst[:0], small, CodecZstd)
		}
	})
}
