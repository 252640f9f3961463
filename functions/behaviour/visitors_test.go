package behaviour_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
)

// TestAnonymousVisitors: where events has a visitor_id and a nullable
// customer_id (identity unification adds them), an anonymous visitor's
// web events form sessions of their own; an event with a customer_id
// belongs to the customer whatever its visitor_id.
func TestAnonymousVisitors(t *testing.T) {
	d := enginetest.NewShop(t)
	d.Exec("CREATE DATABASE web")
	d.Exec("CREATE TABLE web.orders LIKE shop.orders")
	d.Exec(`CREATE TABLE web.events (customer_id BIGINT, occurred_at DATETIME NOT NULL, type VARCHAR(20) NOT NULL,
 source VARCHAR(20), visitor_id VARCHAR(64))`)
	d.Exec(`INSERT INTO web.events VALUES
 (1, '2024-06-11 07:55:00', 'site_visit', 'search', NULL),
 (1, '2024-06-11 08:05:00', 'product_view', 'search', 'v1'),
 (NULL, '2024-06-11 08:00:00', 'site_visit', 'ad', 'v1'),
 (NULL, '2024-06-11 08:10:00', 'product_view', 'ad', 'v1'),
 (NULL, '2024-06-11 08:00:00', 'site_visit', 'direct', 'v2'),
 (NULL, '2024-06-11 09:00:00', 'site_visit', 'direct', NULL)`)
	d.Exec(`INSERT INTO web.orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount) VALUES
 (1, 1, 1, '2024-06-11 08:20:00', 1, 1, 20.00, 20.00)`)
	d.Exec("USE web")
	// Customer 1: one session of 600 s that converts; v1: one of 600 s;
	// v2: a bounce; the event of nobody counts nowhere.
	enginetest.WantRows(t, "visitors", d.Exec("SELECT * FROM session_stats('2024-06-11', '2024-06-11')"),
		[]string{"all|3|3|0.3333|400|1|0.3333|20.00|6.67"})
	enginetest.WantRows(t, "visitors by source", d.Exec("SELECT dimension_value, sessions, visitors, conversions FROM session_stats('2024-06-11', '2024-06-11', 'source')"),
		[]string{"ad|1|1|0", "direct|1|1|0", "search|1|1|1"})
}
