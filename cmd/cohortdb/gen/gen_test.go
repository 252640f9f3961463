package gen

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"
)

// dataset is one generated set of tables, kept in memory and parsed.
type dataset struct {
	stats Stats
	raw   map[string][]byte
	rows  map[string][][]string // without header
}

var (
	datasetsMu sync.Mutex
	datasets   = map[Config]*dataset{}
)

// generate returns the dataset of cfg, generating it once per test binary.
func generate(t testing.TB, cfg Config) *dataset {
	t.Helper()
	datasetsMu.Lock()
	defer datasetsMu.Unlock()
	if d, ok := datasets[cfg]; ok {
		return d
	}
	var c, o, p, e, dup bytes.Buffer
	st, err := WriteTables(Writers{Customers: &c, Orders: &o, Products: &p, Events: &e, Duplicates: &dup}, cfg)
	if err != nil {
		t.Fatalf("WriteTables(%+v): %v", cfg, err)
	}
	d := &dataset{stats: st, raw: map[string][]byte{
		CustomersFile: c.Bytes(), OrdersFile: o.Bytes(), ProductsFile: p.Bytes(), EventsFile: e.Bytes(),
		DuplicatesFile: dup.Bytes(),
	}, rows: map[string][][]string{}}
	for name, header := range headers {
		d.rows[name] = parse(t, name, d.raw[name], header)
	}
	datasets[cfg] = d
	return d
}

var headers = map[string][]string{
	CustomersFile: CustomerColumns, OrdersFile: OrderColumns, ProductsFile: ProductColumns, EventsFile: EventColumns,
	DuplicatesFile: DuplicateColumns,
}

// parse reads a CSV file strictly: the header must match and every record
// must have as many fields.
func parse(t testing.TB, name string, data []byte, header []string) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = len(header)
	all, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(all) == 0 || fmt.Sprint(all[0]) != fmt.Sprint(header) {
		t.Fatalf("%s: header %v, want %v", name, all[:min(1, len(all))], header)
	}
	return all[1:]
}

func hashes(d *dataset) map[string][32]byte {
	out := map[string][32]byte{}
	for name, b := range d.raw {
		out[name] = sha256.Sum256(b)
	}
	return out
}

func TestDeterminism(t *testing.T) {
	base := Config{Customers: 2000, Seed: 7}
	ref := hashes(generate(t, base))
	for _, tc := range []struct {
		name string
		cfg  Config
		same bool
	}{
		{"same seed", Config{Customers: 2000, Seed: 7}, true},
		{"explicit defaults", Config{Customers: 2000, Seed: 7, End: DefaultEnd, Products: 200}, true},
		{"other seed", Config{Customers: 2000, Seed: 8}, false},
		{"other end", Config{Customers: 2000, Seed: 7, End: DefaultEnd.AddDate(0, -1, 0)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c, o, p, e, dup bytes.Buffer
			if _, err := WriteTables(Writers{Customers: &c, Orders: &o, Products: &p, Events: &e, Duplicates: &dup}, tc.cfg); err != nil {
				t.Fatal(err)
			}
			got := map[string][32]byte{
				CustomersFile: sha256.Sum256(c.Bytes()), OrdersFile: sha256.Sum256(o.Bytes()),
				ProductsFile: sha256.Sum256(p.Bytes()), EventsFile: sha256.Sum256(e.Bytes()),
				DuplicatesFile: sha256.Sum256(dup.Bytes()),
			}
			for name := range ref {
				if name == DuplicatesFile && !tc.same {
					continue // which contacts are duplicates does not depend on the dates
				}
				if (got[name] == ref[name]) != tc.same {
					t.Errorf("%s: identical=%v, want %v", name, got[name] == ref[name], tc.same)
				}
			}
		})
	}
}

