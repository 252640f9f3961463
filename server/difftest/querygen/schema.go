package querygen

// typ is the SQL type family of a column or expression.
type typ int

const (
	tInt typ = iota
	tDec
	tStr
	tDate
	tDateTime
	tBool
	nTypes
)

type column struct {
	name string
	t    typ
}

type table struct {
	name string
	cols []column
	// key is a unique row key (empty for events, which has none): window
	// and LIMIT orderings end with it so ties cannot reorder rows.
	key []string
}

// shop is the canonical schema (engine/canonical/shop.sql) as the
// generator sees it.
var shop = []table{
	{"customers", []column{
		{"customer_id", tInt}, {"email", tStr}, {"first_name", tStr}, {"last_name", tStr}, {"gender", tStr},
		{"birth_date", tDate}, {"country", tStr}, {"city", tStr}, {"signup_at", tDateTime}, {"source", tStr},
		{"email_opt_in", tBool}, {"updated_at", tDateTime},
	}, []string{"customer_id"}},
	{"orders", []column{
		{"order_id", tInt}, {"line_no", tInt}, {"customer_id", tInt}, {"ordered_at", tDateTime},
		{"product_id", tInt}, {"quantity", tInt}, {"unit_price", tDec}, {"amount", tDec}, {"currency", tStr},
		{"status", tStr}, {"channel", tStr}, {"store_id", tInt}, {"coupon_code", tStr}, {"source_medium", tStr},
		{"source_campaign", tStr},
	}, []string{"order_id", "line_no"}},
	{"products", []column{
		{"product_id", tInt}, {"name", tStr}, {"brand", tStr}, {"category_1", tStr}, {"category_2", tStr},
		{"category_3", tStr}, {"price", tDec}, {"created_at", tDateTime},
	}, []string{"product_id"}},
	{"events", []column{
		{"customer_id", tInt}, {"occurred_at", tDateTime}, {"type", tStr}, {"campaign_id", tInt},
		{"channel", tStr}, {"product_id", tInt},
	}, nil},
}

func tableNamed(name string) table {
	for _, t := range shop {
		if t.name == name {
			return t
		}
	}
	panic("querygen: no table " + name)
}

// relation is a join path between two tables.
type relation struct {
	a, b       string
	aCol, bCol string
}

var relations = []relation{
	{"customers", "orders", "customer_id", "customer_id"},
	{"orders", "products", "product_id", "product_id"},
	{"customers", "events", "customer_id", "customer_id"},
	// events–products is left out: cohortdb joins events to products
	// row by row (seconds on 4,500 events), too slow for CI.
}

// Literal pools: values that occur in the generated shop (and its
// NULL-heavy rows), so that predicates select some rows and not all.
var (
	strLits = map[string][]string{
		"country":  {"'DE'", "'NL'", "'PL'", "'GB'", "'FR'", "''"},
		"status":   {"'valid'", "'cancelled'", "'returned'"},
		"channel":  {"'web'", "'store'", "'app'", "'marketplace'", "'email'", "''"},
		"currency": {"'EUR'", "'GBP'", "'PLN'"},
		"gender":   {"'F'", "'M'", "'U'"},
		"type":     {"'email_open'", "'site_visit'", "'product_view'", "'cart_add'", "'email_click'"},
		"source":   {"'organic'", "'newsletter'", "'google_ads'", "'Referral'"},
	}
	anyStrLits = []string{"'a'", "'Zoë'", "'NULL'", "''", "'x-y'", "'Shoes'", "'%'", "'O''Brien'"}
	likePats   = []string{"'a%'", "'%e%'", "'%@%.com'", "'_a%'", "'%'", "'%s'", "'Z%'", "'%&%'"}
	dateLits   = []string{"'2025-01-01'", "'2024-02-29'", "'2025-06-30'", "'2026-03-15'", "'1990-05-17'"}
	dtLits     = []string{"'2025-01-01 00:00:00'", "'2025-11-28 08:00:00'", "'2026-06-30 23:59:59'", "'2024-12-31 12:30:00'"}
	dateFmts   = []string{"'%Y-%m'", "'%Y-%m-%d %H:00'", "'%x-%v'", "'%W %e %M %Y'", "'%a %b %d'", "'%j'", "'%U/%u/%V'", "'%H:%i:%s'", "'%y%m%d'", "'%D %p'"}
	units      = []string{"DAY", "WEEK", "MONTH", "QUARTER", "YEAR", "HOUR", "MINUTE"}
	diffUnits  = []string{"DAY", "WEEK", "MONTH", "YEAR", "HOUR", "MINUTE", "SECOND", "QUARTER"}
)
