package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// pythonModules are the Debian packages testdata/clients/pyclients.py imports.
const pythonModules = "python3-pymysql python3-sqlalchemy python3-pandas"

// testPython runs testdata/clients/pyclients.py: PyMySQL queries and
// errors, SQLAlchemy's inspector, pandas.read_sql.
func testPython(t *testing.T, s *testServer, shop *clientShop) {
	python := findPython(t)
	host, port, _ := strings.Cut(s.Addr, ":")
	out := runTool(t, nil, python, clientScript(t, "pyclients.py"), host, port, "root", s.RootPassword)
	var got struct {
		OrdersFromMarch  int               `json:"orders_from_march"`
		Signup1          string            `json:"signup_1"`
		OptIn1           int               `json:"opt_in_1"`
		MissingTable     []any             `json:"missing_table_error"`
		DuplicateKey     []any             `json:"duplicate_key_error"`
		Tables           []string          `json:"tables"`
		CustomerColumns  [][]any           `json:"customer_columns"`
		CustomersPK      []string          `json:"customers_pk"`
		OrdersPK         []string          `json:"orders_pk"`
		RevenueByCountry map[string][2]int `json:"revenue_by_country"`
		SignupDtype      string            `json:"signup_dtype"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("pyclients.py printed %q: %v", out, err)
	}
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", what, got, want)
		}
	}
	check("orders from 2024-03-01", got.OrdersFromMarch, shop.ordersFrom("2024-03-01"))
	check("customer 1's signup_at", got.Signup1, shop.customers[0].signup)
	check("customer 1's email_opt_in", got.OptIn1, 1)
	check("missing table error", got.MissingTable, []any{"ProgrammingError", 1146.0})
	check("duplicate key error", got.DuplicateKey, []any{"IntegrityError", 1062.0})
	for _, name := range []string{"customers", "orders", "products", "events"} {
		if !contains(got.Tables, name) {
			t.Errorf("get_table_names() = %v, no %s", got.Tables, name)
		}
	}
	check("get_columns('customers')[:3]", got.CustomerColumns[:3], [][]any{
		{"customer_id", "BIGINT", false}, {"email", "VARCHAR(254)", true}, {"first_name", "VARCHAR(100)", true}})
	for _, c := range got.CustomerColumns {
		switch c[0] {
		case "signup_at":
			check("signup_at column", c, []any{"signup_at", "DATETIME", false})
		case "email_opt_in":
			check("email_opt_in column", c, []any{"email_opt_in", "TINYINT", false})
		}
	}
	check("customers primary key", got.CustomersPK, []string{"customer_id"})
	check("orders primary key (none)", got.OrdersPK, []string{})
	want := map[string][2]int{}
	rev := shop.revenueByCountry()
	for _, o := range shop.orders {
		c := shop.customers[o.customer-1].country
		want[c] = [2]int{want[c][0] + 1, int(rev[c])}
	}
	check("pandas revenue by country", got.RevenueByCountry, want)
	check("pandas dtype of a DATETIME column", got.SignupDtype, "datetime64[ns]")
}

// findPython returns a python3 on the PATH that imports PyMySQL,
// SQLAlchemy and pandas (Debian's, when a python3 of another install
// comes first on the PATH), or skips the test.
func findPython(t *testing.T) string {
	t.Helper()
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		p := filepath.Join(dir, "python3")
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if exec.Command(p, "-c", "import pymysql, sqlalchemy, pandas").Run() == nil {
			return p
		}
	}
	skipMissing(t, "no python3 with pymysql, sqlalchemy and pandas (apt-get install "+pythonModules+")")
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
