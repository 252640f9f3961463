package engine

import (
	"math"
	"testing"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/planbuilder"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/storage"
)

// TestCodecRoundTrip checks, for every supported SQL type, the storage
// kind it maps to, the exact storage value, and that decoding gives back
// the value GMS handed in.
func TestCodecRoundTrip(t *testing.T) {
	dec := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	utc := func(s string) time.Time {
		tt, err := time.Parse("2006-01-02 15:04:05.999999", s)
		if err != nil {
			t.Fatal(err)
		}
		return tt
	}
	tests := []struct {
		typ    string
		kind   storage.Kind
		in     any
		stored any
		out    any // nil: same as in
	}{
		{"tinyint", storage.KindInt, int8(-128), int64(-128), nil},
		{"tinyint(1)", storage.KindInt, int8(1), int64(1), nil},
		{"smallint", storage.KindInt, int16(math.MaxInt16), int64(math.MaxInt16), nil},
		{"mediumint", storage.KindInt, int32(-8388608), int64(-8388608), nil},
		{"int", storage.KindInt, int32(math.MinInt32), int64(math.MinInt32), nil},
		{"bigint", storage.KindInt, int64(math.MinInt64), int64(math.MinInt64), nil},
		{"bigint", storage.KindInt, int64(math.MaxInt64), int64(math.MaxInt64), nil},
		{"bigint", storage.KindInt, nil, nil, nil},
		{"tinyint unsigned", storage.KindUint, uint8(255), uint64(255), nil},
		{"int unsigned", storage.KindUint, uint32(math.MaxUint32), uint64(math.MaxUint32), nil},
		{"bigint unsigned", storage.KindUint, uint64(math.MaxUint64), uint64(math.MaxUint64), nil},
		{"bit(8)", storage.KindUint, uint64(0xA5), uint64(0xA5), nil},
		{"year", storage.KindInt, int16(2024), int64(2024), nil},
		{"float", storage.KindFloat, float32(1.5), float64(1.5), nil},
		{"double", storage.KindFloat, -2.25e300, -2.25e300, nil},
		{"decimal(18,4)", storage.KindInt, dec("99999999999999.9999"), int64(999999999999999999), nil},
		{"decimal(18,4)", storage.KindInt, dec("-1.5000"), int64(-15000), nil},
		{"decimal(10,2)", storage.KindInt, dec("0.00"), int64(0), nil},
		{"decimal(30,10)", storage.KindBytes, dec("-12345678901234567890.0123456789"), "-12345678901234567890.0123456789", nil},
		{"decimal(30,10)", storage.KindBytes, dec("1.5"), "1.5000000000", dec("1.5000000000")},
		{"date", storage.KindInt, utc("1970-01-01 00:00:00"), int64(0), nil},
		{"date", storage.KindInt, utc("1969-12-31 00:00:00"), int64(-1), nil},
		{"date", storage.KindInt, utc("1900-03-01 00:00:00"), int64(-25508), nil},
		{"datetime", storage.KindInt, utc("1960-05-06 07:08:09"), utc("1960-05-06 07:08:09").UnixMicro(), nil},
		{"datetime(6)", storage.KindInt, utc("2024-02-29 23:59:59.123456"), utc("2024-02-29 23:59:59.123456").UnixMicro(), nil},
		{"timestamp(6)", storage.KindInt, utc("2038-01-19 03:14:07.999999"), utc("2038-01-19 03:14:07.999999").UnixMicro(), nil},
		{"time(6)", storage.KindInt, types.Timespan(-3020399000000), int64(-3020399000000), nil},
		{"varchar(10)", storage.KindBytes, "héllo", "héllo", nil},
		{"char(3)", storage.KindBytes, "", "", nil},
		{"text", storage.KindBytes, "long text", "long text", nil},
		{"blob", storage.KindBytes, []byte{0, 1, 255}, "\x00\x01\xff", nil},
		{"varbinary(4)", storage.KindBytes, []byte("ab"), "ab", nil},
		{"enum('a','b','c')", storage.KindBytes, uint16(2), "b", nil},
		{"set('x','y','z')", storage.KindBytes, uint64(5), "x,z", nil},
		{"json", storage.KindBytes, types.MustJSON(`{"a": [1, 2]}`), `{"a": [1, 2]}`, nil},
	}
	ctx := sql.NewEmptyContext()
	for _, tc := range tests {
		typ, err := planbuilder.ParseColumnTypeString(tc.typ)
		if err != nil {
			t.Fatalf("%s: %v", tc.typ, err)
		}
		c, err := newCodec(typ)
		if err != nil {
			t.Fatalf("%s: %v", tc.typ, err)
		}
		if c.kind != tc.kind {
			t.Errorf("%s: kind %v, want %v", tc.typ, c.kind, tc.kind)
		}
		stored, err := c.encode(ctx, tc.in)
		if err != nil {
			t.Fatalf("%s: encode %v: %v", tc.typ, tc.in, err)
		}
		if stored != tc.stored {
			t.Errorf("%s: encode %v = %#v, want %#v", tc.typ, tc.in, stored, tc.stored)
		}
		got, err := c.decode(stored)
		if err != nil {
			t.Fatalf("%s: decode %#v: %v", tc.typ, stored, err)
		}
		want := tc.out
		if want == nil {
			want = tc.in
		}
		if !sameValue(t, typ, got, want) {
			t.Errorf("%s: decode(encode(%v)) = %#v (%T), want %#v (%T)", tc.typ, tc.in, got, got, want, want)
		}
	}
}

