package server

import (
	"fmt"
	"testing"
)

func TestParseOptimize(t *testing.T) {
	for _, tc := range []struct {
		q       string
		ok, bad bool
		want    string
	}{
		{q: "SELECT 1"},
		{q: "optimizer_switch"},
		{q: "OPTIMIZE TABLE orders", ok: true, want: "[{ orders}]"},
		{q: "optimize local table shop.orders, `my db`.`t``x` ;", ok: true, want: "[{shop orders} {my db t`x}]"},
		{q: "OPTIMIZE NO_WRITE_TO_BINLOG TABLES a,b", ok: true, want: "[{ a} { b}]"},
		{q: "OPTIMIZE orders", ok: true, bad: true},
		{q: "OPTIMIZE TABLE", ok: true, bad: true},
		{q: "OPTIMIZE TABLE a.b.c", ok: true, bad: true},
		{q: "OPTIMIZE TABLE a,", ok: true, bad: true},
	} {
		refs, ok, err := parseOptimize(tc.q)
		if ok != tc.ok || (err != nil) != tc.bad || !tc.bad && tc.ok && fmt.Sprint(refs) != tc.want {
			t.Errorf("%q: %v %v %v, want ok=%v bad=%v %s", tc.q, refs, ok, err, tc.ok, tc.bad, tc.want)
		}
	}
}
