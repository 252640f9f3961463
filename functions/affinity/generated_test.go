package affinity_test

import (
	"fmt"
	"slices"
	"testing"
)

// complement is the generator's planted partner of each category_2
// (cmd/cohortdb/gen/catalog_data.go): a line's next line comes from the same
// category_2 (45%), from this complement (25%) or from anywhere.
var complement = map[string]string{
	"Women's Clothing": "Accessories", "Men's Clothing": "Shoes", "Shoes": "Accessories", "Accessories": "Women's Clothing",
	"Kitchen": "Coffee & Tea", "Furniture": "Decor", "Decor": "Bedding & Bath", "Bedding & Bath": "Decor",
	"Audio": "Phones & Accessories", "Phones & Accessories": "Audio", "Computers": "Phones & Accessories", "Smart Home": "Computers",
	"Skincare": "Makeup", "Makeup": "Skincare", "Hair Care": "Skincare", "Fragrance": "Makeup",
	"Fitness": "Sportswear", "Cycling": "Sportswear", "Camping": "Snacks", "Sportswear": "Shoes",
	"Toys": "Kids' Clothing", "Baby Care": "Toys", "Kids' Clothing": "Toys", "School": "Stationery",
	"Coffee & Tea": "Kitchen", "Snacks": "Drinks", "Pantry": "Kitchen", "Drinks": "Snacks",
	"Books": "Stationery", "Music": "Audio", "Games": "Audio", "Stationery": "Books",
}

func str(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return fmt.Sprint(v)
}

// planted reports whether category_2 b is a planted partner of a: the
// same category_2, or the complement of the other (co-purchase within an
// order is symmetric, so both directions count).
func planted(a, b string) bool { return a == b || complement[a] == b || complement[b] == a }

// latestOrders returns, per buyer, the category_2 of the lines of their
// latest valid order, their number of orders and the products they bought.
func latestOrders(d *shopDB) (last map[int64][]string, orders map[int64]int, bought map[int64]map[int64]bool) {
	last, orders, bought = map[int64][]string{}, map[int64]int{}, map[int64]map[int64]bool{}
	var cur, curOrder int64 = -1, -1
	for _, r := range d.exec(`SELECT o.customer_id, o.order_id, p.category_2, o.product_id FROM orders o
		JOIN products p ON p.product_id = o.product_id WHERE o.status = 'valid'
		ORDER BY o.customer_id, o.ordered_at, o.order_id`) {
		c, o := r[0].(int64), r[1].(int64)
		if c != cur {
			bought[c] = map[int64]bool{}
		}
		if c != cur || o != curOrder {
			cur, curOrder, last[c] = c, o, nil
			orders[c]++
		}
		last[c] = append(last[c], str(r[2]))
		bought[c][r[3].(int64)] = true
	}
	return last, orders, bought
}

// anyPlanted reports whether category_2 x is a planted partner of one of
// the anchors.
func anyPlanted(anchors []string, x string) bool {
	for _, a := range anchors {
		if planted(a, x) {
			return true
		}
	}
	return false
}

// rate formats hits of n as a percentage.
func rate(hits, n int) string {
	return fmt.Sprintf("%d/%d = %.1f%%", hits, n, 100*float64(hits)/float64(max(n, 1)))
}