// sameValue compares decoded values exactly: same Go type, and for
// decimals the same scale.
func sameValue(t *testing.T, typ sql.Type, got, want any) bool {
	switch w := want.(type) {
	case decimal.Decimal:
		g, ok := got.(decimal.Decimal)
		return ok && g.Equal(w) && g.Exponent() == w.Exponent()
	case time.Time:
		g, ok := got.(time.Time)
		return ok && g.Equal(w)
	case []byte:
		g, ok := got.([]byte)
		return ok && string(g) == string(w)
	case sql.JSONWrapper:
		g, ok := got.(sql.JSONWrapper)
		if !ok {
			return false
		}
		cmp, err := types.JSON.Compare(sql.NewEmptyContext(), g, w)
		return err == nil && cmp == 0
	}
	return got == want
}

// TestCodecConvertsLooseValues checks that values GMS has not converted
// yet go through the column type, and its errors come back unwrapped.
func TestCodecConvertsLooseValues(t *testing.T) {
	ctx := sql.NewEmptyContext()
	c, _ := newCodec(types.Int8)
	if v, err := c.encode(ctx, "12"); err != nil || v != int64(12) {
		t.Fatalf("encode '12' = %v, %v", v, err)
	}
	if _, err := c.encode(ctx, 1000); err == nil {
		t.Fatal("encode 1000 into tinyint: want error")
	}
	d, _ := newCodec(types.MustCreateDecimalType(18, 4))
	if v, err := d.encode(ctx, 1.25); err != nil || v != int64(12500) {
		t.Fatalf("encode 1.25 into decimal(18,4) = %v, %v", v, err)
	}
}

func TestUnsupportedType(t *testing.T) {
	if _, err := newCodec(types.PointType{}); errCode(err) != 1235 {
		t.Fatalf("geometry: want 1235, got %v", err)
	}
}

// TestEnumEmptyMember: ” is stored as "" whether it is the error value
// (index 0) or a member of the ENUM; with a member ” it reads back as
// that member, so e = ” and e IN (”, …) find it (they found nothing)
// and e + 0 is its index, as in MySQL.
func TestEnumEmptyMember(t *testing.T) {
	runScripts(t, []scriptTest{{
		name: "ENUM member ''",
		setup: []string{
			"CREATE TABLE en (id INT PRIMARY KEY, e ENUM('', 'v1', 'v2'), f ENUM('a', 'b'))",
			"INSERT INTO en VALUES (1, '', 'a'), (2, 'v1', 'b'), (3, NULL, NULL)",
		},
		steps: []step{
			{q: "SELECT id, e + 0 FROM en ORDER BY id", want: rows(r(1, 1), r(2, 2), r(3, nil))},
			{q: "SELECT COUNT(*) FROM en WHERE e IN ('', 'bye')", want: rows(r(1))},
			{q: "SELECT id FROM en WHERE e = ''", want: rows(r(1))},
			{q: "SELECT id, f + 0 FROM en ORDER BY id", want: rows(r(1, 1), r(2, 2), r(3, nil))},
		},
	}})
}
