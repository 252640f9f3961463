package rfm_test

import (
	"strings"
	"testing"
)

// The fixture (testdata/fixture.sql) as of 2024-06-30, worked by hand:
//
//	id  last order   recency  orders  revenue  engagement points (90 days from 2024-04-02)
//	2   2024-06-30      0       1      100.00   1 open                      = 1
//	3   2024-06-01     29       2      100.00   open at 04-01 23:59: out    = 0
//	5   2024-05-01     60       1       20.00   (order of 07-15 ignored)    = 0
//	7   2024-06-28      2       3       95.50   2 opens+1 click+1 visit     = 7
//	8   2024-02-10    141       2      300.00   sent/unsubscribe don't count = 0
//	9   2022-06-01    760       2      500.00   visit after as-of           = 0
//	10  2023-01-01    546       1       35.00                               = 0
//	11  2024-06-10     20       1     1000.00   click at 04-02 00:00        = 3
//	12  2024-06-15     15       1       45.00   (cancelled line excluded)   = 0
//
// Engagement scores ROUND(100·p/(p+10)): 1 → 9, 3 → 23, 7 → 41.
// Customer 4 has cancelled orders only, 1 and 6 none: no rfm row.
// Quintiles over n=9: score = 1 + floor(5·worse/9), worse = customers with
// a strictly worse value: worse 0,1→1; 2,3→2; 4,5→3; 6,7→4; 8→5.
//
//	r: by recency desc 760,546,141,60,29,20,15,2,0 → 1,1,2,2,3,3,4,4,5
//	f: five 1s (worse 0→1), three 2s (worse 5→3), one 3 (worse 8→5);
//	   without gaps (each distinct value at most one above the one
//	   before): 1, 2, 3
//	m: 20,35,45,95.5,100,100,300,500,1000 → 1,1,2,2,3,3,4,4,5
//	e: six 0s →1; 9 (worse 6)→4; 23 (worse 7)→4; 41 (worse 8)→5; without
//	   gaps 1, 2, 3, 4
//
// FM = (f+m+1) div 2 and the grid give the segments.
var fixtureRFM = []string{
	"2|2024-06-30|0|1|100.00|9|5|1|3|2|513|Potential Loyalist",
	"3|2024-06-01|29|2|100.00|0|3|2|3|1|323|Need Attention",
	"5|2024-05-01|60|1|20.00|0|2|1|1|1|211|Hibernating",
	"7|2024-06-28|2|3|95.50|41|4|3|2|4|432|Potential Loyalist",
	"8|2024-02-10|141|2|300.00|0|2|2|4|1|224|At Risk",
	"9|2022-06-01|760|2|500.00|0|1|2|4|1|124|At Risk",
	"10|2023-01-01|546|1|35.00|0|1|1|1|1|111|Lost",
	"11|2024-06-10|20|1|1000.00|23|3|1|5|3|315|Need Attention",
	"12|2024-06-15|15|1|45.00|0|4|1|2|1|412|Potential Loyalist",
}

func fixtureShop(t *testing.T) *shopDB {
	d := newShop(t)
	d.script("testdata/fixture.sql")
	return d
}

func TestRFMFixture(t *testing.T) {
	d := fixtureShop(t)
	for _, q := range []string{
		"SELECT * FROM rfm('2024-06-30')",
		"SELECT * FROM rfm('2024-06-30', 'quintile')",
	} {
		wantRows(t, q, d.exec(q), fixtureRFM)
	}
}

