package segments

import (
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
)

func TestEncodeRoundTrip(t *testing.T) {
	cases := []*Segment{
		{Name: "empty", SQL: "SELECT 1", Version: 1, Members: roaring64.New()},
		{Name: "big", SQL: "SELECT customer_id FROM customers WHERE country = 'DE'", Version: 7,
			Refresh: time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.UTC),
			Members: roaring64.BitmapOf(0, 1, 5, 1<<33, 1<<62), Control: &Control{Percent: 12.5, Seed: -3}},
	}
	for _, s := range cases {
		b, err := s.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(s.Name, b)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		if got.SQL != s.SQL || got.Version != s.Version || !got.Refresh.Equal(s.Refresh) ||
			!got.Members.Equals(s.Members) || (got.Control == nil) != (s.Control == nil) ||
			(s.Control != nil && *got.Control != *s.Control) {
			t.Errorf("%s: round trip gave %+v", s.Name, got)
		}
	}
}

// FuzzDecode: no input makes Decode panic.
func FuzzDecode(f *testing.F) {
	s := &Segment{Name: "s", SQL: "SELECT 1", Members: roaring64.BitmapOf(1, 2, 3), Control: &Control{Percent: 5, Seed: 1}}
	b, _ := s.Encode(nil)
	f.Add(b)
	f.Add([]byte("CSEG1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if s, err := Decode("s", b); err == nil && s.Members == nil {
			t.Fatal("nil members without an error")
		}
	})
}

func TestParseOp(t *testing.T) {
	cases := []struct {
		in   string
		want Op
		ok   bool
	}{
		{"AND", OpAnd, true}, {"and", OpAnd, true}, {"Or", OpOr, true}, {"AND NOT", OpAndNot, true},
		{" and   not ", OpAndNot, true}, {"ANDNOT", OpAndNot, true}, {"xor", OpXor, true},
		{"NOT", 0, false}, {"MINUS", 0, false}, {"", 0, false},
	}
	for _, c := range cases {
		got, err := ParseOp(c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseOp(%q) = %v, %v", c.in, got, err)
		}
	}
}

func TestApply(t *testing.T) {
	a, b := roaring64.BitmapOf(1, 2, 3), roaring64.BitmapOf(3, 4)
	cases := []struct {
		op   Op
		want []uint64
	}{{OpAnd, []uint64{3}}, {OpOr, []uint64{1, 2, 3, 4}}, {OpAndNot, []uint64{1, 2}}, {OpXor, []uint64{1, 2, 4}}}
	for _, c := range cases {
		if got := Apply(a, c.op, b); !got.Equals(roaring64.BitmapOf(c.want...)) {
			t.Errorf("op %d: %v", c.op, got.ToArray())
		}
	}
	if a.GetCardinality() != 3 || b.GetCardinality() != 2 {
		t.Fatal("Apply modified its operands")
	}
}

func TestCheckQuery(t *testing.T) {
	cases := []struct {
		q  string
		ok bool
	}{
		{"SELECT 1", true}, {"  select customer_id from t;", true}, {"(SELECT 1)", true},
		{"WITH a AS (SELECT 1) SELECT * FROM a", true}, {"SELECT ';' AS x", true}, {`SELECT 'it\'s;' x`, true},
		{"SELECT 1; SELECT 2", false}, {"INSERT INTO t VALUES (1)", false}, {"", false}, {";", false},
	}
	for _, c := range cases {
		if err := checkQuery("f", c.q); (err == nil) != c.ok {
			t.Errorf("checkQuery(%q) = %v", c.q, err)
		}
	}
}
