package main

// Real clients against cohortdb (issue 21, point 4): TestClients starts
// one server, loads a small generated shop (clientShop) and drives the
// programs users bring — the mysql command-line client, PyMySQL with
// SQLAlchemy and pandas, MariaDB Connector/J, node's mysql2 — each
// running a script kept in testdata/clients/. Expected values come from
// the shop's generator (plain Go arithmetic over the rows it inserts) or
// from hand-checked files, never from cohortdb's own answers.
//
// A client that is not installed is skipped with a message naming the
// program and the Debian or npm package that provides it; the message is
// also recorded (skiplog) so that `make test` lists every skip at the end.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestClients runs every client against one shared server.
func TestClients(t *testing.T) {
	t.Parallel()
	requireBinary(t)
	s := startServer(t, serverOptions{})
	shop := newClientShop()
	db := s.root(t, "shop")
	for _, stmt := range shop.statements() {
		mustExec(t, db, stmt)
	}
	t.Run("mysql CLI", func(t *testing.T) { testMysqlCLI(t, s, shop) })
	t.Run("PyMySQL SQLAlchemy pandas", func(t *testing.T) { testPython(t, s, shop) })
	t.Run("Connector/J", func(t *testing.T) { testConnectorJ(t, s, shop) })
	t.Run("node mysql2", func(t *testing.T) { testMysql2(t, s, shop) })
}

// clientShop is the small shop the client tests load: customers 1..n,
// each with 1 + id%3 orders of one line. Everything a test expects is
// computed from these fields.
type clientShop struct {
	customers []shopCustomer
	orders    []shopOrder
}

type shopCustomer struct {
	id      int
	email   string
	country string
	signup  string // DATETIME text
	optIn   bool
}

type shopOrder struct {
	id, customer, product, quantity int
	day                             string // DATE text of ordered_at
	unitCents                       int64
}

func (o shopOrder) amountCents() int64 { return int64(o.quantity) * o.unitCents }

var shopCountries = []string{"DE", "FR", "IE", "US"}

func newClientShop() *clientShop {
	var s clientShop
	for i := 1; i <= 12; i++ {
		s.customers = append(s.customers, shopCustomer{
			id: i, email: fmt.Sprintf("c%d@shop.test", i), country: shopCountries[(i-1)/3],
			signup: fmt.Sprintf("2024-01-%02d 10:00:00", i), optIn: i%2 == 1,
		})
		for j := 0; j < 1+i%3; j++ {
			s.orders = append(s.orders, shopOrder{
				id: i*10 + j, customer: i, product: 1 + j, quantity: 1 + (i+j)%3,
				day: fmt.Sprintf("2024-%02d-%02d", j+2, i), unitCents: 525*int64(j+1) + 10*int64(i),
			})
		}
	}
	return &s
}

// statements inserts the shop (the canonical tables exist on a fresh
// data dir).
func (s *clientShop) statements() []string {
	var cs, ords []string
	for _, c := range s.customers {
		opt := 0
		if c.optIn {
			opt = 1
		}
		cs = append(cs, fmt.Sprintf("(%d, '%s', '%s', '%s', %d)", c.id, c.email, c.country, c.signup, opt))
	}
	for _, o := range s.orders {
		ords = append(ords, fmt.Sprintf("(%d, 1, %d, '%s 12:00:00', %d, %d, %s, %s)",
			o.id, o.customer, o.day, o.product, o.quantity, cents(o.unitCents), cents(o.amountCents())))
	}
	return []string{
		"INSERT INTO products (product_id, name, price) VALUES (1, 'mug', 5.25), (2, 'tee', 10.50), (3, 'cap', 15.75)",
		"INSERT INTO customers (customer_id, email, country, signup_at, email_opt_in) VALUES " + strings.Join(cs, ", "),
		"INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount) VALUES " +
			strings.Join(ords, ", "),
	}
}

// cents formats an amount in cents as a DECIMAL(…,2) literal.
func cents(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

// revenueByCountry is SUM(amount) per country, in cents.
func (s *clientShop) revenueByCountry() map[string]int64 {
	country := map[int]string{}
	for _, c := range s.customers {
		country[c.id] = c.country
	}
	rev := map[string]int64{}
	for _, o := range s.orders {
		rev[country[o.customer]] += o.amountCents()
	}
	return rev
}

// ordersFrom counts the orders on or after day (DATE text).
func (s *clientShop) ordersFrom(day string) int {
	n := 0
	for _, o := range s.orders {
		if o.day >= day {
			n++
		}
	}
	return n
}

// lastOrderDay is the day of customer id's latest order.
func (s *clientShop) lastOrderDay(id int) string {
	last := ""
	for _, o := range s.orders {
		if o.customer == id && o.day > last {
			last = o.day
		}
	}
	return last
}

// clientScript is the path of a file in testdata/clients.
func clientScript(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("testdata", "clients", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// requireProgram returns the path of program, or skips the test saying
// which package provides it.
func requireProgram(t *testing.T, program, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(program)
	if err != nil {
		skipMissing(t, fmt.Sprintf("%s not installed (%s)", program, pkg))
	}
	return p
}

// skipMissing skips t because a client is missing, and records why for
// the summary `make test` prints (see writeSkipLog).
func skipMissing(t *testing.T, why string) {
	t.Helper()
	skipLog.Lock()
	skipLog.lines = append(skipLog.lines, t.Name()+": "+why)
	skipLog.Unlock()
	t.Skip("SKIPPED: " + why)
}

var skipLog struct {
	sync.Mutex
	lines []string
}

// writeSkipLog writes the skips of this run to a file in the directory
// $COHORTDB_SKIP_DIR names (set by `make test`, which prints them after
// the run: `go test` shows nothing of a passing package but "ok").
func writeSkipLog() {
	dir := os.Getenv("COHORTDB_SKIP_DIR")
	if dir == "" || len(skipLog.lines) == 0 {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "skip log:", err)
		return
	}
	name := filepath.Join(dir, fmt.Sprintf("cmd-cohortdb-%d.txt", os.Getpid()))
	if err := os.WriteFile(name, []byte("cmd/cohortdb "+strings.Join(skipLog.lines, "\ncmd/cohortdb ")+"\n"), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "skip log:", err)
	}
}
