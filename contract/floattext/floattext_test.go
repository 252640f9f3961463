package floattext

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestMariaDBText: every value of testdata/mariadb.txt is written as
// MariaDB wrote it.
func TestMariaDBText(t *testing.T) {
	f, err := os.Open("testdata/mariadb.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != 3 {
			t.Fatalf("bad line %q", line)
		}
		bits := map[string]int{"double": 64, "float": 32}[fields[0]]
		x, err := strconv.ParseFloat(fields[1], bits)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		var got []byte
		if bits == 32 {
			got = AppendFloat([]byte("junk"), float32(x))
		} else {
			got = AppendDouble([]byte("junk"), x)
		}
		if string(got[4:]) != fields[2] {
			t.Errorf("%s %s: %q, MariaDB %q", fields[0], fields[1], got[4:], fields[2])
		}
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("only %d values", n)
	}
}

// TestRoundTrip: a DOUBLE's text parses back to the same value, whatever
// its notation.
func TestRoundTrip(t *testing.T) {
	for _, x := range []float64{math.MaxFloat64, math.SmallestNonzeroFloat64, 1e15 - 0.125, 1e-15, 0.1 + 0.2, -7e-16, 123456789.123, math.Pi * 1e14} {
		got := AppendDouble(nil, x)
		if y, err := strconv.ParseFloat(string(got), 64); err != nil || y != x {
			t.Errorf("%v: %q parses as %v, %v", x, got, y, err)
		}
	}
}

// TestRewrite: go-mysql-server's %g text of a value becomes MySQL's.
func TestRewrite(t *testing.T) {
	cases := []struct {
		in   string
		bits int
		want string
		ok   bool
	}{
		{"4.04540231e+06", 64, "4045402.31", true},
		{"1.2345e-05", 64, "0.000012345", true},
		{"1.6535534680041943e+07", 64, "16535534.680041943", true},
		{"-0", 64, "-0", true},
		{"0", 64, "0", true},
		{"1.6777216e+07", 32, "16777200", true},
		{"0.1", 32, "0.1", true},
		{"abc", 64, "", false},
	}
	for _, c := range cases {
		got, ok := Rewrite(nil, []byte(c.in), c.bits)
		if ok != c.ok || string(got) != c.want {
			t.Errorf("Rewrite(%q, %d) = %q %v, want %q %v", c.in, c.bits, got, ok, c.want, c.ok)
		}
	}
}

func TestAppendAllocatesNothing(t *testing.T) {
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = AppendDouble(buf[:0], 16535534.680041943) }); n != 0 {
		t.Errorf("AppendDouble: %v allocations", n)
	}
}