func TestRFMSegmentScalar(t *testing.T) {
	d := newShop(t)
	for _, tc := range []struct {
		q    string
		want string
		code int
	}{
		{q: "SELECT rfm_segment(5, 5, 5)", want: "Champions"},
		{q: "SELECT rfm_segment(1, 1, 1)", want: "Lost"},
		{q: "SELECT rfm_segment('2', '5', 5)", want: "Can't Lose Them"},
		{q: "SELECT rfm_segment(NULL, 1, 1)", want: "NULL"},
		{q: "SELECT rfm_segment(0, 1, 1)", code: 1210},
		{q: "SELECT rfm_segment(1, 6, 1)", code: 1210},
		{q: "SELECT rfm_segment(1, 2.5, 1)", code: 1210},
		{q: "SELECT rfm_segment(1, 'x', 1)", code: 1210},
		{q: "SELECT rfm_segment(1, 1)", code: 1105},
	} {
		rows, err := d.query(tc.q)
		if tc.code != 0 {
			if errCode(err) != tc.code {
				t.Errorf("%s: want error %d, got %v", tc.q, tc.code, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.q, err)
			continue
		}
		wantRows(t, tc.q, rows, []string{tc.want})
	}
}

func TestRFMArgs(t *testing.T) {
	d := fixtureShop(t)
	for _, tc := range []struct {
		q    string
		code int
	}{
		{"SELECT * FROM rfm('yesterday')", 1210},
		{"SELECT * FROM rfm('2024-06-30', 'median')", 1210},
		{"SELECT * FROM rfm('2024-06-30', 'thresholds')", 1210}, // nothing saved
		{"SELECT * FROM rfm(1, 2, 3)", 1105},
	} {
		if _, err := d.query(tc.q); errCode(err) != tc.code {
			t.Errorf("%s: want error %d, got %v", tc.q, tc.code, err)
		}
	}
	// Default as-of: the latest order date, here the future-dated 2024-07-15.
	rows := d.exec("SELECT customer_id, recency_days, frequency, monetary FROM rfm() WHERE customer_id IN (2, 5)")
	wantRows(t, "rfm()", rows, []string{"2|15|1|100.00", "5|0|2|1019.00"})
	// Before any order: no rows.
	wantRows(t, "early", d.exec("SELECT * FROM rfm('2021-01-01')"), nil)
}

func TestRFMEmptyShop(t *testing.T) {
	d := newShop(t)
	wantRows(t, "rfm()", d.exec("SELECT * FROM rfm()"), nil)
}

// TestEngagementWeightSettings: the settings rows reweigh the events and
// move the half-score point, on the fixture as of 2024-06-30, by hand.
// Customer 7 has 2 opens, 1 click and 1 visit in the window, 2 one open,
// 11 one click. With clicks weighing 5, visits 0 and h = 4:
// 7: 2 + 5 + 0 = 7 points, ROUND(100·7/11) = 64; 2: 1 point, 100/5 = 20;
// 11: 5 points, ROUND(500/9) = 56 (55.6). A bad value is 1210 naming the row.
func TestEngagementWeightSettings(t *testing.T) {
	d := fixtureShop(t)
	d.exec("CREATE TABLE settings (name VARCHAR(100) PRIMARY KEY, value TEXT, updated_at DATETIME)")
	q := "SELECT customer_id, engagement FROM rfm('2024-06-30') WHERE customer_id IN (2, 7, 11)"
	wantRows(t, "default weights", d.exec(q), []string{"2|9", "7|41", "11|23"})
	d.exec("REPLACE INTO settings (name, value) VALUES ('engagement.weight_click', '5'), " +
		"('engagement.weight_visit', '0'), ('engagement.half_points', '4')")
	wantRows(t, "click 5, visit 0, h 4", d.exec(q), []string{"2|20", "7|64", "11|56"})
	// The levels of lifecycle() follow the score: 7 is medium (33-66).
	wantRows(t, "lifecycle levels", d.exec("SELECT customer_id, engagement_level FROM lifecycle('2024-06-30', 30, 180) WHERE customer_id IN (2, 7, 11)"),
		[]string{"2|low", "7|medium", "11|medium"})
	for _, bad := range []struct{ name, value string }{
		{"engagement.weight_open", "-1"}, {"engagement.half_points", "0"}, {"engagement.weight_click", "lots"},
	} {
		d.exec("REPLACE INTO settings (name, value) VALUES ('" + bad.name + "', '" + bad.value + "')")
		if _, err := d.query(q); errCode(err) != 1210 || !strings.Contains(err.Error(), bad.name) {
			t.Errorf("setting %s = %s: %v, want 1210 naming the row", bad.name, bad.value, err)
		}
		d.exec("DELETE FROM settings WHERE name LIKE 'engagement.%'")
	}
	wantRows(t, "rows deleted: defaults again", d.exec(q), []string{"2|9", "7|41", "11|23"})
}
