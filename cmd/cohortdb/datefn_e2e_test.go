package main

import (
	"slices"
	"testing"
)

// TestMetabaseBreakoutsOverTheWire runs the expressions Metabase's MySQL
// driver sends for each date breakout unit over one timestamp,
// 2024-03-13 14:25:36 (a Wednesday; 2024-01-01 is a Monday), and checks
// the values worked out by hand from a calendar.
func TestMetabaseBreakoutsOverTheWire(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE mb (id INT PRIMARY KEY, x DATETIME)")
	mustExec(t, db, "INSERT INTO mb VALUES (1, '2024-03-13 14:25:36'), (2, NULL)")
	for _, c := range []struct{ unit, expr, want string }{
		{"minute", "STR_TO_DATE(DATE_FORMAT(x, '%Y-%m-%d %H:%i'), '%Y-%m-%d %H:%i')", "2024-03-13 14:25:00"},
		{"minute-of-hour", "MINUTE(x)", "25"},
		{"hour", "STR_TO_DATE(DATE_FORMAT(x, '%Y-%m-%d %H'), '%Y-%m-%d %H')", "2024-03-13 14:00:00"},
		{"hour-of-day", "HOUR(x)", "14"},
		{"day", "DATE(x)", "2024-03-13"},
		{"day-of-week", "DAYOFWEEK(x)", "4"},
		{"day-of-week (Monday start)", "((DAYOFWEEK(x) + 5) % 7) + 1", "3"},
		{"day-of-month", "DAYOFMONTH(x)", "13"},
		{"day-of-year", "DAYOFYEAR(x)", "73"},
		{"week", "STR_TO_DATE(CONCAT(YEARWEEK(x), ' Sunday'), '%X%V %W')", "2024-03-10"},
		{"week (Monday start)", "DATE(DATE_ADD(x, INTERVAL -((DAYOFWEEK(x) + 5) % 7) DAY))", "2024-03-11"},
		{"week-of-year", "WEEK(x)", "10"},
		{"week-of-year ISO", "WEEK(x, 3)", "11"},
		{"month", "STR_TO_DATE(CONCAT(DATE_FORMAT(x, '%Y-%m'), '-01'), '%Y-%m-%d')", "2024-03-01"},
		{"month-of-year", "MONTH(x)", "3"},
		{"quarter", "STR_TO_DATE(CONCAT(YEAR(x), '-', ((QUARTER(x) * 3) - 2), '-01'), '%Y-%m-%d')", "2024-01-01"},
		{"quarter-of-year", "QUARTER(x)", "1"},
		{"year", "MAKEDATE(YEAR(x), 1)", "2024-01-01"},
		{"week-of-year (Monday start)", "WEEK(x, 1)", "11"},
		{"ISO week start", "STR_TO_DATE(CONCAT(YEARWEEK(x, 3), ' Monday'), '%x%v %W')", "2024-03-11"},
	} {
		got := rowsText(t, db, "SELECT "+c.expr+" FROM mb WHERE id IN (1, 2) ORDER BY id")
		if want := []string{c.want, "NULL"}; !slices.Equal(got, want) {
			t.Errorf("%s: %s = %v, want %v", c.unit, c.expr, got, want)
		}
	}
	for _, c := range []struct{ expr, want string }{
		{"MAKEDATE(2023, 366)", "2024-01-01"},
		{"MAKEDATE(11, 60)", "2011-03-01"},
		{"MAKEDATE(2024, 0)", "NULL"},
		{"STR_TO_DATE('2024-02-30', '%Y-%m-%d')", "NULL"},
		{"STR_TO_DATE('2024', '%Y')", "NULL"},
		{"STR_TO_DATE('13th March 2024 2:25 PM', '%D %M %Y %l:%i %p')", "2024-03-13 14:25:00"},
		{"STR_TO_DATE('202001 Monday', '%x%v %W')", "2019-12-30"},
		{"STR_TO_DATE('10:11', '%H:%i')", "10:11:00"},
		{"WEEK(NULL)", "NULL"},
		{"WEEK('2024-01-01', 2)", "53"},
		{"UNIX_TIMESTAMP(TIMESTAMP('2024-03-13 14:25:36')) - UNIX_TIMESTAMP('2024-03-13 00:00:00')", "51936"},
	} {
		if got := rowsText(t, db, "SELECT "+c.expr); !slices.Equal(got, []string{c.want}) {
			t.Errorf("%s = %v, want %s", c.expr, got, c.want)
		}
	}
	// Grouping by week puts rows into their weeks, not one NULL bucket.
	mustExec(t, db, "INSERT INTO mb VALUES (3, '2024-03-16 23:59:59'), (4, '2024-03-17 00:00:00')")
	rows := rowsText(t, db, "SELECT STR_TO_DATE(CONCAT(YEARWEEK(x), ' Sunday'), '%X%V %W') AS w, COUNT(*) FROM mb WHERE x IS NOT NULL GROUP BY w ORDER BY w")
	if want := []string{"2024-03-10|2", "2024-03-17|1"}; !slices.Equal(rows, want) {
		t.Errorf("week buckets = %v, want %v", rows, want)
	}
}
