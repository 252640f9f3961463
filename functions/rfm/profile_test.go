package rfm_test

import (
	"strings"
	"testing"
)

// TestSavedThresholds: settings saved by hand drive rfm() and lifecycle().
// Worked by hand from the fixture table in fixture_test.go with recency
// breaks 10,30,100,365 (r = 5 − breaks reached), frequency 2,3,5,10,
// monetary 50,100,200,500 and engagement 9,20,40,60 (1 + breaks reached;
// scores 9, 41 and 23 for 1, 7 and 3 points).
func TestSavedThresholds(t *testing.T) {
	d := fixtureShop(t)
	d.exec("CALL erfm_reset()") // creates the settings table
	d.exec(`INSERT INTO settings (name, value) VALUES ('rfm.recency_breaks', '10,30,100,365'),
		('rfm.frequency_breaks', '2,3,5,10'), ('rfm.monetary_breaks', '50,100,200,500'),
		('rfm.engagement_breaks', '9,20,40,60'), ('lifecycle.active_days', '10'), ('lifecycle.lapsed_days', '50')`)
	want := []string{
		"2|5|1|3|2|513|Potential Loyalist", "3|4|2|3|1|423|Potential Loyalist", "5|3|1|1|1|311|About to Sleep",
		"7|5|3|2|4|532|Potential Loyalist", "8|2|2|4|1|224|At Risk", "9|1|2|5|1|125|Can't Lose Them",
		"10|1|1|1|1|111|Lost", "11|4|1|5|3|415|Potential Loyalist", "12|4|1|1|1|411|Promising",
	}
	for _, q := range []string{
		"SELECT customer_id, r, f, m, e, rfm_code, segment FROM rfm('2024-06-30')",
		"SELECT customer_id, r, f, m, e, rfm_code, segment FROM rfm('2024-06-30', 'thresholds')",
	} {
		wantRows(t, q, d.exec(q), want)
	}
	q := "SELECT customer_id, r FROM rfm('2024-06-30', 'quintile') WHERE customer_id = 2"
	wantRows(t, q, d.exec(q), []string{"2|5"})
	q = "SELECT customer_id, emarsys_stage, ometria_status FROM lifecycle('2024-06-30') WHERE customer_id IN (3, 5, 7)"
	wantRows(t, q, d.exec(q), []string{"3|defecting|at risk", "5|inactive|lapsed", "7|active|active"})

	d.exec("UPDATE settings SET value = '1,x' WHERE name = 'rfm.frequency_breaks'")
	if _, err := d.query("SELECT * FROM rfm('2024-06-30')"); errCode(err) != 1210 || !strings.Contains(err.Error(), "rfm.frequency_breaks") {
		t.Fatalf("bad setting: %v", err)
	}
	d.exec("CALL erfm_reset()")
	q = "SELECT * FROM rfm('2024-06-30')"
	wantRows(t, q, d.exec(q), fixtureRFM)
}

// TestProfileApply: erfm_profile recommends six parameters with reasons;
// erfm_apply saves exactly those, and rfm() then scores by them.
func TestProfileApply(t *testing.T) {
	d := fixtureShop(t)
	prof := text(d.exec("SELECT parameter, value FROM erfm_profile()"))
	if len(prof) != 6 {
		t.Fatalf("profile: %v", prof)
	}
	for _, r := range d.exec("SELECT explanation FROM erfm_profile(2)") {
		if !strings.Contains(r[0].(string), "percentile") && !strings.Contains(r[0].(string), "Jenks") {
			t.Fatalf("explanation %q", r[0])
		}
	}
	applied := text(d.exec("CALL erfm_apply()"))
	saved := text(d.exec("SELECT name, value FROM settings ORDER BY name"))
	if strings.Join(sortedCopy(applied), ";") != strings.Join(sortedCopy(prof), ";") || strings.Join(saved, ";") != strings.Join(sortedCopy(prof), ";") {
		t.Fatalf("profile %v, applied %v, saved %v", prof, applied, saved)
	}
	wantRows(t, "same", d.exec("SELECT * FROM rfm('2024-06-30')"), text(d.exec("SELECT * FROM rfm('2024-06-30', 'thresholds')")))
	for _, q := range []string{"SELECT * FROM erfm_profile(0)", "SELECT * FROM erfm_profile('x')", "CALL erfm_apply(99)"} {
		if _, err := d.query(q); errCode(err) != 1210 {
			t.Errorf("%s: want 1210, got %v", q, err)
		}
	}
	if _, err := newShop(t).query("SELECT * FROM erfm_profile()"); errCode(err) != 1105 {
		t.Errorf("empty shop: %v", err)
	}
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	for i := range c {
		for j := i + 1; j < len(c); j++ {
			if c[j] < c[i] {
				c[i], c[j] = c[j], c[i]
			}
		}
	}
	return c
}
