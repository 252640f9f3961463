package affinity_test

import "testing"

// fixtureShop is a shop loaded with testdata/fixture.sql.
func fixtureShop(t *testing.T) *shopDB {
	d := newShop(t)
	d.script("testdata/fixture.sql")
	return d
}

// TestFixtureRules checks affinity_rules against counts worked out by
// hand from testdata/fixture.sql (docs/affinity.md shows the working).
// Baskets by order, product level: 101{1,3} 102{2,3,4} 201{1,3} 202{1}
// 301{4,5} 401{5} 402{1,6} 501{1,2}; 302 is cancelled: N = 8.
func TestFixtureRules(t *testing.T) {
	d := fixtureShop(t)
	cases := []struct {
		q    string
		want []string
	}{
		{"SELECT * FROM affinity_rules('product', 2)", []string{
			"product|order|3|NULL|1|2|3|5|8|0.25|0.666667|1.06667",
			"product|order|1|NULL|3|2|5|3|8|0.25|0.4|1.06667",
		}},
		{"SELECT * FROM affinity_rules('product', 1)", []string{
			"product|order|3|NULL|1|2|3|5|8|0.25|0.666667|1.06667",
			"product|order|1|NULL|3|2|5|3|8|0.25|0.4|1.06667",
			"product|order|6|NULL|1|1|1|5|8|0.125|1|1.6",
			"product|order|2|NULL|1|1|2|5|8|0.125|0.5|0.8",
			"product|order|2|NULL|3|1|2|3|8|0.125|0.5|1.33333",
			"product|order|2|NULL|4|1|2|2|8|0.125|0.5|2",
			"product|order|4|NULL|2|1|2|2|8|0.125|0.5|2",
			"product|order|4|NULL|3|1|2|3|8|0.125|0.5|1.33333",
			"product|order|4|NULL|5|1|2|2|8|0.125|0.5|2",
			"product|order|5|NULL|4|1|2|2|8|0.125|0.5|2",
			"product|order|3|NULL|2|1|3|2|8|0.125|0.333333|1.33333",
			"product|order|3|NULL|4|1|3|2|8|0.125|0.333333|1.33333",
			"product|order|1|NULL|2|1|5|2|8|0.125|0.2|0.8",
			"product|order|1|NULL|6|1|5|1|8|0.125|0.2|1.6",
		}},
		{"SELECT * FROM affinity_rules('category_2', 0.25)", []string{
			"category_2|order|Accessories|NULL|Shoes|3|3|6|8|0.375|1|1.33333",
			"category_2|order|Shoes|NULL|Accessories|3|6|3|8|0.375|0.5|1.33333",
		}},
		{"SELECT * FROM affinity_rules(NULL, 0.25)", []string{ // default level: category_2
			"category_2|order|Accessories|NULL|Shoes|3|3|6|8|0.375|1|1.33333",
			"category_2|order|Shoes|NULL|Accessories|3|6|3|8|0.375|0.5|1.33333",
		}},
		{"SELECT * FROM affinity_rules('category_2', 1, 0.9, 'order', 3)", []string{
			"category_2|order|Accessories|NULL|Shoes|3|3|6|8|0.375|1|1.33333",
			"category_2|order|Accessories|Snacks|Shoes|1|1|6|8|0.125|1|1.33333",
			"category_2|order|Shoes|Snacks|Accessories|1|1|3|8|0.125|1|2.66667",
		}},
		// Customers: 1{Shoes,Accessories,Snacks} 2{Shoes,Accessories}
		// 3{Snacks,Drinks} 4{Drinks,Shoes} 5{Shoes}: N = 5.
		{"SELECT * FROM affinity_rules('category_2', 2, 0, 'customer')", []string{
			"category_2|customer|Accessories|NULL|Shoes|2|2|4|5|0.4|1|1.25",
			"category_2|customer|Shoes|NULL|Accessories|2|4|2|5|0.4|0.5|1.25",
		}},
		{"SELECT antecedent, consequent FROM affinity_rules('category_1', 0.5)", []string{}},
	}
	for _, c := range cases {
		wantRows(t, c.q, d.exec(c.q), c.want)
	}
}

// TestFixtureTopProducts checks top_products against hand-worked counts.
// Valid orders by customer and time: 1: 101, 102; 2: 201, 202; 3: 301;
// 4: 401, 402; 5: 501. Five buyers.
func TestFixtureTopProducts(t *testing.T) {
	d := fixtureShop(t)
	cases := []struct {
		q    string
		want []string
	}{
		{"SELECT * FROM top_products('product')", []string{
			"product|1|1|4|0.8|7|70.00|5|3|2",
			"product|2|2|2|0.4|2|40.00|2|1|1",
			"product|3|3|2|0.4|4|20.00|3|2|1",
			"product|4|5|2|0.4|2|16.00|2|2|0",
			"product|5|4|2|0.4|2|6.00|2|1|1",
			"product|6|6|1|0.2|1|1.00|1|0|1",
		}},
		{"SELECT * FROM top_products('product', NULL, '2024-02-01', '2024-02-28')", []string{
			"product|1|2|1|0.5|1|20.00|1|0|1",
			"product|2|1|1|0.5|1|10.00|1|0|1",
			"product|3|3|1|0.5|2|10.00|1|0|1",
			"product|4|5|1|0.5|1|8.00|1|1|0",
			"product|5|4|1|0.5|1|3.00|1|0|1",
			"product|6|6|1|0.5|1|1.00|1|0|1",
		}},
		{"SELECT * FROM top_products()", []string{
			"category_2|1|Shoes|4|0.8|9|110.00|6|3|3",
			"category_2|2|Accessories|2|0.4|4|20.00|3|2|1",
			"category_2|3|Drinks|2|0.4|2|16.00|2|2|0",
			"category_2|4|Snacks|2|0.4|2|6.00|2|1|1",
		}},
	}
	for _, c := range cases {
		wantRows(t, c.q, d.exec(c.q), c.want)
	}
}