// TestPrefixStable checks that a contact's rows do not depend on how many
// contacts follow it.
func TestPrefixStable(t *testing.T) {
	small := generate(t, Config{Customers: 500, Seed: 3, Products: 200})
	large := generate(t, Config{Customers: 2000, Seed: 3, Products: 200})
	for name, a := range small.raw {
		b := large.raw[name]
		if ok := bytes.HasPrefix(b, a); !ok || name == ProductsFile && len(a) != len(b) {
			t.Errorf("%s of 500 contacts is not a prefix of that of 2000 (or products differ)", name)
		}
	}
}

func TestGenerateFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	cfg := Config{Customers: 2000, Seed: 7}
	st, err := Generate(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	mem := generate(t, cfg)
	for name, want := range mem.raw {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from WriteTables output", name)
		}
		if st.Files[name] != int64(len(got)) {
			t.Errorf("Stats.Files[%s] = %d, file has %d bytes", name, st.Files[name], len(got))
		}
	}
	counts := []struct {
		name string
		got  int64
		file string
	}{
		{"Customers", st.Customers, CustomersFile},
		{"OrderLines", st.OrderLines, OrdersFile},
		{"Products", st.Products, ProductsFile},
		{"Events", st.Events, EventsFile},
	}
	for _, c := range counts {
		if want := int64(len(mem.rows[c.file])); c.got != want {
			t.Errorf("Stats.%s = %d, want %d", c.name, c.got, want)
		}
	}
	if st.Customers != 2000 || st.Products != 200 {
		t.Errorf("Stats = %+v, want 2000 customers and 200 products", st)
	}
}

func TestErrors(t *testing.T) {
	for _, cfg := range []Config{{}, {Customers: -1}, {Customers: 10, Products: -1}} {
		if _, err := WriteTables(Writers{}, cfg); err == nil {
			t.Errorf("WriteTables(%+v) succeeded, want error", cfg)
		}
	}
	failing := errWriter{errors.New("disk full")}
	if _, err := WriteTables(Writers{Events: failing}, Config{Customers: 3000}); !errors.Is(err, failing.err) {
		t.Errorf("WriteTables to a failing writer: %v, want %v", err, failing.err)
	}
	if _, err := Generate("/dev/null/x", Config{Customers: 10}); err == nil {
		t.Error("Generate into a non-directory succeeded")
	}
}

var (
	reInt      = regexp.MustCompile(`^[1-9][0-9]*$`)
	reMoney    = regexp.MustCompile(`^[0-9]+\.[0-9]{2}$`)
	reDate     = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	reDateTime = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$`)
	reBool     = regexp.MustCompile(`^[01]$`)
	reISO2     = regexp.MustCompile(`^[A-Z]{2}$`)
	// Planted duplicates write addresses in other cases, with spaces
	// around, dots and plus-tags.
	reEmail    = regexp.MustCompile(`^ ?[a-zA-Z_.]+[0-9.]+(\+[a-z0-9]+)?@[a-zA-Z0-9.-]+\.[a-zA-Z]+ ?$`)
	rePhone    = regexp.MustCompile(`^[+(0-9][0-9 ()-]+[0-9]$`)
	rePostcode = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 -]+$`)
	reVisitor  = regexp.MustCompile(`^[va]-[0-9a-z]+$`)
	reCurrency = regexp.MustCompile(`^[A-Z]{3}$`)
)

func oneOf(vals ...string) *regexp.Regexp {
	return regexp.MustCompile(`^(` + regexp.QuoteMeta(vals[0]) + joinQuoted(vals[1:]) + `)$`)
}

func joinQuoted(vals []string) string {
	s := ""
	for _, v := range vals {
		s += "|" + regexp.QuoteMeta(v)
	}
	return s
}

