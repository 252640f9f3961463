package gen

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Config says what to generate. The zero value of every field but
// Customers has a default.
type Config struct {
	Customers int       // number of contacts (leads + buyers); > 0
	Seed      uint64    // same seed + same config => byte-identical files
	End       time.Time // last day of history (default 2026-06-30); history spans 2 years up to it
	Products  int       // default max(200, Customers/50), at most 20000
	// DuplicateShare is the share of contacts planted as a second record
	// of an earlier contact (duplicates.csv); 0 means
	// DefaultDuplicateShare, negative none.
	DuplicateShare float64
	// Flaws: a few contacts without e-mail and orders of products no
	// longer in the catalogue (flaws.go).
	Flaws bool
}

// DefaultEnd is the last day of history when Config.End is zero.
var DefaultEnd = time.Date(2026, time.June, 30, 0, 0, 0, 0, time.UTC)

// Stats counts what was written. Files maps file names (customers.csv, ...)
// to bytes written.
type Stats struct {
	Customers, Orders, OrderLines, Products, Events int64
	Files                                           map[string]int64
}

// Writers receive the four tables and the exchange rates. A nil writer
// discards its table.
type Writers struct {
	Customers, Orders, Products, Events, FxRates io.Writer
	Duplicates                                   io.Writer // ground truth of planted duplicates
}

// File names Generate writes.
const (
	CustomersFile = "customers.csv"
	OrdersFile    = "orders.csv"
	ProductsFile  = "products.csv"
	EventsFile    = "events.csv"
)

// Column names of the four tables, in file order.
var (
	CustomerColumns = []string{"customer_id", "email", "first_name", "last_name", "gender", "birth_date",
		"country", "city", "signup_at", "source", "email_opt_in", "updated_at", "phone", "postal_code"}
	OrderColumns = []string{"order_id", "line_no", "customer_id", "ordered_at", "product_id", "quantity",
		"unit_price", "amount", "currency", "status", "channel", "store_id", "coupon_code",
		"source_medium", "source_campaign"}
	ProductColumns = []string{"product_id", "name", "brand", "category_1", "category_2", "category_3",
		"price", "created_at"}
	EventColumns = []string{"customer_id", "occurred_at", "type", "campaign_id", "channel", "product_id",
		"url", "source", "device", "visitor_id"}
)

func (c Config) withDefaults() (Config, error) {
	if c.Customers <= 0 {
		return c, fmt.Errorf("gen: customers must be positive, got %d", c.Customers)
	}
	if c.Products < 0 {
		return c, fmt.Errorf("gen: products must not be negative, got %d", c.Products)
	}
	if c.End.IsZero() {
		c.End = DefaultEnd
	}
	if c.Products == 0 {
		c.Products = min(20000, max(200, c.Customers/50))
	}
	switch {
	case c.DuplicateShare == 0:
		c.DuplicateShare = DefaultDuplicateShare
	case c.DuplicateShare < 0:
		c.DuplicateShare = 0
	case c.DuplicateShare > 0.5:
		return c, fmt.Errorf("gen: duplicate share must be at most 0.5, got %v", c.DuplicateShare)
	}
	return c, nil
}

// Generate writes customers.csv, orders.csv, products.csv, events.csv and
// fx_rates.csv into dir, creating it if missing.
func Generate(dir string, cfg Config) (Stats, error) {
	if _, err := cfg.withDefaults(); err != nil {
		return Stats{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Stats{}, fmt.Errorf("gen: %w", err)
	}
	var files []*os.File
	open := func(name string) io.Writer {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			files = append(files, nil)
			return errWriter{err}
		}
		files = append(files, f)
		return f
	}
	w := Writers{Customers: open(CustomersFile), Orders: open(OrdersFile),
		Products: open(ProductsFile), Events: open(EventsFile), FxRates: open(FxRatesFile), Duplicates: open(DuplicatesFile)}
	st, err := WriteTables(w, cfg)
	for _, f := range files {
		if f != nil {
			err = errors.Join(err, f.Close())
		}
	}
	if err != nil {
		return st, fmt.Errorf("gen: write %s: %w", dir, err)
	}
	return st, nil
}

// errWriter fails every write with the error that kept its file from
// being created.
type errWriter struct{ err error }

func (e errWriter) Write([]byte) (int, error) { return 0, e.err }

// WriteTables writes the four tables to w. Contacts are generated one at a
// time in id order, and each is written out before the next, so memory
// stays bounded whatever cfg.Customers is.
func WriteTables(w Writers, cfg Config) (Stats, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Stats{}, err
	}
	g := newGenerator(cfg)
	out, err := newTables(w)
	if err != nil {
		return Stats{}, err
	}
	if _, err := writeFxRates(w.FxRates, cfg); err != nil {
		return Stats{}, fmt.Errorf("gen: fx rates: %w", err)
	}
	err = g.writeProducts(out.products)
	for id := int64(1); id <= int64(cfg.Customers) && err == nil; id++ {
		g.contact(id)
		err = g.writeContact(out)
	}
	return out.stats(g, err)
}

// generator holds what all contacts share (calendar, catalog, campaigns,
// lookup tables) and scratch space reused from contact to contact.
type generator struct {
	cfg          Config
	cal          *calendar
	cat          *catalog
	camps        []campaign
	r            *rng
	wr           *rng // web attributes' stream (web.go)
	ri, rj       *rng // identity streams of the contact and of its original
	people       []people
	countryCum   cumulative
	cityCum      []cumulative
	sourceCum    cumulative
	cityStore    []int    // per country: store id of its first city
	countryLower []string // per country: lower-case ISO code
	subSlug      []string // per subcategory: name as an identifier

	c       contact
	id      identity // the contact's identity data (identity.go)
	orig    contact  // a duplicate's original
	origID  identity
	days    []float64
	orders  []order
	lines   []line
	events  []event
	clicks  []click
	orderID int64 // last order id written
	nOrders int64
}

func newGenerator(cfg Config) *generator {
	cal := newCalendar(cfg.End)
	g := &generator{cfg: cfg, cal: cal, cat: newCatalog(cfg.Products, cfg.Seed, cal),
		camps: newCampaigns(cal), r: newRNG(), ri: newRNG(), rj: newRNG(), people: newPeople()}
	var cw, sw []float64
	store := 1
	for _, c := range countries {
		cw = append(cw, c.weight)
		w := make([]float64, len(c.cities))
		for i := range w {
			w[i] = 1 / float64(i+1)
		}
		g.cityCum = append(g.cityCum, makeCumulative(w))
		g.cityStore = append(g.cityStore, store)
		g.countryLower = append(g.countryLower, strings.ToLower(c.code))
		store += len(c.cities)
	}
	for _, s := range sources {
		sw = append(sw, s.weight)
	}
	g.countryCum, g.sourceCum = makeCumulative(cw), makeCumulative(sw)
	for _, top := range categoryTree {
		for _, sub := range top.subs {
			g.subSlug = append(g.subSlug, slug(sub.name))
		}
	}
	return g
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r == ' ' || r == '&':
			if n := b.Len(); n > 0 && b.String()[n-1] != '_' {
				b.WriteByte('_')
			}
		}
	}
	return b.String()
}