// TestArgumentErrors: bad arguments are MySQL 1210 with a message.
func TestArgumentErrors(t *testing.T) {
	d := fixtureShop(t)
	for _, q := range []string{
		"SELECT * FROM affinity_rules('brand')",
		"SELECT * FROM affinity_rules('product', 0)",
		"SELECT * FROM affinity_rules('product', 0.1, 2)",
		"SELECT * FROM affinity_rules('product', 0.1, 0, 'session')",
		"SELECT * FROM affinity_rules('product', 0.1, 0, 'order', 4)",
		"SELECT * FROM top_products('product', NULL, 'yesterday')",
	} {
		if _, err := d.query(q); errCode(err) != 1210 {
			t.Errorf("%s: got %v, want error 1210", q, err)
		}
	}
}

// TestPrimaryLevelSetting: CALL affinity_set_level saves the default
// level of every function; a bad saved value is reported with the fix.
func TestPrimaryLevelSetting(t *testing.T) {
	d := fixtureShop(t)
	q := "SELECT level, item FROM top_products() LIMIT 1"
	wantRows(t, q, d.exec(q), []string{"category_2|Shoes"})
	d.exec("CALL affinity_set_level('category_1')")
	wantRows(t, q, d.exec(q), []string{"category_1|Fashion"})
	wantRows(t, "settings", d.exec("SELECT value FROM settings WHERE name = 'affinity.primary_level'"), []string{"category_1"})
	if _, err := d.query("CALL affinity_set_level('brand')"); errCode(err) != 1210 {
		t.Errorf("bad level: got %v, want 1210", err)
	}
	d.exec("UPDATE settings SET value = 'colour' WHERE name = 'affinity.primary_level'")
	if _, err := d.query(q); errCode(err) != 1210 {
		t.Errorf("bad saved level: got %v, want 1210", err)
	}
}

// TestFixtureTopProductsBy checks top_products_by against hand-worked
// counts: the fixture's customers 1-5 plus a lead (6), lifecycle windows
// saved as 30 and 40 days. As of the latest order day, 2024-03-05:
// buyer status one-time {3, 5} (order 302 is cancelled), repeat {1, 2,
// 4}; stage (recency 24, 4, 45, 32, 0 days) active {1, 2}, defecting {4},
// first-time buyer {5}, inactive {3}. Each group's rows add up to
// top_products' row of the item.
func TestFixtureTopProductsBy(t *testing.T) {
	d := fixtureShop(t)
	d.exec("INSERT INTO customers (customer_id, email, signup_at) VALUES (1, 'c1@x', '2024-01-01'), (2, 'c2@x', '2024-01-01'), " +
		"(3, 'c3@x', '2024-01-01'), (4, 'c4@x', '2024-01-01'), (5, 'c5@x', '2024-01-01'), (6, 'c6@x', '2024-01-01')")
	d.exec("CREATE TABLE IF NOT EXISTS settings (name VARCHAR(100) NOT NULL PRIMARY KEY, value TEXT, updated_at DATETIME)")
	d.exec("INSERT INTO settings (name, value) VALUES ('lifecycle.active_days', '30'), ('lifecycle.lapsed_days', '40')")
	cases := []struct {
		q    string
		want []string
	}{
		{"SELECT * FROM top_products_by('buyer_status', 'category_2')", []string{
			"category_2|one-time|1|Shoes|1|0.5|4|50.00|1|1|0",
			"category_2|one-time|2|Drinks|1|0.5|1|8.00|1|1|0",
			"category_2|one-time|3|Snacks|1|0.5|1|3.00|1|1|0",
			"category_2|repeat|1|Shoes|3|1|5|60.00|5|2|3",
			"category_2|repeat|2|Accessories|2|0.666667|4|20.00|3|2|1",
			"category_2|repeat|3|Drinks|1|0.333333|1|8.00|1|1|0",
			"category_2|repeat|4|Snacks|1|0.333333|1|3.00|1|0|1",
		}},
		{"SELECT * FROM top_products_by(NULL, NULL, NULL, NULL, 1)", []string{ // stage, category_2
			"category_2|active|1|Shoes|2|1|4|50.00|4|2|2",
			"category_2|defecting|1|Shoes|1|1|1|10.00|1|0|1",
			"category_2|first-time buyer|1|Shoes|1|1|4|50.00|1|1|0",
			"category_2|inactive|1|Drinks|1|1|1|8.00|1|1|0",
		}},
		// Orders of 2024-02-01 .. 2024-02-05, stages as of 2024-02-05:
		// only customer 4 bought (401, 402; recency 3 days, two orders:
		// active); product 4 of 401 was returned.
		{"SELECT dimension_value, item, buyers FROM top_products_by('stage', 'product', '2024-02-01', '2024-02-05')", []string{
			"active|1|1",
			"active|5|1",
			"active|6|1",
		}},
	}
	for _, c := range cases {
		wantRows(t, c.q, d.exec(c.q), c.want)
	}
	for _, q := range []string{"SELECT * FROM top_products_by('country')", "SELECT * FROM top_products_by('stage', 'product', NULL, NULL, 0)"} {
		if _, err := d.query(q); errCode(err) != 1210 {
			t.Errorf("%s: got %v, want error 1210", q, err)
		}
	}
}
