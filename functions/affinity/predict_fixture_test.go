package affinity_test

import "testing"

// TestFixturePredictions checks predictive_affinity, its report and
// recommendations against values worked out by hand (and a calculator for
// the recency weights 0.5^(days/90)) from testdata/fixture.sql; the as-of
// time is the latest order, 2024-03-05 10:00. docs/affinity.md shows the
// similarity table these come from.
func TestFixturePredictions(t *testing.T) {
	d := fixtureShop(t)
	cases := []struct {
		q    string
		want []string
	}{
		{"SELECT * FROM predictive_affinity('category_2', 2)", []string{
			"1|1|Shoes|0.611111", "1|2|Accessories|0.444444",
			"2|1|Shoes|0.595879", "2|2|Accessories|0.434364",
			"3|1|Accessories|0.25", "3|2|Drinks|0.25",
			"4|1|Snacks|0.332692", "4|2|Accessories|0.250963",
			"5|1|Accessories|0.5", "5|2|Shoes|0.333333",
		}},
		{"SELECT * FROM predictive_affinity_report('category_2', 2)", []string{
			"1|Accessories|2|5|0.375", "2|Shoes|2|3|0.603495", "3|Snacks|1|1|0.332692",
		}},
		{"SELECT * FROM recommendations(5, 3)", []string{
			"5|1|3|0.45|2", "5|2|4|0.25|2", "5|3|6|0.1|1",
		}},
		{"SELECT * FROM recommendations(5)", []string{ // best sellers fill up to k = 5
			"5|1|3|0.45|2", "5|2|4|0.25|2", "5|3|6|0.1|1", "5|4|5|0|NULL",
		}},
		{"SELECT * FROM recommendations(1, 3)", []string{
			"1|1|5|0.132009|4", "1|2|6|0.0415888|1",
		}},
		{"SELECT * FROM recommendations(1, 3, 'category_1', 30)", []string{ // Food bought on 2024-02-10
			"1|1|6|0.0415888|1",
		}},
		{"SELECT * FROM recommendations(1, 3, 'category_1', 20)", []string{
			"1|1|5|0.132009|4", "1|2|6|0.0415888|1",
		}},
		{"SELECT * FROM recommendations(99, 3)", []string{ // no purchases: best sellers
			"99|1|1|0|NULL", "99|2|2|0|NULL", "99|3|3|0|NULL",
		}},
		{"SELECT * FROM segment_recommendations(NULL, 1)", []string{
			"1|1|5|0.132009|4", "2|1|2|0.252509|3", "3|1|2|0.25|4", "4|1|4|0.165812|5", "5|1|3|0.45|2",
		}},
	}
	for _, c := range cases {
		wantRows(t, c.q, d.exec(c.q), c.want)
	}
	for _, q := range []string{
		"SELECT * FROM recommendations(NULL)",
		"SELECT * FROM recommendations(1, 0)",
		"SELECT * FROM recommendations(1, 3, 'colour')",
		"SELECT * FROM recommendations(1, 3, 'category_1', -1)",
		"SELECT * FROM predictive_affinity('category_2', 0)",
	} {
		if _, err := d.query(q); errCode(err) != 1210 {
			t.Errorf("%s: got %v, want error 1210", q, err)
		}
	}
}

// TestFixtureReplenishment checks repurchase intervals and reminders by
// hand: Shoes gaps 31 (customer 1) and 56 (customer 2), median 43.5,
// rounded to 44; Accessories gap 31 (customer 1).
func TestFixtureReplenishment(t *testing.T) {
	d := fixtureShop(t)
	cases := []struct {
		q    string
		want []string
	}{
		{"SELECT * FROM replenishment_intervals('category_2')", []string{
			"category_2|Shoes|4|2|0.5|2|43.5",
			"category_2|Accessories|2|1|0.5|1|31",
		}},
		{"SELECT * FROM replenishment('category_2')", []string{
			"1|Accessories|2|2024-02-10|31|2024-03-12",
			"1|Shoes|2|2024-02-10|43.5|2024-03-25",
			"2|Accessories|1|2024-01-05|31|2024-02-05",
			"2|Shoes|2|2024-03-01|43.5|2024-04-14",
			"4|Shoes|1|2024-02-02|43.5|2024-03-17",
			"5|Shoes|1|2024-03-05|43.5|2024-04-18",
		}},
		{"SELECT * FROM replenishment('category_2', 'Accessories')", []string{
			"1|Accessories|2|2024-02-10|31|2024-03-12",
			"2|Accessories|1|2024-01-05|31|2024-02-05",
		}},
		{"SELECT * FROM replenishment('product', '1')", []string{ // customer 2: 2024-01-05 -> 03-01
			"1|1|1|2024-01-10|56|2024-03-06",
			"2|1|2|2024-03-01|56|2024-04-26",
			"4|1|1|2024-02-02|56|2024-03-29",
			"5|1|1|2024-03-05|56|2024-04-30",
		}},
		{"SELECT * FROM replenishment('category_2', 'Hats')", []string{}},
	}
	for _, c := range cases {
		wantRows(t, c.q, d.exec(c.q), c.want)
	}
}
