package web

import (
	"sync"
	"testing"
)

// TestERFMPageComputesRFMOnce: a cold load of the eRFM page (every chart's
// endpoint requested at once, as the browser does) runs rfm() once: the
// grid, segments and three distribution charts share one statement;
// erfm_profile is its own. A reload runs nothing.
func TestERFMPageComputesRFMOnce(t *testing.T) {
	ts, _, be := cacheSite(t)
	ana := client(t, ts, "ana", "pw")
	a := args{asOfParam.name: "2024-06-30"}
	var urls []string
	seen := map[string]bool{}
	for _, c := range pageByPath(t, "/rfm").Charts {
		cv := chartOf(c, a)
		for _, u := range append(cv.URLs, cv.MarksURL) {
			if u != "" && !seen[u] {
				seen[u] = true
				urls = append(urls, u)
			}
		}
	}
	if len(urls) != 6 {
		t.Fatalf("the eRFM page requests %d endpoints, want 6: %q", len(urls), urls)
	}
	load := func() {
		var wg sync.WaitGroup
		for _, u := range urls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if code, body, _ := getCached(t, ana, ts.URL+u); code != 200 {
					t.Errorf("%s: %d %s", u, code, body)
				}
			}()
		}
		wg.Wait()
	}
	load()
	if n := be.runs("ana", "FROM rfm("); n != 1 {
		t.Errorf("a cold load of the eRFM page ran rfm() %d times, want 1", n)
	}
	if n := be.runs("ana", "FROM erfm_profile("); n != 1 {
		t.Errorf("erfm_profile() ran %d times, want 1", n)
	}
	load()
	if n := be.runs("ana", "FROM rfm("); n != 1 {
		t.Errorf("a reload ran rfm() again (%d runs in all)", n)
	}
}

func pageByPath(t *testing.T, path string) *page {
	t.Helper()
	for _, p := range pages {
		if p.Path == path {
			return p
		}
	}
	t.Fatalf("no page %s", path)
	return nil
}

// rfmGroupsFixture is a result of rfmGroups: five groups of customers
// (NULL revenue in one), worked by hand into each chart's rows below.
func rfmGroupsFixture() *Result {
	cols := []string{"r", "fm", "grid_segment", "segment", "recency_from", "frequency", "revenue_from", "customers", "revenue"}
	res := &Result{}
	for _, c := range cols {
		res.Columns = append(res.Columns, Column{Name: c, Type: "x", Numeric: c != "grid_segment" && c != "segment"})
	}
	for _, row := range [][]any{
		{"5", "5", "Champions", "Champions", "0", "3", "1500", "2", "3100.50"},
		{"5", "5", "Champions", "Loyal", "30", "3", "1500", "1", "1600.25"},
		{"4", "3", "Potential", "Potential", "90", "2", "500", "3", "1800.00"},
		{"1", "1", "Lost", "Lost", "120", "1", "0", "1", nil},
		{"5", "4", "Loyal", "Loyal", "0", "2", "1000", "1", "1200.10"},
	} {
		var r []*string
		for _, v := range row {
			if s, ok := v.(string); ok {
				r = append(r, ptr(s))
			} else {
				r = append(r, nil)
			}
		}
		res.Rows = append(res.Rows, r)
	}
	return res
}

// TestDerivedChartRows: each eRFM chart's rows from rfmGroupsFixture,
// worked by hand: counts added, DECIMAL revenue added exactly at its
// scale (NULL when every value is NULL), the endpoint's ORDER BY (numbers
// as numbers: 30 before 90 before 120), its column names.
func TestDerivedChartRows(t *testing.T) {
	cases := []struct {
		endpoint string
		cols     []string
		want     [][]any
	}{
		{"rfm_grid", []string{"r", "fm", "segment", "customers", "revenue"}, [][]any{
			{"5", "4", "Loyal", "1", "1200.10"},
			{"5", "5", "Champions", "3", "4700.75"},
			{"4", "3", "Potential", "3", "1800.00"},
			{"1", "1", "Lost", "1", nil},
		}},
		{"rfm_segments", []string{"segment", "customers", "revenue"}, [][]any{
			{"Potential", "3", "1800.00"},
			{"Champions", "2", "3100.50"},
			{"Loyal", "2", "2800.35"},
			{"Lost", "1", nil},
		}},
		{"rfm_recency", []string{"recency_from", "customers"}, [][]any{{"0", "3"}, {"30", "1"}, {"90", "3"}, {"120", "1"}}},
		{"rfm_frequency", []string{"frequency", "customers"}, [][]any{{"1", "1"}, {"2", "4"}, {"3", "3"}}},
		{"rfm_monetary", []string{"revenue_from", "customers"}, [][]any{{"0", "1"}, {"500", "3"}, {"1000", "1"}, {"1500", "3"}}},
	}
	for _, c := range cases {
		e := endpointByName(c.endpoint)
		if e.derive == nil || e.derive.from != rfmGroups {
			t.Errorf("%s does not derive its rows from rfmGroups", c.endpoint)
			continue
		}
		got, err := e.derive.apply(rfmGroupsFixture())
		if err != nil {
			t.Errorf("%s: %v", c.endpoint, err)
			continue
		}
		for i, col := range got.Columns {
			if i >= len(c.cols) || col.Name != c.cols[i] {
				t.Errorf("%s: column %d is %s, want %v", c.endpoint, i, col.Name, c.cols)
			}
		}
		if len(got.Rows) != len(c.want) {
			t.Errorf("%s: %d rows, want %d", c.endpoint, len(got.Rows), len(c.want))
			continue
		}
		for i, row := range got.Rows {
			for j, v := range row {
				w, isStr := c.want[i][j].(string)
				if (v == nil) != !isStr || v != nil && *v != w {
					t.Errorf("%s row %d col %s: %v, want %v", c.endpoint, i, c.cols[j], deref(v), c.want[i][j])
				}
			}
		}
	}
}

func deref(v *string) any {
	if v == nil {
		return nil
	}
	return *v
}
