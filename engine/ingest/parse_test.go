package ingest

import (
	"math"
	"testing"
)

func TestParsers(t *testing.T) {
	tests := []struct {
		name string
		p    Parser
		in   string
		want any // nil: must fail
	}{
		{"int", Int(64), " 42 ", int64(42)},
		{"int min", Int(64), "-9223372036854775808", int64(math.MinInt64)},
		{"int overflow", Int(64), "9223372036854775808", nil},
		{"tinyint range", Int(8), "128", nil},
		{"tinyint neg", Int(8), "-128", int64(-128)},
		{"int junk", Int(32), "12a", nil},
		{"uint max", Uint(64), "18446744073709551615", uint64(math.MaxUint64)},
		{"uint negative", Uint(32), "-1", nil},
		{"bool", Bool(), "true", int64(1)},
		{"bool zero", Bool(), "0", int64(0)},
		{"bool junk", Bool(), "maybe", nil},
		{"float", Float(), "1.5e3", 1500.0},
		{"float junk", Float(), "1,5", nil},
		{"decimal", Decimal(10, 2), "12.34", int64(1234)},
		{"decimal pad", Decimal(10, 2), "12.3", int64(1230)},
		{"decimal round", Decimal(10, 2), "0.005", int64(1)},
		{"decimal neg round", Decimal(10, 2), "-0.125", int64(-13)},
		{"decimal int", Decimal(10, 2), "-7", int64(-700)},
		{"decimal too wide", Decimal(4, 2), "100.00", nil},
		{"decimal junk", Decimal(10, 2), "1.2.3", nil},
		{"decimal empty", Decimal(10, 2), ".", nil},
		{"date", Date(""), "1970-01-02", int64(1)},
		{"date before 1970", Date(""), "1969-12-31", int64(-1)},
		{"date custom", Date("02.01.2006"), "03.01.1970", int64(2)},
		{"date bad", Date(""), "2024-13-01", nil},
		{"datetime", DateTime(""), "1970-01-01 00:00:01.5", int64(1_500_000)},
		{"datetime T", DateTime(""), "1970-01-01T00:01:00", int64(60_000_000)},
		{"datetime bare date", DateTime(""), "1970-01-02", int64(86_400_000_000)},
		{"datetime bad", DateTime(""), "yesterday", nil},
		{"datetime micros", DateTime(""), "2024-02-29 23:59:59.000001", int64(1709251199000001)},
		{"datetime bad day", DateTime(""), "2023-02-29 10:00:00", nil},
		{"datetime bad hour", DateTime(""), "2023-02-01 24:00:00", nil},
		{"date leap 2000", Date(""), "2000-02-29", int64(11016)},
		{"date far past", Date(""), "1900-03-01", int64(-25508)},
		{"string", String(5), "héllo", "héllo"},
		{"string too long", String(4), "héllo", nil},
		{"string invalid utf8", String(0), "\xff", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.p.Parse([]byte(tc.in))
			if tc.want == nil {
				if err == nil {
					t.Fatalf("accepted %q as %v", tc.in, got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %v (%T), %v; want %v", got, got, err, tc.want)
			}
		})
	}
}

func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"1.5", "-0.005", "99999999.99", "", ".", "1e5"} {
		f.Add(s)
	}
	p := Decimal(18, 4)
	f.Fuzz(func(t *testing.T, s string) {
		p.Parse([]byte(s)) // must not panic
	})
}
