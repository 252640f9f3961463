package enginetest

import (
	"fmt"
	"strings"
	"testing"
)

// AddWebEvents inserts n web events (a site_visit then product views and
// a cart add every 10 minutes, a session per day) for customers 1..custs,
// starting on 2024-01-01, in statements of 1000 rows.
func (d *Shop) AddWebEvents(n, custs int) {
	d.T.Helper()
	types := []string{"site_visit", "product_view", "product_view", "cart_add"}
	var sb strings.Builder
	for i := 0; i < n; i++ {
		if i%1000 == 0 {
			if sb.Len() > 0 {
				d.Exec(sb.String())
			}
			sb.Reset()
			sb.WriteString("INSERT INTO events (customer_id, occurred_at, type, product_id, url, source, device) VALUES ")
		} else {
			sb.WriteString(", ")
		}
		c, k := i%custs+1, i/custs
		fmt.Fprintf(&sb, "(%d, TIMESTAMP('2024-01-01') + INTERVAL %d DAY + INTERVAL %d MINUTE, '%s', %d, '/p/%d', '%s', 'mobile')",
			c, k/4, (k%4)*10, types[k%4], k%7+1, k%7+1, []string{"ad", "search", "direct"}[c%3])
	}
	if sb.Len() > 0 {
		d.Exec(sb.String())
	}
}

// AllocsPerExtraRow measures the allocations of running q once events
// holds base rows and once it holds 4·base (added by add), and returns
// the extra allocations per extra event row: a scan that allocates
// nothing per row gives well under 1 (what remains is per segment and the
// amortised growth of slices and maps).
func (d *Shop) AllocsPerExtraRow(t *testing.T, q string, base int, add func(n int)) float64 {
	t.Helper()
	run := func() {
		if _, err := d.Query(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	add(base)
	run()
	small := testing.AllocsPerRun(3, run)
	add(3 * base)
	run()
	large := testing.AllocsPerRun(3, run)
	return (large - small) / float64(3*base)
}
