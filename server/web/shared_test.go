package web

import (
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestERFMPageComputesRFMOnce: a cold load of the eRFM page (every chart's
// endpoint requested at once, as the browser does) runs rfm() once: the
// grid, segments and three distribution charts share one statement;
// erfm_profile is its own. A reload runs nothing.
func TestERFMPageComputesRFMOnce(t *testing.T) {
	ts, s, be := cacheSite(t)
	ana := client(t, ts, "ana", "pw")
	load := pageLoader(t, ana, ts.URL, "/rfm", args{asOfParam.name: "2024-06-30"}, 6)
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
	// Each chart's rows are kept too: at a million customers adding up
	// the shared groups again took a second a load.
	if !s.cache.holds("GROUP BY segment ORDER BY customers DESC, segment") {
		t.Error("rfm_segments' rows are not kept under its own statement: every load adds up the groups again")
	}
}

// holds reports whether a kept result's statement contains part.
func (c *resultCache) holds(part string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if strings.Contains(k, part) {
			return true
		}
	}
	return false
}

// TestCLVPageComputesCLVOnce: a cold load of the CLV page runs
// clv(365) once: the decile, high-value, churn and P(alive)-by-stage
// charts share one statement (clv() ran three times, then twice,
// before). A reload runs nothing.
func TestCLVPageComputesCLVOnce(t *testing.T) {
	ts, _, be := cacheSite(t)
	ana := client(t, ts, "ana", "pw")
	a := args{asOfParam.name: "2024-06-30", horizonParam.name: "365", "holdout_days": "90"}
	load := pageLoader(t, ana, ts.URL, "/clv", a, 6)
	load()
	if n := be.runs("ana", "FROM clv("); n != 1 {
		t.Errorf("a cold load of the CLV page ran clv() %d times, want 1", n)
	}
	if n := be.runs("ana", "FROM clv(365) c LEFT JOIN (SELECT customer_id, emarsys_stage FROM lifecycle('2024-06-30')"); n != 1 {
		t.Errorf("the shared statement with the stages as of the page's day ran %d times, want 1", n)
	}
	load()
	if n := be.runs("ana", "FROM clv("); n != 1 {
		t.Errorf("a reload ran clv() again (%d runs in all)", n)
	}
}

// pageLoader returns a function that loads every endpoint the page at
// path draws from with the page's args a, all at once as the browser
// does, after checking that there are want of them.
func pageLoader(t *testing.T, c *http.Client, base, path string, a args, want int) func() {
	t.Helper()
	var urls []string
	seen := map[string]bool{}
	for _, ch := range pageByPath(t, path).Charts {
		cv := chartOf(ch, a)
		for _, u := range append(cv.URLs, cv.MarksURL) {
			if u != "" && !seen[u] {
				seen[u] = true
				urls = append(urls, u)
			}
		}
	}
	if len(urls) != want {
		t.Fatalf("the page %s requests %d endpoints, want %d: %q", path, len(urls), want, urls)
	}
	return func() {
		var wg sync.WaitGroup
		for _, u := range urls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if code, body, _ := getCached(t, c, base+u); code != 200 {
					t.Errorf("%s: %d %s", u, code, body)
				}
			}()
		}
		wg.Wait()
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
	return fixture(rfmGroupsCols, map[string]bool{"grid_segment": true, "segment": true}, [][]any{
		{"5", "5", "Champions", "Champions", "0", "3", "1500", "2", "3100.50"},
		{"5", "5", "Champions", "Loyal", "30", "3", "1500", "1", "1600.25"},
		{"4", "3", "Potential", "Potential", "90", "2", "500", "3", "1800.00"},
		{"1", "1", "Lost", "Lost", "120", "1", "0", "1", nil},
		{"5", "4", "Loyal", "Loyal", "0", "2", "1000", "1", "1200.10"},
	})
}

// clvGroupsFixture is a result of clvGroups: five groups of customers
// (one whose P(alive) is all NULL, and half of whose predicted CLVs are;
// one with no stage, as a lead's), worked by hand into each chart's rows
// below.
func clvGroupsFixture() *Result {
	return fixture(clvGroupsCols, map[string]bool{"customer_group": true, "churn_risk": true, "stage": true}, [][]any{
		{"90", "high value", "low", "active", "2", "300.5", "2", "1.75", "2"},
		{"80", "high value", "low", "active", "1", "120.25", "1", "0.5", "1"},
		{"80", "other", "medium", "defecting", "3", "60", "3", "1.5", "3"},
		{"0", "other", "high", "inactive", "4", "10", "2", nil, "0"},
		{"0", "other", "medium", nil, "1", "5", "1", "0.3", "1"},
	})
}

// fixture is a result of cols (numbers but the text ones) with rows, nil
// for NULL.
func fixture(cols []string, text map[string]bool, rows [][]any) *Result {
	res := &Result{}
	for _, c := range cols {
		res.Columns = append(res.Columns, Column{Name: c, Type: "x", Numeric: !text[c]})
	}
	for _, row := range rows {
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

// TestDerivedChartRows: each eRFM and CLV chart's rows from
// rfmGroupsFixture and clvGroupsFixture, worked by hand: counts added,
// DECIMAL revenue added exactly at its scale (NULL when every value is
// NULL), DOUBLE averages over the non-NULL counts, shares of the total
// (an integer's as MySQL's DECIMAL division: 4 digits, 8/11 = 0.7273), the
// endpoint's ORDER BY (numbers as numbers: 30 before 90 before 120), its
// column names.
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
		{"clv_distribution", []string{"percentile_from", "customers", "predicted_clv", "avg_predicted_clv"}, [][]any{
			{"0", "5", "15", "5"}, // 15 / (2 + 1)
			{"80", "4", "180.25", "45.0625"},
			{"90", "2", "300.5", "150.25"},
		}},
		{"clv_high_value", []string{"customer_group", "customers", "predicted_clv", "customer_share", "clv_share"}, [][]any{
			{"high value", "3", "420.75", "0.2727", "0.848714069591528"}, // 3 / 11; 420.75 / 495.75
			{"other", "8", "75", "0.7273", "0.15128593040847202"},
		}},
		{"clv_churn", []string{"churn_risk", "customers", "avg_p_alive"}, [][]any{
			{"high", "4", nil},
			{"low", "3", "0.75"},    // 2.25 / 3
			{"medium", "4", "0.45"}, // 1.8 / 4
		}},
		{"clv_alive_by_stage", []string{"stage", "customers", "avg_p_alive"}, [][]any{ // the stageless group left out
			{"active", "3", "0.75"}, // 2.25 / 3
			{"defecting", "3", "0.5"},
			{"inactive", "4", nil},
		}},
	}
	fixtures := map[*sharedStmt]func() *Result{rfmGroups: rfmGroupsFixture, clvGroups: clvGroupsFixture}
	for _, c := range cases {
		e := endpointByName(c.endpoint)
		if e.derive == nil || fixtures[e.derive.from] == nil {
			t.Errorf("%s does not derive its rows from a shared statement", c.endpoint)
			continue
		}
		got, err := e.derive.apply(fixtures[e.derive.from]())
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