// TestPlantedPatterns measures how often the functions find the
// generator's planted co-purchase partners and logs the hit rates
// (docs/affinity.md records them).
func TestPlantedPatterns(t *testing.T) {
	d := generatedShop(t, 4000, 3)
	last, orders, bought := latestOrders(d)

	// Rules: is each category_2's most confident partner a planted one?
	best, conf := map[string]string{}, map[string]float64{}
	for _, r := range d.exec("SELECT antecedent, consequent, confidence FROM affinity_rules('category_2', 1)") {
		if a, f := str(r[0]), r[2].(float64); f > conf[a] {
			conf[a], best[a] = f, str(r[1])
		}
	}
	hits, forward := 0, 0
	for a, c := range best {
		if planted(a, c) {
			hits++
		}
		if complement[a] == c {
			forward++
		}
	}
	t.Logf("affinity_rules: most confident partner planted for %s category_2 (the forward complement for %d)", rate(hits, len(best)), forward)
	if len(best) < 30 || hits*10 < len(best)*9 {
		t.Errorf("planted partner found for only %s", rate(hits, len(best)))
	}

	// predictive_affinity: the best prediction outside the latest order's
	// categories is a planted partner of one of them.
	preds := map[int64][]string{}
	for _, r := range d.exec("SELECT customer_id, item FROM predictive_affinity('category_2', 10)") {
		preds[r[0].(int64)] = append(preds[r[0].(int64)], str(r[1]))
	}
	var n, hit, n1, hit1 int
	for c, ps := range preds {
		for _, p := range ps {
			if slices.Contains(last[c], p) {
				continue
			}
			ok := anyPlanted(last[c], p)
			n, hit = n+1, hit+b2i(ok)
			if orders[c] == 1 {
				n1, hit1 = n1+1, hit1+b2i(ok)
			}
			break
		}
	}
	t.Logf("predictive_affinity: first new category planted for %s buyers (one-order buyers %s)", rate(hit, n), rate(hit1, n1))
	if n < 1000 || hit*2 < n || hit1*10 < n1*8 {
		t.Errorf("predictive hit rate %s (one-order %s) is too low", rate(hit, n), rate(hit1, n1))
	}

	// Recommendations: the top product's category_2 is a planted partner
	// of the latest order's. Baseline: the best seller not bought yet.
	cat := map[int64]string{}
	for _, r := range d.exec("SELECT product_id, category_2 FROM products") {
		cat[r[0].(int64)] = str(r[1])
	}
	var popular []int64
	for _, r := range d.exec("SELECT item FROM top_products('product')") {
		var id int64
		fmt.Sscan(str(r[0]), &id)
		popular = append(popular, id)
	}
	n, hit = 0, 0
	base := 0
	for _, r := range d.exec("SELECT customer_id, product_id FROM segment_recommendations(NULL, 1)") {
		c, p := r[0].(int64), r[1].(int64)
		n, hit = n+1, hit+b2i(anyPlanted(last[c], cat[p]))
		for _, q := range popular {
			if !bought[c][q] {
				base += b2i(anyPlanted(last[c], cat[q]))
				break
			}
		}
	}
	t.Logf("recommendations: top product planted for %s buyers; best-seller baseline %s", rate(hit, n), rate(base, n))
	if n < 1000 || hit*2 < n || hit < 4*base {
		t.Errorf("recommendation hit rate %s (baseline %s) is too low", rate(hit, n), rate(base, n))
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestRecommendationsNeverBought is the property: over every buyer of a
// generated shop, no recommended product was bought by the customer
// (checked by a join with orders), each customer gets k distinct
// products, and with a category exclusion no product of a category bought
// in the window is offered.
func TestRecommendationsNeverBought(t *testing.T) {
	d := generatedShop(t, 1500, 9)
	const k = 10
	buyers := d.exec("SELECT COUNT(DISTINCT customer_id) FROM orders WHERE status = 'valid'")[0][0].(int64)
	checks := []struct{ what, q string }{
		{"bought products offered", `SELECT COUNT(*) FROM segment_recommendations(NULL, 10) r
			JOIN orders o ON o.customer_id = r.customer_id AND o.product_id = r.product_id WHERE o.status = 'valid'`},
		{"duplicate products", `SELECT COUNT(*) FROM (SELECT customer_id, product_id FROM segment_recommendations(NULL, 10)
			GROUP BY customer_id, product_id HAVING COUNT(*) > 1) x`},
		{"customers without k rows", `SELECT COUNT(*) FROM (SELECT customer_id FROM segment_recommendations(NULL, 10)
			GROUP BY customer_id HAVING COUNT(*) <> 10) x`},
		{"scores outside [0,1] or not descending", `SELECT COUNT(*) FROM segment_recommendations(NULL, 10) a
			JOIN segment_recommendations(NULL, 10) b ON a.customer_id = b.customer_id AND b.` + "`rank`" + ` = a.` + "`rank`" + ` + 1
			WHERE b.score > a.score OR a.score > 1 OR b.score < 0`},
		{"recently bought categories offered", `SELECT COUNT(*) FROM segment_recommendations(NULL, 10, 'category_2', 60) r
			JOIN products p ON p.product_id = r.product_id
			JOIN orders o ON o.customer_id = r.customer_id AND o.status = 'valid'
			JOIN products q ON q.product_id = o.product_id AND q.category_2 = p.category_2
			WHERE o.ordered_at >= (SELECT MAX(ordered_at) FROM orders WHERE status = 'valid') - INTERVAL 60 DAY`},
	}
	for _, c := range checks {
		if n := d.exec(c.q)[0][0]; fmt.Sprint(n) != "0" {
			t.Errorf("%s: %v", c.what, n)
		}
	}
	rows := d.exec("SELECT COUNT(DISTINCT customer_id), COUNT(*) FROM segment_recommendations(NULL, 10)")[0]
	if rows[0].(int64) != buyers || rows[1].(int64) != buyers*k {
		t.Errorf("got %v customers, %v rows; want %d buyers × %d", rows[0], rows[1], buyers, k)
	}
}