// columnFormats says what each column's values look like. A nil-able column
// also accepts the empty field (NULL).
var columnFormats = map[string]map[string]struct {
	re       *regexp.Regexp
	nullable bool
}{
	CustomersFile: {
		"customer_id": {reInt, false}, "email": {reEmail, false}, "gender": {oneOf("F", "M", "U"), false},
		"birth_date": {reDate, true}, "country": {reISO2, false}, "signup_at": {reDateTime, false},
		"source":       {oneOf("organic", "newsletter", "facebook", "google_ads", "referral", "marketplace"), false},
		"email_opt_in": {reBool, false}, "updated_at": {reDateTime, false},
		"phone": {rePhone, true}, "postal_code": {rePostcode, false},
	},
	OrdersFile: {
		"order_id": {reInt, false}, "line_no": {oneOf("1", "2", "3", "4"), false}, "customer_id": {reInt, false},
		"ordered_at": {reDateTime, false}, "product_id": {reInt, false}, "quantity": {reInt, false},
		"unit_price": {reMoney, false}, "amount": {reMoney, false}, "currency": {reCurrency, false},
		"status":   {oneOf("valid", "cancelled", "returned"), false},
		"channel":  {oneOf("web", "app", "store", "marketplace"), false},
		"store_id": {reInt, true},
	},
	ProductsFile: {
		"product_id": {reInt, false}, "price": {reMoney, false}, "created_at": {reDateTime, false},
	},
	EventsFile: {
		"customer_id": {reInt, true}, "occurred_at": {reDateTime, false}, "visitor_id": {reVisitor, true},
		"type": {oneOf("email_sent", "email_open", "email_click", "site_visit", "product_view",
			"cart_add", "unsubscribe"), false},
		"campaign_id": {reInt, true}, "channel": {oneOf("email", "web", "app"), false},
		"product_id": {reInt, true},
	},
	DuplicatesFile: {
		"customer_id": {reInt, false}, "duplicate_of": {reInt, false},
		"variant": {oneOf("email_case", "email_gmail", "phone_format", "name_typo"), false},
	},
}

func TestColumnFormats(t *testing.T) {
	d := generate(t, Config{Customers: 5000, Seed: 1})
	for file, cols := range columnFormats {
		header := headers[file]
		for i, col := range header {
			f, ok := cols[col]
			if !ok {
				continue
			}
			t.Run(file+"/"+col, func(t *testing.T) {
				for n, row := range d.rows[file] {
					v := row[i]
					if v == "" && f.nullable {
						continue
					}
					if !f.re.MatchString(v) {
						t.Fatalf("row %d: %s = %q does not match %s", n+1, col, v, f.re)
					}
				}
			})
		}
	}
}

func TestTimesParse(t *testing.T) {
	d := generate(t, Config{Customers: 5000, Seed: 1})
	lo, hi := DefaultEnd.AddDate(-2, 0, 1), DefaultEnd.AddDate(0, 0, 1)
	for _, c := range []struct{ file, col string }{
		{CustomersFile, "signup_at"}, {CustomersFile, "updated_at"},
		{OrdersFile, "ordered_at"}, {EventsFile, "occurred_at"},
	} {
		i := colIndex(headers[c.file], c.col)
		for _, row := range d.rows[c.file] {
			ts, err := time.Parse(time.DateTime, row[i])
			if err != nil || ts.Before(lo) || !ts.Before(hi) {
				t.Fatalf("%s.%s = %q: outside [%v, %v) or invalid (%v)", c.file, c.col, row[i], lo, hi, err)
			}
		}
	}
}

func colIndex(header []string, col string) int {
	for i, h := range header {
		if h == col {
			return i
		}
	}
	panic("no column " + col)
}

func atoi(t testing.TB, s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// cents parses a money field.
func cents(t testing.TB, s string) int64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return int64(f*100 + 0.5)
}

func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{10000, 50000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var st Stats
			for b.Loop() {
				var err error
				st, err = WriteTables(Writers{}, Config{Customers: n, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(st.OrderLines)/sec, "lines/s")
			b.ReportMetric(float64(st.OrderLines+st.Events+st.Customers)/sec, "rows/s")
		})
	}
}
